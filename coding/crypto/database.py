"""SQLCipher databases: engines, keyed connections, and converting between plain and encrypted.

The password is SQLCipher's passphrase (PBKDF2-HMAC-SHA512, 256,000 iterations in SQLCipher
4), so the key file never exists on disk. The pragmas are those of a plain project (WAL,
``synchronous=FULL``): SQLCipher encrypts the WAL's pages as well as the database's.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from coding.errors import InvalidInput, ProjectError

SQLITE_HEADER = b"SQLite format 3\x00"
MEDIA_KEY_SETTING = "media_key"
MIN_PASSWORD_LENGTH = 8


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters "
            "(a few unrelated words are easy to remember and hard to guess)"
        )


def _quoted(password: str) -> str:
    return "'" + password.replace("'", "''") + "'"


def connect(path: Path, password: str, *, read_only: bool = False) -> Any:
    """A DB-API connection to an encrypted database, keyed and checked."""
    import sqlcipher3

    if read_only:
        target = f"file:{quote(str(path.resolve()))}?mode=ro"
        connection = sqlcipher3.connect(target, uri=True, check_same_thread=False)
    else:
        connection = sqlcipher3.connect(str(path), check_same_thread=False)
    # SQLCipher logs every failed page decryption to stderr; a wrong password is not a bug.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {_quoted(password)}")
    return connection


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    from models import db

    db._sqlite_pragmas(dbapi_connection, _record)


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    from models import db

    db._sqlite_read_only_pragmas(dbapi_connection, _record)


def engine(path: Path, password: str, *, read_only: bool = False) -> Engine:
    """An engine whose every connection is keyed; SQLAlchemy sees the sqlcipher3 driver."""
    import sqlcipher3

    def creator() -> Any:
        connection = sqlcipher3.connect(
            f"file:{quote(str(path.resolve()))}" + ("?mode=ro" if read_only else ""),
            uri=True,
            check_same_thread=False,
        )
        connection.execute("PRAGMA cipher_log_level = NONE")
        return connection

    # The dialect sends ``PRAGMA key`` from the URL's password before any other statement;
    # URL.create keeps the password out of any string that could be logged or mis-parsed.
    url = URL.create("sqlite+pysqlcipher", password=password, database=str(path))
    result = create_engine(url, creator=creator, poolclass=QueuePool)
    event.listen(result, "connect", _read_only_pragmas if read_only else _pragmas)
    return result


def is_wrong_key(error: BaseException) -> bool:
    return "file is not a database" in str(error) or "not a database" in str(error)


def rekey(path: Path, old: str, new: str) -> None:
    """Change the password of a closed encrypted database in place."""
    check_password(new)
    connection = connect(path, old)
    try:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as error:
            raise ProjectError(f"the password for {path.name} is wrong") from error
        # PRAGMA rekey cannot run on a WAL database; fold the WAL in and rekey in rollback mode.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute(f"PRAGMA rekey = {_quoted(new)}")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def export_encrypted(source: Path, target: Path, password: str) -> None:
    """Write an encrypted copy of the plain database ``source`` to ``target``."""
    import sqlcipher3

    check_password(password)
    connection = sqlcipher3.connect(str(source))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(
            f"ATTACH DATABASE {_quoted(str(target))} AS encrypted KEY {_quoted(password)}"
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    _set_wal(target, password)


def export_plain(source: Path, target: Path, password: str) -> None:
    """Write a plain (unencrypted) copy of the encrypted database ``source`` to ``target``."""
    connection = connect(source, password)
    try:
        connection.execute(f"ATTACH DATABASE {_quoted(str(target))} AS plain KEY ''")
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    import sqlite3

    plain = sqlite3.connect(target)
    try:
        plain.execute("PRAGMA journal_mode = WAL")
    finally:
        plain.close()


def _set_wal(path: Path, password: str) -> None:
    connection = connect(path, password)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def new_media_key() -> str:
    return secrets.token_hex(32)


def fsync_file(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
