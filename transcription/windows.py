"""Cutting a recording into the stretches of speech that Whisper decodes one at a time.

Silero VAD finds speech; consecutive speech chunks are packed into windows of at most 30 s
(Whisper's input size) with the silence between them left out. The windows depend only on the
recording, never on where a job stopped, so a resumed job decodes exactly the windows an
uninterrupted one would and produces the same segments. Leaving silence out is also what stops
Whisper from inventing text for quiet stretches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from transcription.audio import SAMPLE_RATE, AudioArray

WINDOW_S: Final = 30.0


@dataclass(frozen=True)
class SpeechWindow:
    """Speech chunks, as (start, end) sample offsets in the recording, decoded together."""

    chunks: tuple[tuple[int, int], ...]

    @property
    def start_ms(self) -> int:
        return self.chunks[0][0] * 1000 // SAMPLE_RATE

    @property
    def end_ms(self) -> int:
        return self.chunks[-1][1] * 1000 // SAMPLE_RATE

    @property
    def speech_samples(self) -> int:
        return sum(end - start for start, end in self.chunks)

    def audio(self, recording: AudioArray) -> AudioArray:
        parts = [recording[start:end] for start, end in self.chunks]
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def chunk_at(self, seconds: float) -> int:
        """Index of the chunk that window time ``seconds`` (silence removed) falls in."""
        sample = seconds * SAMPLE_RATE
        position = 0
        for index, (start, end) in enumerate(self.chunks):
            position += end - start
            if sample < position:
                return index
        return len(self.chunks) - 1

    def to_recording_ms(self, seconds: float, chunk: int) -> int:
        """Map window time to milliseconds of the recording, given the chunk it belongs to."""
        removed = self.chunks[0][0]
        for index in range(1, chunk + 1):
            removed += self.chunks[index][0] - self.chunks[index - 1][1]
        return round((seconds * SAMPLE_RATE + removed) * 1000 / SAMPLE_RATE)

    def from_ms(self, recording_ms: int) -> SpeechWindow | None:
        """The part of this window from ``recording_ms`` on (None when nothing is left)."""
        cut = recording_ms * SAMPLE_RATE // 1000
        kept = [(max(start, cut), end) for start, end in self.chunks if end > cut]
        return SpeechWindow(tuple(kept)) if kept else None


def speech_windows(
    recording: AudioArray, *, vad: bool = True, window_s: float = WINDOW_S
) -> list[SpeechWindow]:
    """Pack the recording's speech into windows of at most ``window_s`` seconds of speech."""
    if recording.size == 0:
        return []
    if not vad:
        # Without VAD Whisper gets the whole recording and seeks through it itself.
        return [SpeechWindow(((0, int(recording.size)),))]
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    # Chunks longer than a window are split at their longest pause by Silero itself.
    chunks = get_speech_timestamps(recording, VadOptions(max_speech_duration_s=window_s))
    limit = int(window_s * SAMPLE_RATE)
    windows: list[SpeechWindow] = []
    current: list[tuple[int, int]] = []
    length = 0
    for chunk in chunks:
        start, end = int(chunk["start"]), int(chunk["end"])
        if current and length + end - start > limit:
            windows.append(SpeechWindow(tuple(current)))
            current, length = [], 0
        current.append((start, end))
        length += end - start
    if current:
        windows.append(SpeechWindow(tuple(current)))
    return windows
