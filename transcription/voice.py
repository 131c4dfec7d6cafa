"""Voice features for telling speakers apart, computed with numpy alone.

Mel-frequency cepstral coefficients describe the shape of the vocal tract (timbre), pitch
describes the voice's register; averaged over a word or a few words they separate an
interviewer from a respondent well enough to cluster, without any model to download.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from transcription.audio import SAMPLE_RATE, AudioArray

FloatArray = npt.NDArray[np.float64]

_FRAME: Final = 400  # 25 ms
_HOP: Final = 160  # 10 ms
_FFT: Final = 512
_MELS: Final = 26
_CEPSTRA: Final = 13
_PITCH_FRAME: Final = 640  # 40 ms holds two periods of a 50 Hz voice
_PITCH_MIN_HZ: Final = 60.0
_PITCH_MAX_HZ: Final = 400.0
_VOICING: Final = 0.45  # normalised autocorrelation peak above which a frame counts as voiced
FEATURES: Final = _CEPSTRA - 1 + 2  # cepstra without c0 (loudness), log pitch, voiced share
_BLOCK: Final = 6000  # frames per block: one minute of audio


def frame_features(audio: AudioArray) -> FloatArray:
    """Per 10 ms frame: 12 cepstra (without c0, which is loudness), log2 pitch (NaN where
    unvoiced) and a voiced flag. Computed in blocks so that a long recording needs memory
    for its features only, not for all of its spectra at once."""
    count = 1 + max(0, (audio.size - _PITCH_FRAME) // _HOP)
    features = np.empty((count, FEATURES))
    for first in range(0, count, _BLOCK):
        frames = min(_BLOCK, count - first)
        start = first * _HOP
        piece = audio[start : start + (frames - 1) * _HOP + _PITCH_FRAME].astype(np.float64)
        cepstra = mfcc(piece)[:frames]
        pitch = pitch_hz(piece)[:frames]
        rows = features[first : first + frames]
        rows[:, : _CEPSTRA - 1] = cepstra[:, 1:]
        with np.errstate(divide="ignore"):
            rows[:, -2] = np.where(pitch > 0, np.log2(pitch), np.nan)
        rows[:, -1] = pitch > 0
    return features


def span_features(frames: FloatArray, spans: Sequence[tuple[int, int]]) -> FloatArray:
    """One row per (start_ms, end_ms) span: mean cepstra, median log2 pitch, voiced share.

    ``frames`` comes from frame_features. Pitch is NaN for a span without voiced frames; the
    caller decides how to fill it.
    """
    rows = np.full((len(spans), FEATURES), np.nan)
    per_ms = SAMPLE_RATE / 1000 / _HOP
    for row, (start_ms, end_ms) in enumerate(spans):
        first = min(int(start_ms * per_ms), len(frames) - 1)
        last = max(first + 1, int(end_ms * per_ms) - (_FRAME // _HOP) + 1)
        block = frames[first:last]
        rows[row, : _CEPSTRA - 1] = block[:, : _CEPSTRA - 1].mean(axis=0)
        rows[row, -1] = block[:, -1].mean()
        voiced = block[:, -2][~np.isnan(block[:, -2])]
        if voiced.size:
            rows[row, -2] = float(np.median(voiced))
    return rows


def mfcc(signal: FloatArray) -> FloatArray:
    """(frames, 13) cepstra of a 16 kHz signal."""
    emphasised = np.append(signal[:1], signal[1:] - 0.97 * signal[:-1])
    frames = _frames(emphasised, _FRAME, _HOP) * np.hamming(_FRAME)
    power = np.abs(np.fft.rfft(frames, _FFT)) ** 2 / _FFT
    energies = np.log(power @ _mel_filters().T + 1e-10)
    result: FloatArray = energies @ _dct_matrix().T
    return result


def pitch_hz(signal: FloatArray) -> FloatArray:
    """Fundamental frequency per 10 ms frame by autocorrelation; 0 where unvoiced."""
    # Voices sit far below 4 kHz, so the autocorrelation runs at half the sample rate: the
    # same answer for half the work.
    rate = SAMPLE_RATE // 2
    narrow = np.convolve(signal, _low_pass(), mode="same")[::2]
    size = _PITCH_FRAME // 2
    frames = _frames(narrow, size, _HOP // 2)
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, 2 * size)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2, 2 * size)[:, :size]
    shortest = int(rate / _PITCH_MAX_HZ)
    longest = int(rate / _PITCH_MIN_HZ)
    energy = correlation[:, 0]
    lags = correlation[:, shortest:longest]
    best = lags.argmax(axis=1)
    peak = lags[np.arange(len(best)), best] / np.maximum(energy, 1e-12)
    # Quiet frames correlate well with themselves too; require some loudness as well.
    loud = energy > 1e-3 * max(float(energy.max(initial=0.0)), 1e-12)
    result: FloatArray = np.where((peak > _VOICING) & loud, rate / (best + shortest), 0.0)
    return result


@functools.cache
def _low_pass() -> FloatArray:
    # Windowed-sinc FIR with its cut-off at 3.6 kHz, below the 4 kHz of the halved rate.
    taps = np.arange(31) - 15
    cutoff = 3600 / SAMPLE_RATE
    kernel: FloatArray = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(31)
    normalised: FloatArray = kernel / kernel.sum()
    return normalised


def _frames(signal: FloatArray, size: int, hop: int) -> FloatArray:
    if signal.size < size:
        signal = np.pad(signal, (0, size - signal.size))
    count = 1 + (signal.size - size) // hop
    view: FloatArray = np.lib.stride_tricks.sliding_window_view(signal, size)[::hop][:count]
    return view


@functools.cache
def _mel_filters() -> FloatArray:
    def to_mel(hz: FloatArray) -> FloatArray:
        result: FloatArray = 2595.0 * np.log10(1.0 + hz / 700.0)
        return result

    def to_hz(mel: FloatArray) -> FloatArray:
        result: FloatArray = 700.0 * (10.0 ** (mel / 2595.0) - 1.0)
        return result

    edges_mel = np.linspace(to_mel(np.array(60.0)), to_mel(np.array(7600.0)), _MELS + 2)
    bins = np.floor((_FFT + 1) * to_hz(edges_mel) / SAMPLE_RATE).astype(int)
    filters = np.zeros((_MELS, _FFT // 2 + 1))
    for index in range(_MELS):
        left, centre, right = bins[index], bins[index + 1], bins[index + 2]
        filters[index, left:centre] = (np.arange(left, centre) - left) / max(centre - left, 1)
        filters[index, centre:right] = (right - np.arange(centre, right)) / max(right - centre, 1)
    return filters


@functools.cache
def _dct_matrix() -> FloatArray:
    # Orthonormal DCT-II, the usual last step of MFCC.
    n = np.arange(_MELS)
    k = np.arange(_CEPSTRA)[:, None]
    matrix: FloatArray = np.sqrt(2.0 / _MELS) * np.cos(np.pi * k * (2 * n + 1) / (2 * _MELS))
    matrix[0] /= np.sqrt(2.0)
    return matrix
