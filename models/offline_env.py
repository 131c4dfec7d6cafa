"""Switching off every dependency's telemetry and network lookups, before any of them loads.

Transcoda's users interview people who fear transnational repression: not even the fact that
Transcoda runs, on which machine, may leave it. Some dependencies report home by default, from
native threads that no Python-level socket guard sees, so the opt-outs are environment
variables set before those libraries initialise. ``disable()`` is called first by every entry
point (the ``transcoda`` command, ``main.py``, the app, the benchmark and helper scripts) and
again by the Whisper engine before it imports faster-whisper, for code that uses the library
directly. Child processes inherit the environment. The values are forced, not defaults: a
user's shell that enables telemetry does not re-enable it here.

``tests/network/test_os_level.py`` proves the result where the operating system sees it:
``strace -f`` over the whole process tree with a fresh HOME.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from typing import Final

# Each variable, and where its effect is documented or was seen.
SETTINGS: Final[dict[str, str]] = {
    # onnxruntime >= 1.29 (pulled in by faster-whisper for Silero VAD) ships Microsoft 1DS
    # telemetry on Linux and macOS, on by default: DNS lookups of
    # mobile.events.data.microsoft.com from native threads and a device id plus an event queue
    # under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/. Its documented opt-out; read by
    # the native library (the name is in libonnxruntime.so 1.32), checked here with strace.
    "ORT_DISABLE_TELEMETRY": "1",
    # The spelling onnxruntime's change log also gives; not read by 1.32, set for releases
    # that do.
    "ORT_TELEMETRY_DISABLED": "1",
    # huggingface_hub (faster-whisper's model downloader): never reach the hub. Transcoda's
    # models come from installed packages or folders; a missing model must fail, not download.
    # huggingface_hub/constants.py reads these at import time.
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    # ... and never send a stored access token along with anything.
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    # ... nor look up a newer release of itself.
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    # The same switch under the older name that transformers-based tools read.
    "TRANSFORMERS_OFFLINE": "1",
    # The cross-tool convention (https://donottrack.sh/), honoured by huggingface_hub and others.
    "DO_NOT_TRACK": "1",
}


def disable(environ: MutableMapping[str, str] | None = None) -> None:
    """Set every opt-out in ``environ`` (the process environment by default)."""
    target = os.environ if environ is None else environ
    target.update(SETTINGS)


def is_disabled(environ: MutableMapping[str, str] | None = None) -> bool:
    source = os.environ if environ is None else environ
    return all(source.get(name) == value for name, value in SETTINGS.items())
