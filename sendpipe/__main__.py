import sys

from sendpipe.cli import main

sys.exit(main())
