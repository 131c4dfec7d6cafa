"""Typed transcripts with [hh:mm:ss], [hh.mm.ss] and f4 #hh:mm:ss-t# stamps."""

from __future__ import annotations

import pytest

from coding.importers import ImportFormatError, decode_text, parse_stamped_text, speaker_name
from tests.importers.helpers import fixture_bytes, spans


def _fixture_text(name: str) -> str:
    return decode_text(fixture_bytes(name), filename=name).text


F4_EXPECTED = [
    (0, 7200, "Interviewer", "Wie haben Sie die ersten Monate in Berlin erlebt?"),
    (
        7200,
        21800,
        "Respondent",
        "Also, ehm, am Anfang war alles sehr schwer. Die Sprache, die Wohnungssuche (.) das "
        "war wirklich viel.",
    ),
    (21800, 25000, "Interviewer", "Hatten Sie Kontakt zu anderen aus Russland?"),
    (
        25000,
        39400,
        "Respondent",
        "Ja, über Telegram-Gruppen. Wir haben Spenden für politische Gefangene gesammelt.",
    ),
]


def test_f4_stamps_close_each_turn() -> None:
    parsed = parse_stamped_text(_fixture_text("f4_interview_de.txt"), filename="f4.txt")
    assert spans(parsed) == F4_EXPECTED
    assert parsed.speakers == ("Interviewer", "Respondent")
    assert parsed.text.startswith(
        "[00:00:00] Interviewer: Wie haben Sie die ersten Monate in Berlin erlebt?\n\n"
        "[00:00:07] Respondent: Also, ehm,"
    )
    assert "#00:" not in parsed.text


def test_f4_stamps_at_the_start_of_each_turn() -> None:
    text = (
        "#00:00:00-0# I: Wie haben Sie die ersten Monate erlebt?\n"
        "#00:00:07-2# B: Schwer.\n"
        "#00:00:09-5# I: Und dann?\n"
    )
    parsed = parse_stamped_text(text, filename="f4_start.txt")
    assert spans(parsed) == [
        (0, 7200, "Interviewer", "Wie haben Sie die ersten Monate erlebt?"),
        (7200, 9500, "Respondent", "Schwer."),
        (9500, 10500, "Interviewer", "Und dann?"),
    ]


def test_russian_transcript_with_header_emoji_and_continuation_line() -> None:
    parsed = parse_stamped_text(_fixture_text("stamped_ru.txt"), filename="stamped_ru.txt")
    assert spans(parsed) == [
        (0, 3000, None, "Интервью 4 (вымышленное), Тбилиси, 12.03.2024"),
        (3000, 9000, "Интервьюер", "Как вы себя чувствовали, когда пересекли границу? 🙂"),
        (
            9000,
            17000,
            "Анна",
            "Облегчение. И вина — родители остались в Москве. "
            "Мама до сих пор не понимает, почему я уехала.",
        ),
        (17000, 20000, "Интервьюер", "Вы поддерживаете с ними связь?"),
        (20000, 22000, "Анна", "Каждый день 🙏 по видеосвязи."),
    ]
    assert parsed.speakers == ("Интервьюер", "Анна")
    # The emoji before the third turn counts as one code point (two in UTF-16).
    prefix = (
        "[00:00:00] Интервью 4 (вымышленное), Тбилиси, 12.03.2024\n\n"
        "[00:00:03] Интервьюер: Как вы себя чувствовали, когда пересекли границу? 🙂\n\n"
        "[00:00:09] Анна: "
    )
    assert len(prefix) == 151
    assert len(prefix.encode("utf-16-le")) // 2 == 152
    assert parsed.segments[2].char_start == 151


def test_qualcoder_dotted_stamps() -> None:
    parsed = parse_stamped_text(_fixture_text("qualcoder_stamps.txt"), filename="q.txt")
    assert spans(parsed) == [
        (5000, 12000, "Interviewer", "So how did your family react?"),
        (12000, 63000, "Respondent", "They were worried, but they understood."),
        (63000, 69000, "Interviewer", "Did you keep in touch with colleagues in Baku?"),
        (69000, 72200, "Respondent", "Only through Signal. Some of them stopped answering."),
    ]


def test_minute_stamps_fractions_and_no_speakers() -> None:
    text = "[00:05] Первая мысль.\n[01:02.5] Вторая мысль, длиннее.\n[1:02:03,25] Финал.\n"
    parsed = parse_stamped_text(text, filename="m.txt")
    assert spans(parsed) == [
        (5000, 62500, None, "Первая мысль."),
        (62500, 3723250, None, "Вторая мысль, длиннее."),
        (3723250, 3724250, None, "Финал."),
    ]
    assert parsed.speakers == ()


def test_last_turn_end_is_estimated_from_its_words() -> None:
    text = "[00:00:01] I: Frage?\n[00:00:04] B: " + "Wort " * 10 + "\n"
    parsed = parse_stamped_text(text, filename="e.txt")
    assert parsed.segments[-1].start_ms == 4000
    assert parsed.segments[-1].end_ms == 4000 + 10 * 400


def test_speaker_name_on_its_own_line_with_a_stamp() -> None:
    text = (
        "Interviewer [00:00:02]\nWhy Georgia?\n\n"
        "Nino [00:00:05]:\nBecause the visa rules were simple.\n\n"
        "Interviewer [00:00:09]\nAnd now?\n"
    )
    parsed = parse_stamped_text(text, filename="otter.txt")
    assert spans(parsed) == [
        (2000, 5000, "Interviewer", "Why Georgia?"),
        (5000, 9000, "Nino", "Because the visa rules were simple."),
        (9000, 10000, "Interviewer", "And now?"),
    ]


def test_stamp_on_the_line_before_the_turn() -> None:
    text = "[00:00:03]\nI: Erste Frage.\n[00:00:08]\nB: Antwort.\n"
    parsed = parse_stamped_text(text, filename="s.txt")
    assert spans(parsed) == [
        (3000, 8000, "Interviewer", "Erste Frage."),
        (8000, 9000, "Respondent", "Antwort."),
    ]


def test_stamp_inside_a_turn_splits_it_into_segments() -> None:
    text = "[00:00:00] B: Wir sind im März gegangen. [00:00:04] Dann kam der Winter.\n"
    parsed = parse_stamped_text(text, filename="mid.txt")
    assert spans(parsed) == [
        (0, 4000, "Respondent", "Wir sind im März gegangen."),
        (4000, 5600, "Respondent", "Dann kam der Winter."),
    ]
    assert parsed.text == ("[00:00:00] Respondent: Wir sind im März gegangen. Dann kam der Winter.")


def test_numbered_role_letters() -> None:
    text = "[00:00:01] I1: Frage.\n[00:00:02] B2: Antwort.\n[00:00:03] I2: Nachfrage.\n"
    parsed = parse_stamped_text(text, filename="n.txt")
    assert parsed.speakers == ("Interviewer 1", "Respondent 2", "Interviewer 2")
    assert speaker_name("R") == "Respondent"
    assert speaker_name("Dr. Keller") == "Dr. Keller"


def test_a_phrase_with_a_colon_inside_a_turn_is_not_a_speaker() -> None:
    text = "[00:00:01] B: Ich weiß nicht.\nAlso: das war so.\n[00:00:09] I: Verstehe.\n"
    parsed = parse_stamped_text(text, filename="also.txt")
    assert spans(parsed) == [
        (1000, 9000, "Respondent", "Ich weiß nicht. Also: das war so."),
        (9000, 10000, "Interviewer", "Verstehe."),
    ]


def test_a_speaker_heard_once_after_a_stamp_is_a_speaker() -> None:
    text = (
        "[00:00:01] Интервьюер: Когда вы уехали?\n"
        "[00:00:04] Анна: В сентябре.\n"
        "[00:00:06] Муж Анны: Двадцать пятого.\n"
        "[00:00:08] Интервьюер: Спасибо.\n"
    )
    parsed = parse_stamped_text(text, filename="ru.txt")
    assert parsed.speakers == ("Интервьюер", "Анна", "Муж Анны")
    assert spans(parsed)[2] == (6000, 8000, "Муж Анны", "Двадцать пятого.")


def test_impossible_stamp_stays_text() -> None:
    text = "[00:00:01] B: Um [12:75] Uhr? Nein.\n[00:00:04] I: Gut.\n"
    parsed = parse_stamped_text(text, filename="x.txt")
    assert spans(parsed)[0] == (1000, 4000, "Respondent", "Um [12:75] Uhr? Nein.")


def test_text_without_stamps_is_not_a_timed_transcript() -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_stamped_text("I: Hallo\nB: Hallo\n", filename="untimed.txt")
    assert str(caught.value) == (
        "untimed.txt does not look like a timed transcript: it contains no timestamps such "
        "as [00:01:23] or #00:01:23-4#"
    )
