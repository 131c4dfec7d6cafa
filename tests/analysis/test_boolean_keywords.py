from __future__ import annotations

import pytest

from coding.analysis import boolean, keywords
from coding.analysis.keywords import log_likelihood
from coding.errors import InvalidInput
from coding.project import Project


def test_parse_precedence_quotes_and_joined_names() -> None:
    tree = boolean.parse('a OR b c NOT «d e» (f OR "g")')
    assert boolean.describe(tree) == '(a OR (b AND c AND NOT "d e" AND (f OR "g")))'
    names = boolean.parse("Fear of repression AND NOT Hope", join_words=True)
    assert boolean.describe(names) == '("Fear of repression" AND NOT Hope)'
    assert [t.text for t in boolean.positive_terms(names)] == ["Fear of repression"]
    # Lower-case words are words, not operators.
    assert boolean.describe(boolean.parse("fear and hope")) == "(fear AND and AND hope)"


@pytest.mark.parametrize("bad", ["", "(a", "a)", '"a', "a OR", "AND a", '""'])
def test_parse_errors(bad: str) -> None:
    with pytest.raises(InvalidInput):
        boolean.parse(bad)


def test_keywords_by_group_skip_stop_words(project: Project) -> None:
    found = keywords(project, by=["origin"], min_count=1, order="count")
    by_label = {entry.group.label: entry for entry in found}
    russia = {word.lemma: word for word in by_label["Russia"].keywords}
    assert russia["страх"].count == 3
    assert russia["helfen"].count == 2
    assert "я" not in russia and "мы" not in russia and "ich" not in russia
    azerbaijan = {word.lemma for word in by_label["Azerbaijan"].keywords}
    assert {"help", "hope", "parent"} <= azerbaijan and "the" not in azerbaijan
    assert russia["страх"].keyness > 0
    with pytest.raises(InvalidInput, match="not coders"):
        keywords(project, by=["coder"])


def test_log_likelihood_known_value() -> None:
    # 10 of 1,000 words against 10 of 10,000: expected 1.818 and 18.18, so
    # G2 = 2 (10 ln(10 / 1.818) + 10 ln(10 / 18.18)) = 22.14.
    assert log_likelihood(10, 10, 1000, 10000) == pytest.approx(22.14, abs=0.01)
    assert log_likelihood(10, 1000, 1000, 10000) < 0
