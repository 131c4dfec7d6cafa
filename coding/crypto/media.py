"""Recordings at rest in an encrypted project: AES-256-GCM in authenticated chunks.

A recording is encrypted in chunks of 1 MiB so that a file of any size is encrypted without
holding it whole in memory; each chunk's nonce carries its number and the last chunk is marked
in its associated data, so a chunk that is swapped, dropped or cut off fails to decrypt instead
of playing silently wrong. The key is random (32 bytes), kept in the encrypted database.
Decrypted audio only ever lives in memory: players read it from a QBuffer, PyAV from BytesIO.

An encrypted recording's file name is keyed by the project's recordings key (``encrypted_name``):
the same recording imported twice still lands in one file, but the name says nothing about the
audio to someone who holds a copy of it, and two projects name the same recording differently.
Older versions named the files after the SHA-256 of the audio; those are renamed on open
(``coding.crypto.media_names``), and ``coding.queries.media_file`` finds either name.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.errors import ProjectError
from models.entities import Media, Setting
from models.private_files import private_replace

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"TCENC\x00\x01\x00"
CHUNK = 1 << 20
_TAG = 16
_PREFIX = 8
_HEADER = struct.Struct(f">{len(MAGIC)}s{_PREFIX}sI")
ENCRYPTED_SUFFIX = ".enc"


class MediaDecryptionError(ProjectError):
    pass


def _aead(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">I?", index, final)


def _chunks(stream: BinaryIO, size: int) -> Iterator[tuple[bytes, bool]]:
    """Blocks of ``size`` bytes, each with whether it is the last one (one empty if none)."""
    current = stream.read(size)
    while True:
        following = stream.read(size)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aead = _aead(key)
    prefix = secrets.token_bytes(_PREFIX)
    header = _HEADER.pack(MAGIC, prefix, CHUNK)
    target.write(header)
    for index, (block, final) in enumerate(_chunks(source, CHUNK)):
        target.write(aead.encrypt(_nonce(prefix, index), block, _aad(header, index, final)))


def decrypt_stream(source: BinaryIO, key: bytes, *, name: str = "the recording") -> bytes:
    from cryptography.exceptions import InvalidTag

    header = source.read(_HEADER.size)
    if len(header) != _HEADER.size:
        raise MediaDecryptionError(f"{name} is not an encrypted recording (it is too short)")
    magic, prefix, chunk = _HEADER.unpack(header)
    if magic != MAGIC or not 0 < chunk <= 64 * CHUNK:
        raise MediaDecryptionError(f"{name} is not an encrypted Transcoda recording")
    aead = _aead(key)
    parts: list[bytes] = []
    for index, (block, final) in enumerate(_chunks(source, chunk + _TAG)):
        try:
            parts.append(aead.decrypt(_nonce(prefix, index), block, _aad(header, index, final)))
        except InvalidTag:
            raise MediaDecryptionError(
                f"{name} cannot be decrypted: it is damaged, truncated or from another project"
            ) from None
    return b"".join(parts)


def encrypt_file(source: Path, target: Path, key: bytes) -> None:
    """Encrypt ``source`` into ``target`` through a partial file, synced before the rename."""
    with source.open("rb") as reader, private_replace(target) as writer:
        encrypt_stream(reader, writer, key)


def decrypt_file(path: Path, key: bytes) -> bytes:
    with path.open("rb") as reader:
        return decrypt_stream(reader, key, name=path.name)


def media_key_of(session: Session) -> bytes | None:
    """The recordings' key of an encrypted project (None for a plain one)."""
    from coding.crypto.database import MEDIA_KEY_SETTING

    value = session.scalar(select(Setting.value).where(Setting.key == MEDIA_KEY_SETTING))
    return bytes.fromhex(value) if value else None


_NAME_LABEL = b"transcoda/recording-file-names/v1"
_NAME_HEX = 32  # 128 bits: no two recordings of a project ever share a name by chance


def encrypted_name(key: bytes, digest: str) -> str:
    """The file name of an encrypted recording: HMAC-SHA-256 of its checksum, keyed.

    The key for names is derived from the recordings' key (never used for anything else), so
    without the project's password the name cannot be linked to the audio.
    """
    name_key = hmac.new(key, _NAME_LABEL, hashlib.sha256).digest()
    mac = hmac.new(name_key, digest.lower().encode("ascii"), hashlib.sha256)
    return mac.hexdigest()[:_NAME_HEX] + ENCRYPTED_SUFFIX


def plain_name(digest: str, suffix: str) -> str:
    """The file name of a recording in a plain project: its checksum and its extension."""
    return f"{digest[:16]}{suffix.lower()}"


def is_encrypted_media(media: Media) -> bool:
    return not media.linked and media.path.endswith(ENCRYPTED_SUFFIX)
