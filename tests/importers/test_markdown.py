"""markdown_to_text: the words of a Markdown note without its markup."""

from __future__ import annotations

import time

from coding.importers import markdown_to_text

NOTE = """---
title: Feldnotizen
tags: [interview, berlin]
---

# Beobachtung nach dem Interview #

Die Befragte wirkte **sehr** angespannt, als sie über die *Mobilisierung* sprach.
Sie erwähnte die [Telegram-Gruppe](https://t.me/example "Gruppe") zweimal,
siehe auch [Notiz 3][n3] und <https://example.org/a>.

Wichtig
-------

- erstes Thema: ~~Arbeit~~ Wohnung
* zweites Thema: `Aufenthaltstitel`
  mit Fortsetzungszeile
1. nummeriert

> Zitat: «Я не жалею», sagte sie.
> Zweite Zeile des Zitats.

| Code | Anzahl |
|------|-------:|
| Angst | 3 |
| Hoffnung \\| Wut | 2 |

***

![Foto vom Treffen](img/foto.jpg) [lacht] snake_case_name und 2 * 3 * 4
<!-- interne Anmerkung -->
[n3]: https://example.org/n3

```
Code bleibt *wie* er ist
```
"""

EXPECTED = """Beobachtung nach dem Interview

Die Befragte wirkte sehr angespannt, als sie über die Mobilisierung sprach. Sie erwähnte \
die Telegram-Gruppe zweimal, siehe auch Notiz 3 und https://example.org/a.

Wichtig

- erstes Thema: Arbeit Wohnung
- zweites Thema: Aufenthaltstitel mit Fortsetzungszeile
1. nummeriert

Zitat: «Я не жалею», sagte sie. Zweite Zeile des Zitats.

Code\tAnzahl
Angst\t3
Hoffnung | Wut\t2

Foto vom Treffen [lacht] snake_case_name und 2 * 3 * 4

Code bleibt *wie* er ist"""


def test_a_research_note_becomes_plain_text() -> None:
    assert markdown_to_text(NOTE) == EXPECTED


def test_hard_line_breaks_and_escapes() -> None:
    text = "Erste Zeile  \nzweite Zeile\\\ndritte \\*Stern\\* und \\_Strich\\_"
    assert markdown_to_text(text) == "Erste Zeile\nzweite Zeile\ndritte *Stern* und _Strich_"


def test_nested_emphasis_and_scripts() -> None:
    text = "***Очень*** важно: __თბილისი__ _и_ **Баку 🙂**"
    assert markdown_to_text(text) == "Очень важно: თბილისი и Баку 🙂"


def test_crlf_input_and_numbered_setext_heading() -> None:
    text = "Titel\r\n=====\r\n\r\nText.\r\n"
    assert markdown_to_text(text) == "Titel\n\nText."


def test_unclosed_markup_is_left_as_it_is_and_stays_fast() -> None:
    hostile = "**a [b](c *d _e ~~f <x <!-- ![g](h " * 100_000
    started = time.perf_counter()
    result = markdown_to_text(hostile)
    # Each construct is scanned once; a rescan per opening bracket took minutes here.
    assert time.perf_counter() - started < 60
    assert result == hostile.strip()
