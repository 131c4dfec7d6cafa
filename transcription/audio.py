"""Reading recordings: what a file holds (probe) and its samples as Whisper wants them (decode).

PyAV bundles FFmpeg, so everything FFmpeg reads works without system packages: wav, mp3,
m4a/aac, ogg/opus, flac, and the audio track of a video. PyAV is imported inside the functions
so that starting the app does not pay for it.

Both take a path or a seekable binary file object (``io.BytesIO``): an encrypted project's
recordings are decrypted in memory and never written to disk in plain form.
"""

from __future__ import annotations

import hashlib
import io
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from av.container import InputContainer

SAMPLE_RATE: Final = 16_000
# A decode that yields less than this share of the duration the header announces means the
# file was cut short (an interrupted copy or upload); the slack absorbs encoder padding.
_TRUNCATION_SHARE: Final = 0.9
_TRUNCATION_SLACK_S: Final = 1.0
_CHUNK: Final = 1 << 20

AudioArray = npt.NDArray[np.float32]
# A path, or a seekable binary file object; its ``name`` (if any) is used in messages.
AudioSource = str | Path | BinaryIO


class AudioError(Exception):
    """A recording cannot be read; the message names the file and says what is wrong."""


@dataclass(frozen=True)
class AudioInfo:
    duration_ms: int
    sha256: str
    sample_rate: int
    channels: int
    codec: str
    container: str


def probe(path: AudioSource) -> AudioInfo:
    """Describe a recording without decoding it (the duration comes from the container)."""
    file = _checked_file(path)
    with _open(file) as container:
        stream = _audio_stream(file, container)
        duration_s = _declared_duration(container, stream)
        if duration_s is None:
            duration_s = _decode_samples(file, container, stream).size / SAMPLE_RATE
        info = AudioInfo(
            duration_ms=round(duration_s * 1000),
            sha256=file_sha256(file),
            sample_rate=int(stream.codec_context.sample_rate or 0),
            channels=int(stream.codec_context.channels or 0),
            codec=str(stream.codec_context.name),
            container=str(container.format.name),
        )
    return info


def decode(path: AudioSource) -> AudioArray:
    """All of the first audio track as float32 samples, 16 kHz, mono (channels mixed down)."""
    file = _checked_file(path)
    with _open(file) as container:
        stream = _audio_stream(file, container)
        declared = _declared_duration(container, stream)
        samples = _decode_samples(file, container, stream)
    decoded_s = samples.size / SAMPLE_RATE
    if declared is not None and decoded_s < declared * _TRUNCATION_SHARE - _TRUNCATION_SLACK_S:
        raise AudioError(
            f"{file.name} seems truncated or damaged: its header announces {declared:.1f} s "
            f"of audio but only {decoded_s:.1f} s could be decoded."
        )
    return samples


def file_sha256(path: Path | _Stream) -> str:
    digest = hashlib.sha256()
    if isinstance(path, _Stream):
        path.stream.seek(0)
        for block in iter(lambda: path.stream.read(_CHUNK), b""):
            digest.update(block)
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


class _Stream:
    """A recording held in memory: a file object with a name for messages."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.name = Path(str(getattr(stream, "name", "") or "the recording")).name


def _checked_file(path: AudioSource) -> Path | _Stream:
    if not isinstance(path, str | Path):
        stream = _Stream(path)
        stream.stream.seek(0, io.SEEK_END)
        if stream.stream.tell() == 0:
            raise AudioError(f"{stream.name} is empty (0 bytes): there is no recording in it.")
        stream.stream.seek(0)
        return stream
    file = Path(path)
    # stat before FFmpeg opens it: opening a FIFO blocks, and a device never ends.
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise AudioError(f"Audio file not found: {file}") from None
    except OSError as error:
        raise AudioError(f"Cannot read {file}: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe or a device)"
        raise AudioError(f"{file} is {kind}, not an audio file.")
    if file.stat().st_size == 0:
        raise AudioError(f"{file.name} is empty (0 bytes): the recording was not copied fully.")
    return file


def _open(file: Path | _Stream) -> InputContainer:
    import av

    try:
        if isinstance(file, _Stream):
            file.stream.seek(0)
            return av.open(file.stream, mode="r", metadata_errors="ignore")
        return av.open(str(file), mode="r", metadata_errors="ignore")
    except av.FFmpegError as error:
        raise AudioError(_unreadable_message(file, error)) from error


def _audio_stream(file: Path | _Stream, container: InputContainer) -> Any:
    if not container.streams.audio:
        # FFmpeg opens a PNG or JPEG as a one-frame video, so name the real content first.
        kind = _sniff(_head(file))
        if kind is not None:
            raise AudioError(f"{file.name} is not a recording: it looks like {kind}.")
        kinds = sorted({str(stream.type) for stream in container.streams})
        raise AudioError(
            f"{file.name} has no audio track (it contains: {', '.join(kinds) or 'nothing'}), "
            "so there is nothing to transcribe."
        )
    return container.streams.audio[0]


def _declared_duration(container: InputContainer, stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        # Container durations are in microseconds (AV_TIME_BASE).
        return float(container.duration) / 1_000_000
    return None


def _decode_samples(file: Path | _Stream, container: InputContainer, stream: Any) -> AudioArray:
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    # Samples go straight into one growing buffer that numpy then views without copying: a
    # list of chunks joined at the end would need twice the memory of a two-hour interview.
    buffer = io.BytesIO()
    last_error: Exception | None = None
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except StopIteration:
            break
        except av.FFmpegError as error:
            # The demuxer gave up (cut-off file): keep what was read, the caller judges it.
            last_error = error
            break
        try:
            frames = packet.decode()
        except av.FFmpegError as error:
            # A damaged packet in a long recording should cost a few milliseconds of audio,
            # not the whole interview; the truncation check catches files that are mostly bad.
            last_error = error
            continue
        for frame in frames:
            for resampled in resampler.resample(frame):
                buffer.write(_mono(resampled.to_ndarray()).tobytes())
    for resampled in resampler.resample(None):
        buffer.write(_mono(resampled.to_ndarray()).tobytes())
    if buffer.tell() == 0:
        detail = f" ({last_error})" if last_error is not None else ""
        raise AudioError(
            f"{file.name} has an audio track ({stream.codec_context.name}) but no audio could "
            f"be decoded from it: the file is damaged or truncated{detail}."
        )
    return np.frombuffer(buffer.getbuffer(), dtype=np.float32)


def _mono(array: npt.NDArray[Any]) -> AudioArray:
    # Packed float mono arrives as shape (1, n).
    return np.ascontiguousarray(array.reshape(-1), dtype=np.float32)


def _unreadable_message(file: Path | _Stream, error: Exception) -> str:
    kind = _sniff(_head(file))
    what = f"it looks like {kind}" if kind else "FFmpeg does not recognise its format"
    return (
        f"{file.name} cannot be read as audio or video: {what}. "
        f"Check that it is a recording (wav, mp3, m4a, ogg, flac or a video). ({error})"
    )


def _head(file: Path | _Stream) -> bytes:
    if isinstance(file, _Stream):
        file.stream.seek(0)
        head = file.stream.read(512)
        file.stream.seek(0)
        return head
    with file.open("rb") as handle:
        return handle.read(512)


def _sniff(head: bytes) -> str | None:
    signatures = {
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"%PDF": "a PDF document",
        b"PK\x03\x04": "a zip archive (e.g. a Word document)",
    }
    for magic, kind in signatures.items():
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "a damaged or truncated WAV file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(char.isprintable() or char.isspace() for char in text):
        return "a text file"
    return None
