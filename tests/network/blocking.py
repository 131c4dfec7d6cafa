"""Blocking every network connection in a process, and recording each attempt.

Local (AF_UNIX) sockets are IPC, not network, and stay allowed. Name lookups always fail:
an offline app never needs one, and a lookup alone leaks which server it meant to reach.
The same code runs in-process (tests) and as a ``sitecustomize`` for child processes.
"""

from __future__ import annotations

SITECUSTOMIZE = """
import os
import socket

_LOG = os.environ["TRANSCODA_NETWORK_LOG"]


def _refuse(what, target):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{what} {target!r}\\n")
    raise OSError(f"network access blocked by the test: {what} {target!r}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _is_local(sock):
    return getattr(socket, "AF_UNIX", None) is not None and sock.family == socket.AF_UNIX


def connect(self, address):
    if not _is_local(self):
        _refuse("connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if not _is_local(self):
        _refuse("connect_ex", address)
    return _connect_ex(self, address)


def sendto(self, *args):
    if not _is_local(self):
        _refuse("sendto", args[-1])
    return _sendto(self, *args)


_sendto = socket.socket.sendto
socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.create_connection = lambda address, *a, **k: _refuse("create_connection", address)
socket.getaddrinfo = lambda host, *a, **k: _refuse("getaddrinfo", host)
socket.gethostbyname = lambda host: _refuse("gethostbyname", host)
socket.gethostbyname_ex = lambda host: _refuse("gethostbyname_ex", host)
"""
