"""Recordings that belong to documents: copied into the project's media folder, or linked.

A copied file is named after its SHA-256 so that the same recording imported twice is stored
once and a renamed or moved original never breaks the project; in an encrypted project the
name is keyed by the project's secret instead (``coding.crypto.media.encrypted_name``), so it
reveals nothing about the audio. Every file and the folder are owner-only. Very large files
(video) are linked by a path relative to the project file instead, so that the project can
move together with its folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from coding import lookup
from coding.changes import Changes
from coding.crypto.media import encrypt_file, encrypted_name, media_key_of, plain_name
from coding.errors import InvalidInput
from coding.input_files import check_input
from coding.operations import operation
from coding.project import Project
from models.entities import Media
from models.private_files import open_private, private_folder

LINK_ABOVE_BYTES = 1 << 30


def _media_folder(project: Project) -> None:
    if project.shared:
        # A shared project's folder is mounted by every coder, under their own accounts.
        project.media_dir.mkdir(parents=True, exist_ok=True)
    else:
        private_folder(project.media_dir)


def _open_shared(path: Path) -> BinaryIO:
    return open(path, "wb")  # closed by the caller's with


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_media_in(
    session: Session,
    project: Project,
    source: Path,
    *,
    link: bool | None = None,
    duration_ms: int | None = None,
    sha256: str | None = None,
) -> Media:
    given = check_input(source)
    name, source = given.path.name, given.real  # a link is read through, named as given
    size = source.stat().st_size
    digest = sha256 or sha256_of(source)
    key = media_key_of(session) if project.encrypted else None
    if link and key is not None:
        raise InvalidInput(
            f"{name} cannot be linked: an encrypted project keeps its recordings "
            "encrypted in its own media folder"
        )
    if link is None:
        link = size > LINK_ABOVE_BYTES and key is None
    if link:
        stored = os.path.relpath(source.resolve(), project.folder.resolve())
    elif key is not None:
        _media_folder(project)
        stored = encrypted_name(key, digest)
        if not (project.media_dir / stored).exists():
            encrypt_file(source, project.media_dir / stored, key)
    else:
        _media_folder(project)
        stored = plain_name(digest, Path(name).suffix)
        target = project.media_dir / stored
        if not target.exists():
            partial = target.with_name(target.name + ".part")
            write = _open_shared if project.shared else open_private
            try:
                with source.open("rb") as reader, write(partial) as writer:
                    shutil.copyfileobj(reader, writer, 1 << 20)
                    writer.flush()
                    os.fsync(writer.fileno())
                os.replace(partial, target)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
    media = Media(
        path=stored,
        linked=link,
        original_name=name,
        sha256=digest,
        size_bytes=size,
        duration_ms=duration_ms,
    )
    session.add(media)
    session.flush()
    return media


def media_bytes(project: Project, media: Media) -> bytes:
    """A recording's bytes, decrypted in memory when the project is encrypted."""
    from coding.crypto.media import decrypt_file, is_encrypted_media
    from coding.queries import media_file

    path = media_file(project, media)
    if not path.is_file():
        raise InvalidInput(f"the recording {media.original_name or path.name} is missing")
    if not is_encrypted_media(media):
        return path.read_bytes()
    with project.reading() as session:
        key = media_key_of(session)
    if key is None:
        raise InvalidInput(f"{path.name} is encrypted, but the project has no recordings key")
    return decrypt_file(path, key)


def document_media_bytes(project: Project, document_id: int) -> bytes:
    """The bytes of a document's recording (decrypted in memory in an encrypted project)."""
    with project.reading() as session:
        document = lookup.document(session, document_id)
        if document.media is None:
            raise InvalidInput(f"'{document.title}' has no recording")
        return media_bytes(project, document.media)


def is_encrypted_file(path: Path | str) -> bool:
    """Whether a stored recording is encrypted (then only ``media_bytes`` can read it)."""
    from coding.crypto.media import ENCRYPTED_SUFFIX

    return str(path).endswith(ENCRYPTED_SUFFIX)


def attach_media(
    project: Project,
    *,
    document_id: int,
    source: Path,
    link: bool | None = None,
    duration_ms: int | None = None,
) -> Changes:
    with operation(project, "Attach recording") as op:
        document = lookup.document(op.session, document_id)
        media = store_media_in(op.session, project, source, link=link, duration_ms=duration_ms)
        document.media_id = media.id
        op.description = f"Attach '{source.name}' to '{document.title}'"
        op.id = media.id
    return op.changes
