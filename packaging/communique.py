"""The script PyInstaller freezes (build.spec): the same entry point as the ``communique`` command."""

import sys

from desktop_app.app import main

if __name__ == "__main__":
    sys.exit(main())
