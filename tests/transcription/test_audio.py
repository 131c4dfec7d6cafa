"""Probing and decoding recordings in the formats researchers bring, and clear errors."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from models.progress import NullReporter
from transcription.audio import SAMPLE_RATE, AudioArray, AudioError, decode, probe
from transcription.engine import LoadedModel, transcribe_audio
from transcription.job import run_transcription
from transcription.store import InMemoryTranscriptStore

from .conftest import DIALOGUE, TINY, word_error_rate


def encode(audio: AudioArray, path: Path, codec: str, rate: int, video: bool = False) -> Path:
    """Write ``audio`` with PyAV's bundled encoders (optionally beside a video stream)."""
    samples = np.clip(audio * 32767, -32768, 32767).astype(np.int16)
    with av.open(str(path), "w") as container:
        picture = None
        if video:
            picture = container.add_stream("mpeg4", rate=5)
            picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        sound = container.add_stream(codec, rate=rate)
        assert isinstance(sound, av.AudioStream)
        sound.layout = "mono"
        resampler = av.AudioResampler(format=sound.codec_context.format, layout="mono", rate=rate)
        position = 0
        for start in range(0, samples.size, SAMPLE_RATE):
            frame = av.AudioFrame.from_ndarray(
                samples[None, start : start + SAMPLE_RATE], format="s16", layout="mono"
            )
            frame.sample_rate = SAMPLE_RATE
            for converted in resampler.resample(frame):
                converted.pts = position
                converted.time_base = Fraction(1, rate)
                position += converted.samples
                for packet in sound.encode(converted):
                    container.mux(packet)
        for packet in sound.encode(None):
            container.mux(packet)
        if picture is not None:
            black = np.zeros((48, 64, 3), np.uint8)
            for _ in range(int(samples.size / SAMPLE_RATE * 5)):
                for packet in picture.encode(av.VideoFrame.from_ndarray(black, format="rgb24")):
                    container.mux(packet)
            for packet in picture.encode(None):
                container.mux(packet)
    return path


def envelope(audio: AudioArray) -> AudioArray:
    """Loudness per 50 ms: lossy codecs keep it even when they change the samples."""
    usable = audio[: audio.size // 800 * 800]
    result: AudioArray = np.sqrt((usable.reshape(-1, 800) ** 2).mean(axis=1))
    return result


def test_probe_describes_the_fixture() -> None:
    info = probe(DIALOGUE)
    assert info.sha256 == hashlib.sha256(DIALOGUE.read_bytes()).hexdigest()
    assert (info.sample_rate, info.channels, info.codec, info.container) == (
        16000,
        1,
        "flac",
        "flac",
    )
    assert 27_000 < info.duration_ms < 27_500


def test_decode_gives_16khz_mono_float32(dialogue_audio: AudioArray) -> None:
    assert dialogue_audio.dtype == np.float32 and dialogue_audio.ndim == 1
    assert abs(dialogue_audio.size / SAMPLE_RATE * 1000 - probe(DIALOGUE).duration_ms) < 2
    assert 0.3 < float(np.abs(dialogue_audio).max()) <= 1.0


@pytest.mark.parametrize(
    ("suffix", "codec", "rate"),
    [
        (".wav", "pcm_s16le", 44100),
        (".mp3", "libmp3lame", 44100),
        (".m4a", "aac", 48000),
        (".ogg", "libopus", 48000),
        (".flac", "flac", 22050),
    ],
)
def test_common_formats_decode_to_the_same_sound(
    tmp_path: Path, dialogue_audio: AudioArray, suffix: str, codec: str, rate: int
) -> None:
    path = encode(dialogue_audio, tmp_path / f"interview{suffix}", codec, rate)
    info = probe(path)
    assert info.sample_rate == rate and info.channels == 1
    decoded = decode(path)
    # Encoders add priming samples and padding: a few tens of milliseconds at most.
    assert abs(decoded.size - dialogue_audio.size) < 0.1 * SAMPLE_RATE
    original, again = envelope(dialogue_audio), envelope(decoded)
    length = min(original.size, again.size)
    best = max(
        float(np.corrcoef(original[: length - 2], again[shift : length - 2 + shift])[0, 1])
        for shift in range(3)
    )
    assert best > 0.95


def test_audio_track_of_a_video_is_transcribed(
    tmp_path: Path, dialogue_audio: AudioArray, tiny: LoadedModel, script: str
) -> None:
    video = encode(dialogue_audio, tmp_path / "interview.mp4", "aac", 48000, video=True)
    info = probe(video)
    assert info.codec == "aac" and "mp4" in info.container
    segments = list(transcribe_audio(decode(video), TINY, model=tiny).segments)
    assert word_error_rate(script, " ".join(s.text for s in segments)) <= 0.15


def video_without_sound(path: Path) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        black = np.zeros((48, 64, 3), np.uint8)
        for _ in range(5):
            for packet in stream.encode(av.VideoFrame.from_ndarray(black, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, phrase its error message must contain)."""
    data = DIALOGUE.read_bytes()
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.wav").write_text("Interview notes, not audio.\n", encoding="utf-8")
    (folder / "photo.wav").write_bytes(PNG)
    (folder / "cut.flac").write_bytes(data[: len(data) // 3])
    (folder / "stub.flac").write_bytes(data[:300])
    (folder / "a folder.wav").mkdir()
    return {
        "missing": (folder / "missing.wav", "not found"),
        "empty": (folder / "empty.wav", "empty (0 bytes)"),
        "text": (folder / "notes.wav", "looks like a text file"),
        "image": (folder / "photo.wav", "looks like a PNG image"),
        "truncated": (folder / "cut.flac", "seems truncated or damaged"),
        "stub": (folder / "stub.flac", "damaged or truncated"),
        "folder": (folder / "a folder.wav", "is a folder"),
        "no audio": (video_without_sound(folder / "silent film.mp4"), "has no audio track"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "empty", "text", "image", "truncated", "stub", "folder", "no audio"]
)
def test_unreadable_files_give_clear_errors(tmp_path: Path, case: str) -> None:
    path, phrase = bad_files(tmp_path)[case]
    with pytest.raises(AudioError) as raised:
        probe(path)
        decode(path)
    assert phrase in str(raised.value)
    assert path.name in str(raised.value)


def test_a_job_on_a_bad_file_leaves_the_store_untouched(tmp_path: Path, tiny: LoadedModel) -> None:
    store = InMemoryTranscriptStore()
    for path, _ in bad_files(tmp_path).values():
        with pytest.raises(AudioError):
            run_transcription(
                audio_path=path, options=TINY, store=store, reporter=NullReporter(), model=tiny
            )
    assert store.save_calls == 0 and store.pieces == [] and store.finished == []


def test_recordings_held_in_memory_read_like_files(
    tmp_path: Path, dialogue_audio: AudioArray
) -> None:
    """An encrypted project decrypts a recording into memory: probe and decode take BytesIO."""
    import io

    memory = io.BytesIO(DIALOGUE.read_bytes())
    assert probe(memory) == probe(DIALOGUE)
    decoded = decode(memory)  # read again from the start, after probe
    assert np.array_equal(decoded, dialogue_audio)
    bad = bad_files(tmp_path)
    for case in ("empty", "text", "image", "truncated"):
        path, phrase = bad[case]
        named = io.BytesIO(path.read_bytes())
        named.name = path.name
        with pytest.raises(AudioError) as raised:
            probe(named)
            decode(named)
        assert phrase in str(raised.value) and path.name in str(raised.value)
    with pytest.raises(AudioError, match="the recording is empty"):
        probe(io.BytesIO())
