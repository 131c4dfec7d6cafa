"""Speech windows: packing VAD chunks and mapping window time back to the recording."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from transcription.audio import SAMPLE_RATE, AudioArray, decode
from transcription.windows import SpeechWindow, speech_windows


def test_window_time_maps_back_across_removed_silence() -> None:
    # Speech from 1-2 s and 3-4 s; the second second of window time lies in the second chunk.
    window = SpeechWindow(((16_000, 32_000), (48_000, 64_000)))
    assert (window.start_ms, window.end_ms, window.speech_samples) == (1000, 4000, 32_000)
    assert window.chunk_at(0.5) == 0 and window.chunk_at(1.5) == 1
    assert window.to_recording_ms(0.5, 0) == 1500
    assert window.to_recording_ms(1.5, 1) == 3500
    recording = np.arange(80_000, dtype=np.float32)
    joined = window.audio(recording)
    assert joined.size == 32_000 and joined[16_000] == 48_000


def test_cutting_a_window_at_a_resume_point() -> None:
    window = SpeechWindow(((16_000, 32_000), (48_000, 64_000)))
    assert window.from_ms(2500) == SpeechWindow(((48_000, 64_000),))
    assert window.from_ms(3500) == SpeechWindow(((56_000, 64_000),))
    assert window.from_ms(4000) is None


def test_long_recording_is_packed_into_windows_of_at_most_30_s(twice_told: Path) -> None:
    recording = decode(twice_told)
    windows = speech_windows(recording)
    assert len(windows) == 2
    for window in windows:
        assert window.speech_samples <= 30 * SAMPLE_RATE
    assert windows[0].end_ms <= windows[1].start_ms
    # Each copy of the dialogue is one window; the 3 s pause between them is left out.
    assert windows[0].start_ms < 1000 and 26_000 < windows[0].end_ms < 28_500
    assert 28_500 < windows[1].start_ms < 31_500


def test_silence_has_no_windows_and_vad_off_takes_everything(
    dialogue_audio: AudioArray,
) -> None:
    assert speech_windows(np.zeros(5 * SAMPLE_RATE, dtype=np.float32)) == []
    assert speech_windows(np.zeros(0, dtype=np.float32)) == []
    whole = speech_windows(dialogue_audio, vad=False)
    assert whole == [SpeechWindow(((0, dialogue_audio.size),))]
