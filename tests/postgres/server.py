"""A throwaway PostgreSQL server from the Debian packages, for tests and the load benchmark.

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port and keeps its
unix socket in that folder, so it never meets a system cluster. PostgreSQL refuses to run as
root: as root the server runs as the ``postgres`` user that Debian's package creates.
Durability settings are relaxed (``fsync=off``): a test cluster does not outlive the run.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PACKAGE_HINT = "install Debian's postgresql package (scripts/setup.sh --dev does)"


class ServerUnavailable(RuntimeError):
    """The server could not be found or started; the message says why."""


def find_bin_dir() -> Path:
    override = os.environ.get("TRANSCODA_PG_BIN")
    if override:
        if not (Path(override) / "initdb").is_file():
            raise ServerUnavailable(f"TRANSCODA_PG_BIN={override} holds no initdb")
        return Path(override)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise ServerUnavailable(f"no PostgreSQL server binaries (initdb) were found; {PACKAGE_HINT}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    def __init__(self, *, durable: bool = False) -> None:
        self.bin_dir = find_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="transcoda-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.durable = durable
        self.user = "postgres"
        self._as_root = os.geteuid() == 0

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        if self._as_root:
            try:
                shutil.chown(self.root, user="postgres")
            except (LookupError, PermissionError) as error:
                raise ServerUnavailable(
                    f"running as root needs the 'postgres' user to own the cluster ({error}); "
                    f"{PACKAGE_HINT}"
                ) from error
        else:
            self.user = os.environ.get("USER") or "postgres"
        made = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        if made.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={self.port}",
            f"-c unix_socket_directories={self.root}",
            "-c max_connections=60",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        started = self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
        )
        if started.returncode != 0:
            log = self.log_tail()
            raise ServerUnavailable(
                f"pg_ctl start failed: {started.stderr.strip() or started.stdout.strip()}\n{log}"
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready = self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port))
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise ServerUnavailable(f"the server did not accept connections\n{self.log_tail()}")

    def log_tail(self) -> str:
        log = self.root / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        made = self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name)
        if made.returncode != 0:
            raise ServerUnavailable(f"createdb {name} failed: {made.stderr.strip()}")
        return self.url(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
