"""Is a recording whole? Checked when it is imported, before the project keeps it.

``probe`` reads only the header, which is how a cut-off copy or a damaged file slips in and
fails hours later in transcription. Here every packet is demuxed and decoded (no resampling:
FLAC and MP3 decode at several hundred times real time, a two-hour interview in seconds). A
recording is refused when less than 90% of its declared length decodes, when more than 1%
of its packets are damaged, or when a WAV file is shorter than its own header says (FFmpeg
measures a WAV by its file size, so only the header tells that the copy stopped early).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Final

from transcription.audio import AudioError

_WHOLE_SHARE: Final = 0.9
_DAMAGED_SHARE: Final = 0.01
_DAMAGED_GRACE: Final = 3  # a click or two in a long recording is not worth refusing
_STREAMING_SIZES: Final = frozenset({0, 0xFFFFFFFF})


def check_recording(path: Path) -> None:
    """Raise AudioError naming the file when it is truncated or damaged."""
    import av

    _check_wav_header(path)
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except av.FFmpegError as error:
        raise AudioError(f"{path.name} cannot be read as audio or video ({error})") from None
    with container:
        if not container.streams.audio:
            raise AudioError(f"{path.name} has no audio track")
        stream = container.streams.audio[0]
        declared = None
        if stream.duration is not None and stream.time_base is not None:
            declared = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            declared = float(container.duration) / 1_000_000
        packets = damaged = 0
        reached = 0.0
        demuxer = container.demux(stream)
        while True:
            try:
                packet = next(demuxer)
            except StopIteration:
                break
            except av.FFmpegError:
                break  # the file ends early: judged by how far decoding reached
            if packet.size == 0:
                continue
            packets += 1
            try:
                for frame in packet.decode():
                    if frame.pts is not None and frame.time_base is not None:
                        end = float(frame.pts * frame.time_base) + frame.samples / frame.sample_rate
                        reached = max(reached, end)
            except av.FFmpegError:
                damaged += 1
    if declared and reached < declared * _WHOLE_SHARE:
        raise AudioError(
            f"{path.name} is truncated or damaged: its header announces {declared:.1f} s but "
            f"only {reached:.1f} s can be decoded; copy the recording again from its source"
        )
    if damaged > max(_DAMAGED_GRACE, packets * _DAMAGED_SHARE):
        raise AudioError(
            f"{path.name} is damaged: {damaged} of its {packets} audio packets cannot be "
            "decoded; copy the recording again from its source"
        )


def _check_wav_header(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return
        size = path.stat().st_size
        while True:
            chunk = handle.read(8)
            if len(chunk) < 8:
                return
            name, length = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if name == b"data":
                present = size - handle.tell()
                if length not in _STREAMING_SIZES and present < length * _WHOLE_SHARE:
                    raise AudioError(
                        f"{path.name} is truncated: its header announces "
                        f"{length // 1024} KB of audio but the file holds {present // 1024} KB; "
                        "copy the recording again from its source"
                    )
                return
            handle.seek(length + (length & 1), 1)
