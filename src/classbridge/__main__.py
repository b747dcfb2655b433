import sys

from classbridge.cli import main

sys.exit(main())
