"""Reading ``strace -f`` logs: network destinations and files written, as the kernel saw them.

Only what the tests need: every socket address a process tree connected or sent to, and every
path it opened for writing, created, or renamed onto, with relative paths resolved against the
directory the command started in.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

SYSCALLS = (
    "connect,sendto,sendmsg,sendmmsg,bind,"
    "open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat"
)

_CALL = re.compile(r"^(?P<pid>\d+)\s+(?P<name>\w+)\((?P<args>.*)\)\s+=\s+(?P<result>-?\d+|\?)")
_INET = re.compile(
    r"sa_family=AF_INET, sin_port=htons\((?P<port>\d+)\), sin_addr=inet_addr\(\"(?P<ip>[^\"]+)\"\)"
)
_INET6 = re.compile(
    r"sa_family=AF_INET6, sin6_port=htons\((?P<port>\d+)\)"
    r".*?inet_pton\(AF_INET6, \"(?P<ip>[^\"]+)\""
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC")


@dataclass(frozen=True)
class Contact:
    pid: int
    call: str
    family: str
    address: str
    port: int
    line: str

    @property
    def is_internet(self) -> bool:
        """Anything but loopback, and any name lookup at all (it tells whom we meant to reach)."""
        if self.port == 53:
            return True
        return not ipaddress.ip_address(self.address.split("%")[0]).is_loopback


@dataclass(frozen=True)
class Trace:
    contacts: tuple[Contact, ...]
    written: tuple[Path, ...]
    pids: frozenset[int]


def parse(text: str, cwd: Path) -> Trace:
    contacts: list[Contact] = []
    written: list[Path] = []
    pids: set[int] = set()
    for line in text.splitlines():
        match = _CALL.match(line)
        if match is None:
            continue
        pid, name, args, result = (
            int(match["pid"]),
            match["name"],
            match["args"],
            match["result"],
        )
        pids.add(pid)
        if name in {"connect", "sendto", "sendmsg", "sendmmsg", "bind"}:
            for pattern, family in ((_INET, "AF_INET"), (_INET6, "AF_INET6")):
                for found in pattern.finditer(args):
                    contacts.append(
                        Contact(pid, name, family, found["ip"], int(found["port"]), line)
                    )
            continue
        if result == "-1":
            continue
        path = _written_path(name, args)
        if path is not None:
            written.append(path if path.is_absolute() else cwd / path)
    return Trace(tuple(contacts), tuple(written), frozenset(pids))


def _written_path(name: str, args: str) -> Path | None:
    strings = [
        s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
        for s in _STRING.findall(args)
    ]
    if not strings:
        return None
    if name in {"open", "openat"}:
        flags = args.split('",', 1)[-1]
        return Path(strings[0]) if any(flag in flags for flag in _WRITE_FLAGS) else None
    if name in {"creat", "mkdir", "mkdirat"}:
        return Path(strings[0])
    # rename*, link*, symlink*: the new name is the last path.
    return Path(strings[-1])
