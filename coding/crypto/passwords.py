"""Giving a project a password, changing it, and taking it away again.

Each conversion writes the new database beside the old one and renames it into place, so a
crash leaves either the old project or the new one, never half of each. Recordings are
re-encrypted (or decrypted) into new files before the rename and the old files are deleted
after it; backups are converted too, so no plaintext copy and no copy under an old password
stays behind. A deleted file's blocks may survive on the disk until overwritten (and on SSDs
longer): encrypt a project before importing sensitive recordings when possible.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coding.backups import list_backups
from coding.crypto import database as cipher
from coding.crypto.media import (
    ENCRYPTED_SUFFIX,
    decrypt_file,
    encrypt_file,
    encrypted_name,
    plain_name,
)
from coding.errors import ProjectError
from coding.project import Project
from models.private_files import create_private, open_private


@dataclass
class ConversionReport:
    recordings: int = 0
    backups: int = 0
    # Linked recordings stay where they are, as they are: they are the user's own files.
    linked: list[str] = field(default_factory=list)
    # Backups that could not be converted (damaged, or under yet another password).
    skipped_backups: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _MediaRow:
    id: int
    path: str
    linked: bool
    sha256: str
    original_name: str

    @property
    def suffix(self) -> str:
        """The recording's own extension (an encrypted file's name no longer has it)."""
        if self.original_name:
            return Path(self.original_name).suffix
        return Path(self.path.removesuffix(ENCRYPTED_SUFFIX)).suffix


def _media_rows(connection: Any) -> list[_MediaRow]:
    rows = connection.execute(
        "SELECT id, path, linked, sha256, original_name FROM media"
    ).fetchall()
    return [
        _MediaRow(int(r[0]), str(r[1]), bool(r[2]), str(r[3] or ""), str(r[4] or "")) for r in rows
    ]


def _drop_journal(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _checkpoint_plain(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _checkpoint_encrypted(path: Path, password: str) -> None:
    connection = cipher.connect(path, password)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def encrypt_project(path: Path | str, password: str) -> ConversionReport:
    """Encrypt a plain project, its copied recordings and its backups with ``password``."""
    path = Path(path)
    cipher.check_password(password)
    project = Project.open(path, backup=False)
    if getattr(project, "url", None) is not None:
        project.close()
        raise ProjectError("a project on a database server is protected by the server")
    media_dir = project.media_dir
    project.engine.dispose()  # the lock stays held until close()
    report = ConversionReport()
    try:
        _checkpoint_plain(path)
        partial = path.with_name(f".{path.name}.encrypting")
        partial.unlink(missing_ok=True)
        create_private(partial)
        cipher.export_encrypted(path, partial, password)
        key = bytes.fromhex(cipher.new_media_key())
        connection = cipher.connect(partial, password)
        old_files: list[Path] = []
        renamed: dict[str, str] = {}
        try:
            for row in _media_rows(connection):
                if row.linked:
                    report.linked.append(row.path)
                    continue
                report.recordings += 1
                if row.path in renamed:  # one file shared by two rows
                    continue
                source = media_dir / row.path
                digest = row.sha256
                if not digest and source.is_file():
                    from coding.media import sha256_of

                    digest = sha256_of(source)
                # Keyed, so the name tells nothing about the audio (see coding.crypto.media).
                renamed[row.path] = (
                    encrypted_name(key, digest)
                    if digest
                    else secrets.token_hex(16) + ENCRYPTED_SUFFIX
                )
                if source.is_file():
                    encrypt_file(source, media_dir / renamed[row.path], key)
                    old_files.append(source)
            _rename_media(connection, renamed, key)
            connection.commit()
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        _drop_journal(partial)
        os.replace(partial, path)
        _drop_journal(path)
        for old in old_files:
            old.unlink(missing_ok=True)
        for backup in list_backups(path):
            try:
                scratch = backup.path.with_name(backup.path.name + ".encrypting")
                scratch.unlink(missing_ok=True)
                create_private(scratch)
                cipher.export_encrypted(backup.path, scratch, password)
                _edit_encrypted(scratch, password, renamed, key)
                os.replace(scratch, backup.path)
                report.backups += 1
            except Exception:
                report.skipped_backups.append(backup.name)
    finally:
        project.close()
    return report


def change_password(path: Path | str, old: str, new: str) -> ConversionReport:
    """Re-key the project and its backups; recordings keep their key (it is inside)."""
    path = Path(path)
    cipher.check_password(new)
    project = Project.open(path, password=old, backup=False)
    project.engine.dispose()
    report = ConversionReport()
    try:
        cipher.rekey(path, old, new)
        _drop_journal(path)
        for backup in list_backups(path):
            try:
                cipher.rekey(backup.path, old, new)
                _drop_journal(backup.path)
                report.backups += 1
            except Exception:
                report.skipped_backups.append(backup.name)
    finally:
        project.close()
    return report


def decrypt_project(path: Path | str, password: str) -> ConversionReport:
    """Take the password away: plain database, plain recordings, plain backups."""
    path = Path(path)
    project = Project.open(path, password=password, backup=False)
    media_dir = project.media_dir
    project.engine.dispose()
    report = ConversionReport()
    try:
        _checkpoint_encrypted(path, password)
        partial = path.with_name(f".{path.name}.decrypting")
        partial.unlink(missing_ok=True)
        create_private(partial)
        cipher.export_plain(path, partial, password)
        connection = sqlite3.connect(partial)
        old_files: list[Path] = []
        renamed: dict[str, str] = {}
        try:
            key_row = connection.execute(
                "SELECT value FROM settings WHERE key = ?", (cipher.MEDIA_KEY_SETTING,)
            ).fetchone()
            key = bytes.fromhex(key_row[0]) if key_row else None
            for row in _media_rows(connection):
                if row.linked or not row.path.endswith(ENCRYPTED_SUFFIX) or key is None:
                    continue
                report.recordings += 1
                if row.path in renamed:  # one file shared by two rows
                    continue
                source = media_dir / row.path
                if not source.is_file() and row.sha256:
                    source = media_dir / encrypted_name(key, row.sha256)
                data = decrypt_file(source, key) if source.is_file() else None
                digest = hashlib.sha256(data).hexdigest() if data is not None else row.sha256
                new = (
                    plain_name(digest, row.suffix)
                    if digest
                    else row.path.removesuffix(ENCRYPTED_SUFFIX)
                )
                renamed[row.path] = new
                if row.sha256:
                    # Backups may still name the file as older versions did, or as it is now.
                    renamed.setdefault(plain_name(row.sha256, row.suffix) + ENCRYPTED_SUFFIX, new)
                    renamed.setdefault(encrypted_name(key, row.sha256), new)
                if data is not None:
                    _write_atomically(media_dir / new, data)
                    old_files.append(source)
            _rename_media(connection, renamed, None)
            connection.commit()
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        _drop_journal(partial)
        os.replace(partial, path)
        _drop_journal(path)
        for old in old_files:
            old.unlink(missing_ok=True)
        for backup in list_backups(path):
            try:
                scratch = backup.path.with_name(backup.path.name + ".decrypting")
                scratch.unlink(missing_ok=True)
                create_private(scratch)
                cipher.export_plain(backup.path, scratch, password)
                plain = sqlite3.connect(scratch)
                try:
                    _rename_media(plain, renamed, None)
                    plain.commit()
                finally:
                    plain.close()
                os.replace(scratch, backup.path)
                report.backups += 1
            except Exception:
                report.skipped_backups.append(backup.name)
    finally:
        project.close()
    return report


def _rename_media(connection: Any, renamed: dict[str, str], key: bytes | None) -> None:
    """Point media rows at their converted files; store the recordings' key, or drop it."""
    for old, new in renamed.items():
        connection.execute("UPDATE media SET path = ? WHERE path = ?", (new, old))
    connection.execute("DELETE FROM settings WHERE key = ?", (cipher.MEDIA_KEY_SETTING,))
    if key is not None:
        # A backup restored later must be able to play the recordings it refers to.
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            (cipher.MEDIA_KEY_SETTING, key.hex()),
        )


def _edit_encrypted(path: Path, password: str, renamed: dict[str, str], key: bytes) -> None:
    connection = cipher.connect(path, password)
    try:
        _rename_media(connection, renamed, key)
        connection.commit()
    finally:
        connection.close()


def _write_atomically(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".part")
    with open_private(partial) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
