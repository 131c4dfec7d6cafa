"""Transcoda desktop app: ``python main.py [PROJECT]``."""

from __future__ import annotations

import sys


def main() -> int:
    from app.gui.application import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
