"""Speaker turns on the two-voice espeak-ng dialogue (male en-us interviewer, female en
respondent), measured word by word against the turns the fixture was made from."""

from __future__ import annotations

from dataclasses import replace

from models.transcript_layout import TimedText
from transcription.audio import AudioArray
from transcription.segments import RawSegment
from transcription.speakers import (
    default_speaker_names,
    label_speakers,
    rename_speakers,
    unlabelled,
)

from .conftest import Turn, true_speaker


def word_accuracy(pieces: list[TimedText], segments: list[RawSegment], turns: list[Turn]) -> float:
    """Share of Whisper's words whose piece carries the speaker who said them."""
    correct = total = 0
    for word in (word for segment in segments for word in segment.words):
        piece = next(p for p in pieces if p.start_ms <= word.start_ms and word.end_ms <= p.end_ms)
        total += 1
        correct += piece.speaker == true_speaker(turns, (word.start_ms + word.end_ms) // 2)
    return correct / total


def test_two_voices_are_told_apart(
    dialogue_audio: AudioArray, dialogue_segments: list[RawSegment], turns: list[Turn]
) -> None:
    pieces = label_speakers(dialogue_audio, dialogue_segments, 2)
    accuracy = word_accuracy(pieces, dialogue_segments, turns)
    print(f"speaker accuracy (words, 2 espeak-ng voices): {accuracy:.1%}")
    assert accuracy >= 0.95
    assert pieces[0].speaker == "S1"  # the interviewer speaks first
    assert [p.speaker for p in pieces] == [t.speaker for t in turns]


def test_a_turn_change_inside_one_segment_splits_it(
    dialogue_audio: AudioArray, dialogue_segments: list[RawSegment], turns: list[Turn]
) -> None:
    # Whisper sometimes runs the end of one turn and the start of the next into one segment;
    # here every word is put into a single segment to make the labelling find all turns.
    words = tuple(word for segment in dialogue_segments for word in segment.words)
    merged = RawSegment(
        words[0].start_ms, words[-1].end_ms, "".join(w.text for w in words).strip(), words
    )
    pieces = label_speakers(dialogue_audio, [merged], 2)
    assert [p.speaker for p in pieces] == [t.speaker for t in turns]
    assert word_accuracy(pieces, [merged], turns) >= 0.95
    assert " ".join(p.text for p in pieces) == merged.text


def test_labels_are_stable_and_cover_every_word(
    dialogue_audio: AudioArray, dialogue_segments: list[RawSegment]
) -> None:
    first = label_speakers(dialogue_audio, dialogue_segments, 2)
    assert label_speakers(dialogue_audio, dialogue_segments, 2) == first
    assert " ".join(p.text for p in first) == " ".join(s.text for s in dialogue_segments)


def test_three_speakers_asked_for_two_voices_still_labels_everything(
    dialogue_audio: AudioArray, dialogue_segments: list[RawSegment]
) -> None:
    pieces = label_speakers(dialogue_audio, dialogue_segments, 3)
    assert {p.speaker for p in pieces} <= {"S1", "S2", "S3"}
    assert pieces[0].speaker == "S1"
    assert " ".join(p.text for p in pieces) == " ".join(s.text for s in dialogue_segments)


def test_one_speaker_and_segments_without_words(
    dialogue_audio: AudioArray, dialogue_segments: list[RawSegment]
) -> None:
    single = label_speakers(dialogue_audio, dialogue_segments, 1)
    assert {p.speaker for p in single} == {"S1"} and len(single) == len(dialogue_segments)
    bare = [replace(segment, words=()) for segment in dialogue_segments]
    pieces = label_speakers(dialogue_audio, bare, 2)
    # Whole segments are the units then; each turn of this fixture is one or two segments.
    assert len(pieces) == len(bare) and pieces[0].speaker == "S1"
    assert {p.speaker for p in pieces} == {"S1", "S2"}
    assert label_speakers(dialogue_audio, [], 2) == []


def test_default_names_and_renaming() -> None:
    assert default_speaker_names(3) == {
        "S1": "Interviewer",
        "S2": "Respondent",
        "S3": "Respondent 2",
    }
    pieces = [TimedText(0, 1000, "S1", "Hello."), TimedText(1000, 2000, "S2", "Hi.")]
    renamed = rename_speakers(pieces, {"S2": "Anna"})
    assert [p.speaker for p in renamed] == ["S1", "Anna"]
    assert [p.speaker for p in unlabelled([RawSegment(0, 10, "x")])] == [None]
