"""``python -m classbridge``: the same command as the ``classbridge`` console script."""

import sys

from classbridge.cli import main

sys.exit(main())
