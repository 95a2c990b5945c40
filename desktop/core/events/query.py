"""The Tasks view's search syntax: parse a query once, match it against many tasks.

Syntax (case-insensitive substring matching everywhere)::

    add                      bare word: in name, id, args, kwargs, result or exception
    name:add  state:fail     field:value; fields below
    "two words"  args:"a b"  quoted text (\\" and \\\\ escape inside quotes)
    a b   a AND b            both (AND is implied between terms)
    a OR b                   either
    NOT a   -a               not
    (a OR b) AND NOT c       parentheses group; NOT binds tighter than AND, AND than OR

Fields: ``name``, ``id`` (or ``uuid``), ``args``, ``kwargs``, ``result``, ``exception``,
``traceback``, ``worker``, ``state``, ``queue`` (queue or routing key). Operators are
upper-case words; a lower-case ``or`` is searched for like any other word.

:func:`parse_query` raises :class:`QueryError` with a message and the position of the
problem; an empty query matches everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.core.events.model import TaskRecord
from desktop.core.i18n import translate

#: Field name (and alias) to the haystack it searches.
FIELDS: dict[str, str] = {
    "name": "name",
    "id": "uuid",
    "uuid": "uuid",
    "args": "args",
    "kwargs": "kwargs",
    "result": "result",
    "exception": "exception",
    "traceback": "traceback",
    "worker": "worker",
    "state": "state",
    "queue": "queue",
}
#: What a bare word searches.
BARE_FIELDS = ("name", "uuid", "args", "kwargs", "result", "exception")

#: Gets a haystack by name, already lower-cased ("" when the task has none).
Haystack = Callable[[str], str]
Predicate = Callable[[Haystack], bool]


class QueryError(ValueError):
    """A query that cannot be parsed; ``position`` is the offending character's index."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # WORD, FIELD, AND, OR, NOT, LPAREN, RPAREN
    text: str
    position: int
    field: str | None = None


_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}
_DELIMITERS = frozenset(' \t\r\n()"')


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """The unescaped text of the quoted string starting at ``start``, and the index after."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if char == '"':
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise QueryError(translate("TaskQuery", 'unclosed quote: add a closing "'), start)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token("LPAREN" if char == "(" else "RPAREN", char, i))
            i += 1
        elif char == '"':
            start = i
            value, i = _read_quoted(text, i)
            tokens.append(_Token("WORD", value, start))
        elif char == "-" and i + 1 < len(text) and text[i + 1] not in _DELIMITERS:
            tokens.append(_Token("NOT", "-", i))
            i += 1
        else:
            token, i = _read_word(text, i)
            tokens.append(token)
    return tokens


def _read_word(text: str, start: int) -> tuple[_Token, int]:
    """A bare word, an operator or a ``field:value`` term starting at ``start``."""
    i = start
    while i < len(text) and text[i] not in _DELIMITERS and text[i] != ":":
        i += 1
    word = text[start:i]
    if i >= len(text) or text[i] != ":":
        if word in _OPERATORS:
            return _Token(_OPERATORS[word], word, start), i
        return _Token("WORD", word, start), i
    field = word.lower()
    if field not in FIELDS:
        message = translate(
            "TaskQuery", 'unknown field {0}: use one of {1}, or quote the text ("{2}:...")'
        )
        raise QueryError(message.format(repr(word), ", ".join(FIELDS), word), start)
    i += 1
    if i < len(text) and text[i] == '"':
        value, i = _read_quoted(text, i)
    else:
        vstart = i
        while i < len(text) and text[i] not in _DELIMITERS:
            i += 1
        value = text[vstart:i]
    if not value:
        message = translate("TaskQuery", "{0}: needs a value, e.g. {0}:something")
        raise QueryError(message.format(word), start)
    return _Token("FIELD", value, start, FIELDS[field]), i


class _Parser:
    """Recursive descent over the tokens; builds predicate closures."""

    def __init__(self, tokens: list[_Token], length: int) -> None:
        self.tokens = tokens
        self.index = 0
        self.length = length

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.parse_or()
        token = self.peek()
        if token is not None:
            message = translate("TaskQuery", "unexpected {0}")
            raise QueryError(message.format(repr(token.text)), token.position)
        return predicate

    def parse_or(self) -> Predicate:
        parts = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            parts.append(self.parse_and())
        if len(parts) == 1:
            return parts[0]
        return lambda get: any(part(get) for part in parts)

    def parse_and(self) -> Predicate:
        parts = [self.parse_not()]
        while (token := self.peek()) is not None and token.kind not in ("OR", "RPAREN"):
            if token.kind == "AND":
                self.take()
            parts.append(self.parse_not())
        if len(parts) == 1:
            return parts[0]
        return lambda get: all(part(get) for part in parts)

    def parse_not(self) -> Predicate:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            inner = self.parse_not()
            return lambda get: not inner(get)
        return self.parse_atom()

    def parse_atom(self) -> Predicate:
        token = self.peek()
        if token is None:
            message = translate("TaskQuery", "the query ends too early: a term is missing")
            raise QueryError(message, self.length)
        if token.kind == "LPAREN":
            self.take()
            inner = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QueryError(translate("TaskQuery", "missing ')'"), token.position)
            self.take()
            return inner
        if token.kind in ("AND", "OR", "RPAREN"):
            message = translate("TaskQuery", "unexpected {0}: a term is missing")
            raise QueryError(message.format(repr(token.text)), token.position)
        self.take()
        return _leaf(token.text.lower(), token.field)


def _leaf(needle: str, field: str | None) -> Predicate:
    if field is not None:
        return lambda get: needle in get(field)
    return lambda get: any(needle in get(name) for name in BARE_FIELDS)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; :meth:`matches` takes a task, :meth:`matches_haystack` a lookup."""

    text: str
    _predicate: Predicate | None

    @property
    def empty(self) -> bool:
        return self._predicate is None

    def matches_haystack(self, get: Haystack) -> bool:
        return self._predicate is None or self._predicate(get)

    def matches(self, task: TaskRecord) -> bool:
        return self._predicate is None or self._predicate(task_haystack(task))


def parse_query(text: str) -> Query:
    """Parse ``text``; raises :class:`QueryError` explaining what is wrong and where."""
    tokens = _tokenize(text)
    if not tokens:
        return Query(text, None)
    return Query(text, _Parser(tokens, len(text)).parse())


def task_text(task: TaskRecord, field: str) -> str:
    """The lower-cased text of one haystack of ``task``."""
    value = (task.queue or task.routing_key) if field == "queue" else getattr(task, field)
    return value.lower() if isinstance(value, str) else ("" if value is None else str(value))


def task_haystack(task: TaskRecord) -> Haystack:
    """A lookup of ``task``'s haystacks, each lower-cased once, on first use."""
    cache: dict[str, str] = {}

    def get(field: str) -> str:
        text = cache.get(field)
        if text is None:
            text = cache[field] = task_text(task, field)
        return text

    return get
