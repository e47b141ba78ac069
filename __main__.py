"""``python -m dutyboard``: the same entry point as the ``dutyboard`` command."""

import sys

from dutyboard.tui.entry import main

sys.exit(main())
