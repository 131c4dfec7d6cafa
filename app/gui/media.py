"""The audio player behind the transcript editor (QtMultimedia), with transcriber habits.

Resuming after a pause rewinds a little (2 s by default) so the typist hears the words again;
speed steps by 0.1 between 0.5x and 2.0x; skipping goes back or forward a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from app.gui.qt_workarounds import prime_overrides

MIN_RATE = 0.5
MAX_RATE = 2.0
RATE_STEP = 0.1
ENCRYPTED_SUFFIX = ".enc"  # coding.crypto.media's suffix for recordings encrypted at rest


def clamp_rate(rate: float) -> float:
    return round(min(MAX_RATE, max(MIN_RATE, rate)), 2)


def format_hint(data: bytes) -> str:
    """An extension for the container the bytes begin with (for the player only)."""
    head = data[:16]
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return ".wav"
    if head.startswith(b"OggS"):
        return ".ogg"
    if head.startswith(b"fLaC"):
        return ".flac"
    if head[4:8] == b"ftyp":
        return ".m4a"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return ".webm"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return ".mp3"
    return ""


class MediaController(QObject):
    positionChanged = Signal(int)
    durationChanged = Signal(int)
    playingChanged = Signal(bool)
    rateChanged = Signal(float)
    volumeChanged = Signal(int)
    failed = Signal(str)
    loadedChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, rewind_ms: int = 2000) -> None:
        super().__init__(parent)
        self.rewind_ms = rewind_ms
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.audio.setVolume(0.8)
        for shared in (self, self.player, self.audio):
            prime_overrides(shared)
        self.path: Path | None = None
        self.buffer: QBuffer | None = None  # an encrypted recording, decrypted in memory
        self._paused_once = False
        self._pending_seek: int | None = None  # asked for before the file finished loading
        self.player.mediaStatusChanged.connect(self._status_changed)
        self.player.positionChanged.connect(lambda ms: self.positionChanged.emit(int(ms)))
        self.player.durationChanged.connect(lambda ms: self.durationChanged.emit(int(ms)))
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.errorOccurred.connect(self._error)

    # -- source ----------------------------------------------------------------------------

    def load(self, path: Path | None, *, decrypted: Callable[[], bytes] | None = None) -> None:
        """Play ``path``; an encrypted recording (``.enc``) plays from memory: ``decrypted()``
        gives its bytes, which go into a QBuffer (no plaintext file is ever written)."""
        if path == self.path:
            return
        self.player.stop()
        self.player.setSource(QUrl())
        self._drop_buffer()
        self.path = path
        self._paused_once = False
        self._pending_seek = None
        if path is None:
            pass
        elif not Path(path).is_file():
            self.path = None
            self.failed.emit(self.tr("The recording {0} is missing.").format(Path(path).name))
        elif Path(path).suffix == ENCRYPTED_SUFFIX:
            self._load_encrypted(Path(path), decrypted)
        else:
            self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.loadedChanged.emit(self.path is not None)

    def _load_encrypted(self, path: Path, decrypted: Callable[[], bytes] | None) -> None:
        try:
            if decrypted is None:
                raise ValueError("no key to decrypt it with")
            data = decrypted()
        except Exception as error:  # a wrong key, a damaged file: say so, play nothing
            self.path = None
            self.failed.emit(self.tr("The recording cannot be decrypted: {0}").format(error))
            return
        self.buffer = QBuffer(self)
        prime_overrides(self.buffer)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        # The URL only tells FFmpeg the format; nothing is read. A name from an older version
        # kept the original extension ("….wav.enc"); a keyed name has none, so the bytes tell.
        hint = path.with_suffix("").name
        if not Path(hint).suffix:
            hint = f"recording{format_hint(data)}"
        self.player.setSourceDevice(self.buffer, QUrl(hint))

    def _drop_buffer(self) -> None:
        if self.buffer is not None:
            self.buffer.close()
            self.buffer.deleteLater()
            self.buffer = None

    @property
    def loaded(self) -> bool:
        return self.path is not None

    # -- transport -------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        if self._pending_seek is not None:
            return self._pending_seek
        return self.player.position()

    def duration(self) -> int:
        return self.player.duration()

    def toggle(self) -> None:
        """Play or pause; resuming after a pause goes back ``rewind_ms`` first."""
        if not self.loaded:
            return
        if self.playing:
            self.player.pause()
            self._paused_once = True
            return
        if self._paused_once and self.rewind_ms > 0:
            self.seek(self.player.position() - self.rewind_ms)
        self.player.play()

    def play(self) -> None:
        if self.loaded and not self.playing:
            self.player.play()

    def pause(self) -> None:
        if self.playing:
            self.player.pause()
            self._paused_once = True

    def seek(self, ms: int) -> None:
        if not self.loaded:
            return
        duration = self.player.duration()
        ms = max(0, ms)
        if duration > 0:
            ms = min(ms, duration)
        if self.player.mediaStatus() in (
            QMediaPlayer.MediaStatus.LoadingMedia,
            QMediaPlayer.MediaStatus.NoMedia,
        ):
            self._pending_seek = int(ms)
            self.positionChanged.emit(int(ms))
            return
        self.player.setPosition(int(ms))

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_seek is not None:
            ms, self._pending_seek = self._pending_seek, None
            self.player.setPosition(ms)

    def skip(self, delta_ms: int) -> None:
        self.seek(self.player.position() + delta_ms)

    # -- speed and volume ------------------------------------------------------------------

    @property
    def rate(self) -> float:
        return round(self.player.playbackRate(), 2)

    def set_rate(self, rate: float) -> None:
        rate = clamp_rate(rate)
        if rate != self.rate:
            self.player.setPlaybackRate(rate)
            self.rateChanged.emit(rate)

    def faster(self) -> None:
        self.set_rate(self.rate + RATE_STEP)

    def slower(self) -> None:
        self.set_rate(self.rate - RATE_STEP)

    @property
    def volume(self) -> int:
        return round(self.audio.volume() * 100)

    def set_volume(self, percent: int) -> None:
        percent = max(0, min(100, int(percent)))
        if percent != self.volume:
            self.audio.setVolume(percent / 100)
            self.volumeChanged.emit(percent)

    # -- signals ---------------------------------------------------------------------------

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        self.playingChanged.emit(state == QMediaPlayer.PlaybackState.PlayingState)

    def _error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self.failed.emit(self.tr("The recording cannot be played: {0}").format(message))
