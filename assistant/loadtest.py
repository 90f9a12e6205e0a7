"""`python -m assistant.loadtest` in a source checkout: forwards to devtools/loadtest.py, a
development tool that is not part of the runtime package."""

from devtools.loadtest import *  # noqa: F401,F403
from devtools.loadtest import main

if __name__ == "__main__":
    raise SystemExit(main())
