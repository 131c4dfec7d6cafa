"""Speaker turns for a known number of speakers, offline and without a diarisation model.

Each word Whisper timed becomes a unit with voice features (transcription.voice); units long
enough to be reliable are clustered into N voices; then a Viterbi pass over the word sequence
assigns every word a voice, paying a price for each change of speaker so that a turn only
changes where the voice clearly does, and a lower price at pauses, where turns usually change.
Labels are "S1", "S2", ... in order of first appearance, so S1 is usually the interviewer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from models.transcript_layout import TimedText
from transcription.audio import AudioArray
from transcription.segments import RawSegment
from transcription.voice import FEATURES, FloatArray, frame_features, span_features

_RELIABLE_MS: Final = 150  # shorter words carry too few frames to say whose voice they are
_SWITCH_COST: Final = 4.0  # in units of mean squared standardised distance
_PAUSE_MS: Final = 350  # a gap at least this long is a natural place for a turn to change
_PAUSE_DISCOUNT: Final = 0.25
# One word's evidence is capped: a mis-tracked pitch (an octave jump on a fricative) must
# not be able to pay for two changes of speaker on its own.
_MAX_WORD_COST: Final = 3.0
# Pitch tells voices apart better than any single cepstral coefficient; weigh it up.
_WEIGHTS: Final = np.array([1.0] * (FEATURES - 2) + [3.0, 1.0])


@dataclass(frozen=True)
class _Unit:
    segment: int
    start_ms: int
    end_ms: int
    text: str


def default_speaker_names(count: int) -> dict[str, str]:
    """{"S1": "Interviewer", "S2": "Respondent", "S3": "Respondent 2", ...}."""
    names: dict[str, str] = {}
    for index in range(1, count + 1):
        if index == 1:
            names["S1"] = "Interviewer"
        elif index == 2:
            names["S2"] = "Respondent"
        else:
            names[f"S{index}"] = f"Respondent {index - 1}"
    return names


def rename_speakers(pieces: Sequence[TimedText], names: Mapping[str, str]) -> list[TimedText]:
    """Replace labels by names; a label without a name keeps its label."""
    return [
        TimedText(
            piece.start_ms,
            piece.end_ms,
            names.get(piece.speaker, piece.speaker) if piece.speaker else None,
            piece.text,
        )
        for piece in pieces
    ]


def unlabelled(segments: Sequence[RawSegment]) -> list[TimedText]:
    return [TimedText(s.start_ms, s.end_ms, None, s.text) for s in segments]


def label_speakers(
    audio: AudioArray, segments: Sequence[RawSegment], speakers: int
) -> list[TimedText]:
    """Split the segments into speaker pieces labelled "S1".."SN".

    A segment that holds a change of speaker (Whisper does not break segments at turns)
    is split at the word where the voice changes.
    """
    if speakers < 1:
        raise ValueError("the number of speakers must be at least 1")
    units = _units(segments)
    if not units:
        return []
    if speakers == 1:
        return [TimedText(s.start_ms, s.end_ms, "S1", s.text) for s in segments]
    frames = frame_features(audio)
    features = _standardised(span_features(frames, [(u.start_ms, u.end_ms) for u in units]))
    reliable = np.array([u.end_ms - u.start_ms >= _RELIABLE_MS for u in units])
    if reliable.sum() < speakers:
        reliable[:] = True
    clusters = min(speakers, int(reliable.sum()))
    centres = _centres(features[reliable], clusters)
    labels = _viterbi(units, features, centres)
    return _pieces(units, _by_first_appearance(labels))


def _units(segments: Sequence[RawSegment]) -> list[_Unit]:
    units: list[_Unit] = []
    for index, segment in enumerate(segments):
        if segment.words:
            units.extend(
                _Unit(index, word.start_ms, max(word.end_ms, word.start_ms + 1), word.text)
                for word in segment.words
            )
        elif segment.text.strip():
            units.append(_Unit(index, segment.start_ms, segment.end_ms, segment.text))
    return units


def _standardised(features: FloatArray) -> FloatArray:
    pitch = features[:, -2]
    known = ~np.isnan(pitch)
    # An unvoiced word (a whispered "s", a cough) gets the typical pitch, so it is judged by
    # its cepstra and its neighbours rather than pulled towards either voice.
    features[:, -2] = np.where(known, pitch, np.median(pitch[known]) if known.any() else 0.0)
    spread = features.std(axis=0)
    result: FloatArray = (features - features.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    weighted: FloatArray = result * _WEIGHTS
    return weighted


def _centres(features: FloatArray, clusters: int, restarts: int = 10) -> FloatArray:
    """k-means with k-means++ seeding and a fixed seed, so labels repeat from run to run.

    Written out in numpy because importing scikit-learn alone takes over a second, more than
    the clustering of a whole interview.
    """
    rng = np.random.default_rng(0)
    best: FloatArray | None = None
    best_inertia = np.inf
    for _ in range(restarts):
        centres = _seed(features, clusters, rng)
        for _ in range(100):
            nearest = _squared_distances(features, centres).argmin(axis=1)
            moved = np.array(
                [
                    features[nearest == k].mean(axis=0) if (nearest == k).any() else centres[k]
                    for k in range(clusters)
                ]
            )
            if np.allclose(moved, centres):
                break
            centres = moved
        inertia = float(_squared_distances(features, centres).min(axis=1).sum())
        if inertia < best_inertia:
            best, best_inertia = centres, inertia
    assert best is not None
    return best


def _seed(features: FloatArray, clusters: int, rng: np.random.Generator) -> FloatArray:
    chosen = [int(rng.integers(len(features)))]
    for _ in range(1, clusters):
        distance = _squared_distances(features, features[chosen]).min(axis=1)
        total = distance.sum()
        weights = distance / total if total > 0 else None
        chosen.append(int(rng.choice(len(features), p=weights)))
    seeded: FloatArray = features[chosen].copy()
    return seeded


def _squared_distances(features: FloatArray, centres: FloatArray) -> FloatArray:
    result: FloatArray = ((features[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return result


def _viterbi(units: Sequence[_Unit], features: FloatArray, centres: FloatArray) -> list[int]:
    distance = _squared_distances(features, centres) / FEATURES
    # A short word is weak evidence: scale its cost down so that it follows its neighbours.
    durations = np.array([u.end_ms - u.start_ms for u in units], dtype=np.float64)
    cost = np.minimum(distance, _MAX_WORD_COST) * np.minimum(durations / 300.0, 1.0)[:, None]
    states = centres.shape[0]
    total = cost[0].copy()
    back = np.zeros((len(units), states), dtype=np.int64)
    for index in range(1, len(units)):
        gap = units[index].start_ms - units[index - 1].end_ms
        switch = _SWITCH_COST * (_PAUSE_DISCOUNT if gap >= _PAUSE_MS else 1.0)
        moves = total[:, None] + switch * (1 - np.eye(states))
        back[index] = moves.argmin(axis=0)
        total = moves.min(axis=0) + cost[index]
    path = [int(total.argmin())]
    for index in range(len(units) - 1, 0, -1):
        path.append(int(back[index, path[-1]]))
    return path[::-1]


def _by_first_appearance(labels: Sequence[int]) -> list[str]:
    order: dict[int, str] = {}
    for label in labels:
        order.setdefault(label, f"S{len(order) + 1}")
    return [order[label] for label in labels]


def _pieces(units: Sequence[_Unit], labels: Sequence[str]) -> list[TimedText]:
    pieces: list[TimedText] = []
    run: list[_Unit] = []
    run_label = ""
    for unit, label in zip(units, labels, strict=True):
        if run and (label != run_label or unit.segment != run[-1].segment):
            pieces.append(_piece(run, run_label))
            run = []
        run.append(unit)
        run_label = label
    if run:
        pieces.append(_piece(run, run_label))
    return pieces


def _piece(run: Sequence[_Unit], label: str) -> TimedText:
    text = " ".join("".join(unit.text for unit in run).split())
    return TimedText(run[0].start_ms, run[-1].end_ms, label, text)
