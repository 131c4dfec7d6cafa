"""Every system library the app's Qt loads comes from a package that setup.sh installs.

On a fresh Debian machine `scripts/start.sh` once ended in ``ImportError: libpulse.so.0``:
setup.sh installed neither libpulse0 (QtMultimedia) nor libxrandr2 (Qt's xcb plugin), and the
test machines had them only because --dev installs espeak-ng, which pulls libpulse0 in. Here
``ldd`` lists the libraries of the Qt modules the app imports and of the plugins it loads, and
each one that comes from the system must belong to a package of setup.sh's app group (not
dev), to a dependency of one, or to Debian's required/important base.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES_FILE = REPO / "scripts" / "system-packages.txt"
APP_SOURCES = [REPO / "main.py", *sorted((REPO / "app").rglob("*.py"))]
# Plugins Qt loads for the app: both platforms it runs on, their GL integration, the media
# backend of the player, SVG icons and the images the app shows, and the input methods the
# xcb platform loads by itself. Themes for GTK and other desktops are optional in Qt: it runs
# without them when their libraries are absent, so they are not required here.
PLUGINS = (
    "platforms/libqxcb.so",
    "platforms/libqoffscreen.so",
    "xcbglintegrations/libqxcb-glx-integration.so",
    "xcbglintegrations/libqxcb-egl-integration.so",
    "multimedia/libffmpegmediaplugin.so",
    "iconengines/libqsvgicon.so",
    "imageformats/libqsvg.so",
    "imageformats/libqjpeg.so",
    "imageformats/libqgif.so",
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "platforminputcontexts/libibusplatforminputcontextplugin.so",
)

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None or shutil.which("ldd") is None,
    reason="checks Debian packages: needs dpkg and ldd (setup.sh supports Debian and Ubuntu)",
)


def packages_of(group: str) -> set[str]:
    names: set[str] = set()
    for line in PACKAGES_FILE.read_text(encoding="utf-8").splitlines():
        label, _, rest = line.partition(":")
        if not line.startswith("#") and label.strip() == group:
            names.update(rest.split())
    return names


def imported_qt_modules() -> set[str]:
    found: set[str] = set()
    for source in APP_SOURCES:
        found.update(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    return found


def qt_binaries() -> list[Path]:
    import PySide6

    root = Path(PySide6.__file__).parent
    modules = [next(root.glob(f"{name}.*.so")) for name in sorted(imported_qt_modules())]
    plugins = [root / "Qt" / "plugins" / plugin for plugin in PLUGINS]
    missing = [str(p) for p in plugins if not p.is_file()]
    assert not missing, f"Qt plugins not in the PySide6 wheel: {missing}"
    return modules + plugins


def system_libraries(binary: Path) -> dict[str, str]:
    """Name -> resolved path for each library ldd finds outside the Python environment."""
    output = subprocess.run(
        ["ldd", str(binary)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    libraries: dict[str, str] = {}
    for line in output.splitlines():
        name, arrow, rest = line.strip().partition(" => ")
        if not arrow:
            continue
        path = rest.split(" (", 1)[0].strip()
        outside = "site-packages" not in path and "/PySide6/" not in path
        if path == "not found" or outside:
            libraries[name] = path
    return libraries


@cache
def owner(path: str) -> str | None:
    """The Debian package that holds ``path`` (merged /usr: try both spellings)."""
    candidates = [path, str(Path(path).resolve())]
    candidates += [c.replace("/usr/lib/", "/lib/", 1) for c in candidates]
    candidates += [c.replace("/lib/", "/usr/lib/", 1) for c in candidates if c.startswith("/lib/")]
    for candidate in dict.fromkeys(candidates):
        done = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].strip()
    return None


def installed() -> dict[str, tuple[str, set[str], set[str]]]:
    """Every installed package: priority, what it depends on, what it provides."""
    output = subprocess.run(
        [
            "dpkg-query",
            "-W",
            "-f=${db:Status-Abbrev}\t${Package}\t${Priority}\t${Pre-Depends}, ${Depends}\t"
            "${Provides}\n",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    packages: dict[str, tuple[str, set[str], set[str]]] = {}
    for line in output.splitlines():
        status, name, priority, depends, provides = line.split("\t")
        if not status.startswith("ii"):
            continue
        wanted = {
            alternative.split()[0].split(":")[0]
            for clause in depends.split(",")
            for alternative in clause.split("|")
            if alternative.strip()
        }
        offered = {p.split()[0] for p in provides.split(",") if p.strip()}
        packages[name.split(":")[0]] = (priority, wanted, offered)
    return packages


def closure(roots: set[str], packages: dict[str, tuple[str, set[str], set[str]]]) -> set[str]:
    providers: dict[str, set[str]] = {}
    for name, (_, _, offered) in packages.items():
        for virtual in offered:
            providers.setdefault(virtual, set()).add(name)
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for real in {name} | providers.get(name, set()):
            if real in packages:
                todo.extend(packages[real][1])
    return seen


def test_every_system_library_of_the_apps_qt_comes_from_setups_app_packages() -> None:
    packages = installed()
    app = packages_of("app")
    assert app, f"{PACKAGES_FILE} names no app packages"
    not_installed = sorted(app - set(packages))
    assert not not_installed, f"setup.sh would install these, but they are missing: {not_installed}"
    base = {
        name for name, (priority, _, _) in packages.items() if priority in {"required", "important"}
    }
    allowed = closure(app | base, packages)
    problems: list[str] = []
    checked = 0
    for binary in qt_binaries():
        for name, path in system_libraries(binary).items():
            checked += 1
            if path == "not found":
                problems.append(f"{binary.name}: {name} not found")
                continue
            package = owner(path)
            if package is None:
                problems.append(f"{binary.name}: {path} belongs to no Debian package")
            elif package not in allowed:
                problems.append(
                    f"{binary.name}: {name} comes from {package}, not installed by setup.sh"
                )
    assert checked > 50, "ldd found almost nothing: the check would prove little"
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_app_imports_the_qt_modules_this_test_checks() -> None:
    # QtMultimedia is the module that needs libpulse0: if the scan stopped seeing it, the check
    # above would pass without looking at the library that once broke a fresh machine.
    assert {"QtCore", "QtGui", "QtWidgets", "QtMultimedia"} <= imported_qt_modules()


def test_dev_only_packages_are_not_what_the_app_relies_on() -> None:
    """The trap that hid libpulse0: a --dev tool pulling in an app library must not count."""
    packages = installed()
    dev = packages_of("dev")
    assert {"espeak-ng", "strace", "xvfb"} <= dev
    app_closure = closure(packages_of("app"), packages)
    assert "espeak-ng" not in app_closure
    assert "libpulse0" in app_closure
