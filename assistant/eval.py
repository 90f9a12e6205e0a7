"""`python -m assistant.eval` in a source checkout: forwards to devtools/eval.py, a
development tool that is not part of the runtime package."""

from devtools.eval import *  # noqa: F401,F403
from devtools.eval import main

if __name__ == "__main__":
    raise SystemExit(main())
