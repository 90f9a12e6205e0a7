"""`python -m assistant.bench` in a source checkout: forwards to devtools/bench.py, a
development tool that is not part of the runtime package."""

from devtools.bench import *  # noqa: F401,F403
from devtools.bench import main

if __name__ == "__main__":
    raise SystemExit(main())
