"""The search language (:mod:`desktop.core.events.query`) as a tree, for other evaluators.

:func:`parse_query` in ``query`` compiles a query straight into a predicate over one task in
memory; the journal needs the same query as SQL over a million rows
(:mod:`desktop.core.history.sql_query`). Both read the same tokens and the same grammar: NOT
binds tighter than AND (implied between terms), AND tighter than OR, parentheses group. Call
:func:`parse_query` first (it reports errors with their position); this module then builds
the tree of a query known to be valid.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.events.query import _Token, _tokenize


@dataclass(frozen=True, slots=True)
class Term:
    """``needle`` (lower-cased) in ``field``'s haystack; ``field`` None is a bare word."""

    needle: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Node


Node = Term | AllOf | AnyOf | Not


def query_tree(text: str) -> Node | None:
    """The tree of ``text`` (None for an empty query). Raises ValueError when invalid:
    validate with :func:`desktop.core.events.query.parse_query` for the reason."""
    tokens = _tokenize(text)
    if not tokens:
        return None
    reader = _Reader(tokens)
    node = reader.any_of()
    if reader.peek() is not None:
        raise ValueError("unexpected token")
    return node


class _Reader:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def any_of(self) -> Node:
        parts = [self.all_of()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def all_of(self) -> Node:
        parts = [self.negated()]
        while (token := self.peek()) is not None and token.kind not in ("OR", "RPAREN"):
            if token.kind == "AND":
                self.take()
            parts.append(self.negated())
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def negated(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            return Not(self.negated())
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None or token.kind in ("AND", "OR", "RPAREN"):
            raise ValueError("a term is missing")
        self.take()
        if token.kind == "LPAREN":
            inner = self.any_of()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise ValueError("missing ')'")
            self.take()
            return inner
        return Term(token.text.lower(), token.field)
