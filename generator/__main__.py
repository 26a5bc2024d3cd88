"""`python -m generator` runs the `annals` command."""

import sys

from .cli import main

sys.exit(main())
