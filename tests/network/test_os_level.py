"""No network and no stray files, as the operating system sees them.

The in-process socket guard (test_offline.py) cannot see native threads: onnxruntime's
telemetry ran in C++ threads and passed it. Here every main flow runs as a user runs it, as
separate processes under ``strace -f`` (every thread and child), with a fresh, empty HOME and
none of the opt-outs in the environment, so that only Transcoda's own entry points can set
them. The test fails on any socket address other than loopback and on any name lookup (an
IPv6 socket bound to ::1, as urllib3 makes to probe for IPv6, is loopback and allowed), and on
any file written under HOME outside Transcoda's own folders, by the strace log and by a walk of
HOME afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models import offline_env
from tests.network.strace_log import SYSCALLS, Contact, Trace, parse

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FLAC = REPO / "tests" / "fixtures" / "audio" / "dialogue_en.flac"
GUI_SECONDS = 15
NOTES = (
    "Интервьюер: Почему вы уехали?\n"
    "Респондент: Мне было страшно, я боялся полиции. Потом Тбилиси, потом Берлин 🙂\n"
    "Respondent: თბილისში ვცხოვრობ. Angst hatte ich auch.\n"
)
# platformdirs' names on Linux for the folders Transcoda keeps (settings, data, caches).
OWN_FOLDERS = (".config/transcoda", ".local/share/transcoda", ".cache/transcoda")


@dataclass
class Run:
    label: str
    trace: Trace
    output: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Run]]]:
    if shutil.which("strace") is None:
        pytest.fail("strace is missing: scripts/setup.sh --dev installs it")
    root = tmp_path_factory.mktemp("os-level")
    home, work, runtime = root / "home", root / "work", root / "runtime"
    for folder in (home, work, runtime):
        folder.mkdir(mode=0o700)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in offline_env.SETTINGS
        and not name.startswith(("XDG_", "TRANSCODA_"))
        and name not in {"PYTHONPATH"}
    }
    # A desktop session's runtime folder (the sound server's client keeps its socket there;
    # without one, libpulse falls back to a link under ~/.config/pulse).
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime), QT_QPA_PLATFORM="offscreen")
    (work / "notes.txt").write_text(NOTES, encoding="utf-8")
    project = work / "study.tcproj"
    transcoda = str(BIN / "transcoda")
    steps = [
        ("init", [transcoda, "init", str(project), "--starter"]),
        ("import text", [transcoda, "import", str(project), "notes.txt", "--language", "ru"]),
        (
            "import and transcribe",
            [
                transcoda,
                "import",
                str(project),
                str(FLAC),
                "--transcribe",
                "--speakers",
                "2",
                "--model",
                "base",
                "--language",
                "en",
            ],
        ),
        ("search", [transcoda, "search", str(project), "бояться"]),
        ("export docx", [transcoda, "export", "docx", str(project), "out.docx"]),
        ("export qdpx", [transcoda, "export", "qdpx", str(project), "out.qdpx"]),
        (
            "desktop app",
            [
                sys.executable,
                str(REPO / "tests" / "network" / "gui_session.py"),
                str(project),
                str(GUI_SECONDS),
            ],
        ),
    ]
    done: list[Run] = []
    for number, (label, command) in enumerate(steps):
        log = root / f"strace-{number}.log"
        completed = subprocess.run(
            [
                "strace",
                "-f",
                "-qq",
                "-s",
                "4096",
                "-e",
                f"trace={SYSCALLS}",
                "-o",
                str(log),
                *command,
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        output = completed.stdout + completed.stderr
        assert completed.returncode == 0, f"{label} failed:\n{output[-3000:]}"
        done.append(Run(label, parse(log.read_text(errors="replace"), work), output))
    yield home, done


def _describe(contacts: list[Contact]) -> str:
    return "\n".join(f"{c.call} {c.family} {c.address}:{c.port} ({c.line[:200]})" for c in contacts)


def _is_ours(path: Path, home: Path) -> bool:
    try:
        relative = path.relative_to(home)
    except ValueError:
        return True  # not under HOME: the project folder, temporary files, Python's caches
    own = [Path(folder) for folder in OWN_FOLDERS]
    # The parents of an own folder (.config, .local/share) are created on the way to it.
    return any(relative == o or o in relative.parents or relative in o.parents for o in own)


@pytest.mark.slow
def test_strace_follows_every_thread(runs: tuple[Path, list[Run]]) -> None:
    """The log covers native threads (else an empty log would pass everything)."""
    _, done = runs
    transcription = next(r for r in done if r.label == "import and transcribe")
    # Threads show up only when they make a traced call; the main thread and one more suffice.
    assert len(transcription.trace.pids) >= 2, "strace saw a single thread: -f not in effect"
    # A fresh HOME has no assembled base model: the job writes it, and strace saw that.
    assert any(p.name == "model.bin" for p in transcription.trace.written)
    assert "transcribed" in transcription.output


@pytest.mark.slow
def test_no_process_contacts_the_internet(runs: tuple[Path, list[Run]]) -> None:
    _, done = runs
    for run in done:
        outside = [c for c in run.trace.contacts if c.is_internet]
        assert not outside, f"{run.label} reached out:\n{_describe(outside)}"


@pytest.mark.slow
def test_nothing_is_written_under_home_outside_transcodas_folders(
    runs: tuple[Path, list[Run]],
) -> None:
    home, done = runs
    for run in done:
        stray = sorted({str(p) for p in run.trace.written if not _is_ours(p, home)})
        assert not stray, f"{run.label} wrote outside Transcoda's folders: {stray}"
    left = sorted(
        str(path.relative_to(home)) for path in home.rglob("*") if not _is_ours(path, home)
    )
    assert not left, f"left under HOME: {left}"
    # Only the owner may read what Transcoda left there (settings, the model, the demo).
    loose = sorted(
        f"{path.relative_to(home)} {path.stat().st_mode & 0o777:o}"
        for path in home.rglob("*")
        if path.stat().st_mode & 0o077 and any(p in str(path) for p in OWN_FOLDERS)
    )
    assert not loose, f"readable by others: {loose}"
    # The flows did write where they should: settings of the window, the assembled model.
    assert (home / ".config" / "transcoda" / "transcoda.conf").is_file()
    assert (home / ".cache" / "transcoda" / "models" / "base" / "model.bin").is_file()


def test_the_log_reader_catches_a_name_lookup_and_a_telemetry_upload() -> None:
    """The lines onnxruntime's telemetry produced before the fix, as strace printed them."""
    log = "\n".join(
        [
            "4131  connect(14, {sa_family=AF_INET, sin_port=htons(53), "
            'sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
            '4132  sendto(9, "\\x12", 1, MSG_NOSIGNAL, {sa_family=AF_INET6, '
            "sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "
            '"2603:1030::1", &sin6_addr), sin6_scope_id=0}, 28) = 1',
            "4133  connect(3, {sa_family=AF_INET, sin_port=htons(5432), "
            'sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
            '4135  openat(AT_FDCWD, "/h/.cache/Microsoft/DeveloperTools/.onnxruntime/deviceid",'
            " O_WRONLY|O_CREAT|O_TRUNC, 0666) = 5",
            '4135  openat(AT_FDCWD, "/h/.config/transcoda/x", O_RDONLY|O_CLOEXEC) = 6',
            '4135  mkdir("/h/.config/pulse", 0700) = -1 ENOENT (No such file or directory)',
            '4135  renameat2(AT_FDCWD, ".s.part", AT_FDCWD, "study.tcproj", 0) = 0',
        ]
    )
    trace = parse(log, Path("/w"))
    assert [(c.address, c.port, c.is_internet) for c in trace.contacts] == [
        ("10.255.255.53", 53, True),
        ("2603:1030::1", 443, True),
        ("127.0.0.1", 5432, False),
    ]
    assert trace.written == (
        Path("/h/.cache/Microsoft/DeveloperTools/.onnxruntime/deviceid"),
        Path("/w/study.tcproj"),
    )
    assert not _is_ours(trace.written[0], Path("/h"))
    assert _is_ours(Path("/h/.config"), Path("/h"))
    assert _is_ours(Path("/h/.config/transcoda/transcoda.conf"), Path("/h"))
    assert not _is_ours(Path("/h/.config/pulse"), Path("/h"))


def test_every_entry_point_sets_the_opt_outs_before_dependencies_load() -> None:
    """Importing the CLI or the app module alone sets them, before faster-whisper is loaded."""
    env = {k: v for k, v in os.environ.items() if k not in offline_env.SETTINGS}
    probe = (
        "import os, sys; import {module}; "
        "missing = [k for k, v in {settings!r}.items() if os.environ.get(k) != v]; "
        "heavy = [m for m in ('onnxruntime', 'faster_whisper', 'huggingface_hub') "
        "if m in sys.modules]; print(missing, heavy)"
    )
    for module in ("app.cli.main", "app.gui.application", "transcription.engine", "main"):
        done = subprocess.run(
            [sys.executable, "-c", probe.format(module=module, settings=offline_env.SETTINGS)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[] []", f"{module}: {done.stdout}"
