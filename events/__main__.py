"""`python -m events …` is the same as the `events` command."""

import sys

from events.cli import main

sys.exit(main())
