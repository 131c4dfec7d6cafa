"""Boolean queries: ``fear AND (police OR "house search") NOT guilt``.

Operators are written in capitals (AND, OR, NOT) so that "and", "or", "not" stay searchable
words; words side by side mean AND; parentheses group; double quotes, «guillemets» and „German
quotes" make a phrase. For code names (retrieval) neighbouring words join into one name instead,
so ``Fear of repression AND Hope`` needs no quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, Union

from coding.errors import InvalidInput

U = TypeVar("U")

_QUOTES = {'"': '"', "«": "»", "„": "“", "“": "”"}
_OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'\s*(?:(?P<paren>[()])|(?P<quote>["«„“])|(?P<word>[^\s()"«»„“”]+))')


@dataclass(frozen=True)
class Term:
    text: str
    quoted: bool = False


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Union[Term, And, Or, Not]  # noqa: UP007 - a runtime alias, used before 3.12's `type`


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        if not text[at:].strip():
            break
        match = _TOKEN.match(text, at)
        if match is None:  # a stray closing quote
            raise InvalidInput(f"unexpected '{text[at:].strip()[0]}' in the query")
        if match.group("paren"):
            found.append(("paren", match.group("paren")))
            at = match.end()
        elif match.group("quote"):
            closing = _QUOTES[match.group("quote")]
            end = text.find(closing, match.end())
            if end < 0:
                raise InvalidInput(f"a phrase opened with {match.group('quote')} is not closed")
            found.append(("phrase", text[match.end() : end]))
            at = end + 1
        else:
            word = match.group("word")
            found.append(("op" if word in _OPERATORS else "word", word))
            at = match.end()
    return found


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], join_words: bool) -> None:
        self.tokens = tokens
        self.at = 0
        self.join_words = join_words

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.either()
        if self.peek() is not None:
            raise InvalidInput(f"unexpected '{self.peek()[1]}' in the query")  # type: ignore[index]
        return node

    def either(self) -> Node:
        parts = [self.both()]
        while self.peek() == ("op", "OR"):
            self.take()
            parts.append(self.both())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def both(self) -> Node:
        parts = [self.unary()]
        while True:
            token = self.peek()
            if token == ("op", "AND"):
                self.take()
                parts.append(self.unary())
            elif token is not None and token != ("paren", ")") and token != ("op", "OR"):
                parts.append(self.unary())  # side by side: AND
            else:
                break
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        if self.peek() == ("op", "NOT"):
            self.take()
            return Not(self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.peek()
        if token is None:
            raise InvalidInput("the query ends where a word was expected")
        kind, value = self.take()
        if token == ("paren", "("):
            node = self.either()
            if self.peek() != ("paren", ")"):
                raise InvalidInput("a '(' in the query is not closed")
            self.take()
            return node
        if kind == "paren":
            raise InvalidInput("a ')' in the query has no '('")
        if kind == "op":
            raise InvalidInput(f"{value} needs a word on each side")
        if kind == "phrase":
            if not value.strip():
                raise InvalidInput("the query has an empty phrase")
            return Term(" ".join(value.split()), quoted=True)
        words = [value]
        while self.join_words and self.peek() is not None and self.peek()[0] == "word":  # type: ignore[index]
            words.append(self.take()[1])
        return Term(" ".join(words))


def parse(text: str, *, join_words: bool = False) -> Node:
    """The query as a tree; ``join_words`` reads neighbouring words as one name."""
    tokens = _tokens(text)
    if not tokens:
        raise InvalidInput("the query is empty")
    return _Parser(tokens, join_words).parse()


def terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return terms(node.part)
    return [term for part in node.parts for term in terms(part)]


def positive_terms(node: Node, negated: bool = False) -> list[Term]:
    """Terms whose presence can make the query true: what a hit highlights."""
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Not):
        return positive_terms(node.part, not negated)
    return [term for part in node.parts for term in positive_terms(part, negated)]


def needs_units(node: Node) -> bool:
    """False for a plain term or an OR of terms: every occurrence is then a hit."""
    if isinstance(node, Term):
        return False
    if isinstance(node, Or):
        return any(needs_units(part) for part in node.parts)
    return True


def evaluate(node: Node, units_with: Callable[[Term], set[U]], universe: set[U]) -> set[U]:
    """The units (turns, sentences, segments...) where the query holds."""

    def walk(item: Node) -> set[U]:
        if isinstance(item, Term):
            return units_with(item) & universe
        if isinstance(item, Not):
            return universe - walk(item.part)
        parts = [walk(part) for part in item.parts]
        return set.intersection(*parts) if isinstance(item, And) else set.union(*parts)

    return walk(node)


def describe(node: Node) -> str:
    if isinstance(node, Term):
        return f'"{node.text}"' if node.quoted or " " in node.text else node.text
    if isinstance(node, Not):
        return f"NOT {describe(node.part)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(describe(part) for part in node.parts) + ")"
