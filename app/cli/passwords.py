"""Passwords for encrypted projects, never from the command line.

A password given as an argument would be kept in the shell history and shown to every user
by ``ps``. It comes from the environment (``TRANSCODA_PASSWORD``, and
``TRANSCODA_NEW_PASSWORD`` for a new one) for scripts, or from a prompt when stdin is a
terminal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PASSWORD_ENV = "TRANSCODA_PASSWORD"
NEW_PASSWORD_ENV = "TRANSCODA_NEW_PASSWORD"


def _ask(prompt: str, env: str, *, confirm: bool = False) -> str:
    from coding.errors import InvalidInput

    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"{prompt.rstrip(': ')} is needed: set {env} or run the command in a terminal"
        )
    import getpass

    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat it: ") != value:
        raise InvalidInput("the two passwords differ; nothing was changed")
    if not value:
        raise InvalidInput("no password given; nothing was changed")
    return value


def password_for(path: Path | str) -> str | None:
    """The password of the project at ``path``, or None when it is not encrypted."""
    from coding.crypto.database import is_plain_sqlite

    path = Path(path)
    if "://" in str(path) or not path.is_file() or is_plain_sqlite(path):
        return None
    return _ask(f"Password for {path.name}: ", PASSWORD_ENV)


def current_password(path: Path | str) -> str:
    return _ask(f"Password for {Path(path).name}: ", PASSWORD_ENV)


def new_password() -> str:
    return _ask("New password: ", NEW_PASSWORD_ENV, confirm=True)
