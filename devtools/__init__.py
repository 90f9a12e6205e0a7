"""Development tools, kept out of the runtime package `assistant`: the evaluation
(`eval`), the speed and memory benchmark (`bench`) and the load test (`loadtest`).
They need a source checkout (tests/eval, ../shared/eval); `python -m assistant.eval`,
`python -m assistant.bench` and `python -m assistant.loadtest` forward here."""
