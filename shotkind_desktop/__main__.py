"""`python -m shotkind_desktop` is the same as the `shotkind` command."""

import sys

from shotkind_desktop.cli import main

sys.exit(main())
