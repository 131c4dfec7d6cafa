"""Names are matched on lemmas: every inflected form of a name is found, and nothing else."""

from __future__ import annotations

import pytest

from coding.errors import InvalidInput
from coding.privacy.entities import check_pseudonym
from coding.privacy.lemmas import Matcher, Pattern, display_name, name_key

PSEUDONYMS = {1: "[P1]", 2: "[P2]", 3: "[P3]", 4: "[P4]", 5: "[P5]"}


def replaced(names: dict[int, str], text: str, *, loose: bool = False) -> str:
    matcher = Matcher(Pattern.of(i, name, loose=loose) for i, name in names.items())
    return matcher.replace(text, PSEUDONYMS)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Иванов", "Я говорил с Ивановым."),
        ("Иванов", "Письмо Ивановой пришло."),
        ("Иванов", "Ивановы уехали."),
        ("Москва", "Он уехал из Москвы."),
        ("Москва", "В Москве было страшно."),
        ("Тбилиси", "Мы жили в Тбилиси."),
        ("Ivanov", "The Ivanovs left in March."),
        ("Ivanov", "It was Ivanov's idea."),
        ("Müller", "Herrn Müllers Wohnung."),
        ("Санкт-Петербург", "В Санкт-Петербурге нас ждали."),
        ("Анна Иванова", "Мы пришли с Анной Ивановой вечером."),
        ("Петров", "ПЕТРОВЫМ подписано."),
    ],
)
def test_every_inflected_form_is_replaced(name: str, text: str) -> None:
    out = replaced({1: name}, text)
    assert "[P1]" in out, out
    assert name.split()[0][:4].lower() not in out.lower()


def test_words_that_only_look_alike_are_left_alone() -> None:
    text = "Ivana and Ivanovich met Moscowitz near the Москва-река. Иван пришёл."
    assert replaced({1: "Ivanov", 2: "Moscow", 3: "Иванов"}, text) == text


def test_a_wildcard_term_catches_case_suffixes() -> None:
    text = "Bakıda yaşayırdım, sonra Bakıya qayıtmadım. Baku too."
    assert replaced({1: "Bakı*"}, text) == "[P1] yaşayırdım, sonra [P1] qayıtmadım. Baku too."


def test_listed_terms_also_catch_words_that_begin_with_them() -> None:
    text = "Meine Mitbewohnerin, eine Berlinerin, kommt aus Berlin-Mitte."
    assert replaced({1: "Berlin"}, text, loose=True) == (
        "Meine Mitbewohnerin, eine [P1], kommt aus [P1]-Mitte."
    )
    # Loose matching is for listed terms only; short names never match longer words.
    assert (
        replaced({1: "Berlin"}, text)
        == "Meine Mitbewohnerin, eine Berlinerin, kommt aus [P1]-Mitte."
    )
    assert replaced({1: "Vera"}, "Veranstaltung mit Vera", loose=True) == "Veranstaltung mit [P1]"


def test_the_longest_name_wins_and_exact_beats_loose() -> None:
    text = "Иван Петров и Петров, и Иван."
    assert replaced({1: "Иван Петров", 2: "Петров", 3: "Иван"}, text) == "[P1] и [P2], и [P3]."


def test_keys_and_display_names_use_dictionary_forms() -> None:
    assert name_key("Анной Ивановой") == name_key("Анна Иванова") == "анна иванов"
    assert name_key("Bakı*") == "bakı*"
    assert display_name("Иваном Петровым") == "Иван Петров"
    assert display_name("ФСБ") == "ФСБ"


def test_a_pseudonym_may_not_contain_the_real_name() -> None:
    with pytest.raises(InvalidInput, match="contains the real name"):
        check_pseudonym("Иванов", "Ивановой-Б")
    assert check_pseudonym("Иванов", "  Участник   Б ") == "Участник Б"
    with pytest.raises(InvalidInput, match="empty"):
        check_pseudonym("Иванов", "  ")


def test_astral_characters_keep_offsets_right() -> None:
    text = "😀🇬🇪 Ивановым сказано"
    matcher = Matcher([Pattern.of(1, "Иванов")])
    (match,) = matcher.find(text)
    assert text[match.start : match.end] == "Ивановым"
