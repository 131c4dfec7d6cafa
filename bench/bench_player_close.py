"""Stress harness: does closing or switching a playing recording ever freeze the window?

Qt Multimedia's FFmpeg threads and Python's GIL could deadlock on ``QMediaPlayer.stop()``
(see ``app/gui/qt_workarounds.prime_overrides``). A deadlock is a matter of timing, so this
counts: each run is a fresh process that plays the test dialogue, seeks, pauses, switches to
another recording and back, and stops, ``--cycles`` times; a run still alive after
``--timeout`` seconds is a freeze. ``--unprimed`` runs without the work-around, for the figure
before it.

Usage: python bench/bench_player_close.py [--runs 30] [--cycles 4] [--unprimed]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.offline_env import SETTINGS as _NO_TELEMETRY

os.environ.update(_NO_TELEMETRY)

AUDIO = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "audio"

CHILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
import app.gui.media as media
if {unprimed!r}:
    media.prime_overrides = lambda obj: None
app = QApplication([])

def wait(ms):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()

player = media.MediaController()
for _ in range({cycles}):
    for name in ("dialogue_en.flac", "quiet_room.flac"):
        player.load(Path({audio!r}) / name)
        player.play()
        wait(400)
        player.seek(1500)
        wait(150)
        player.pause()
        wait(50)
player.load(None)
print("done")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--unprimed", action="store_true")
    args = parser.parse_args()
    code = CHILD.format(
        root=str(Path(__file__).resolve().parents[1]),
        unprimed=args.unprimed,
        cycles=args.cycles,
        audio=str(AUDIO),
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    frozen = failed = 0
    started = time.perf_counter()
    for _ in range(args.runs):
        try:
            done = subprocess.run(
                [sys.executable, "-c", code],
                env=env,
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            frozen += 1
            continue
        if done.returncode != 0 or "done" not in done.stdout:
            failed += 1
    elapsed = time.perf_counter() - started
    stops = args.runs * args.cycles * 2
    kind = "without the work-around" if args.unprimed else "with prime_overrides"
    print(
        f"{kind}: {frozen} frozen and {failed} failed of {args.runs} runs "
        f"({stops} switches of a playing recording) in {elapsed:.0f} s"
    )
    return 1 if frozen or failed else 0


if __name__ == "__main__":
    sys.exit(main())
