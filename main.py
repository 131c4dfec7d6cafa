"""Transcoda desktop app: ``python main.py [PROJECT]``."""

from __future__ import annotations

import sys

from models import offline_env

# First, before Qt or any other dependency loads: see models/offline_env.py.
offline_env.disable()


def main() -> int:
    from models.private_files import restrict_umask

    # Owner-only files for everything the app writes, Qt's settings included (the services
    # make their own files owner-only in any case: models/private_files.py).
    restrict_umask()
    from app.gui.application import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
