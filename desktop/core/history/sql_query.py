"""The Tasks view's filters and search language as SQL over the journal.

Every condition is made to use an index (:mod:`desktop.core.history.schema`):

- states, exact name and worker, and the time range: the ``tasks`` indexes;
- ``name:``, ``worker:``, ``queue:`` and ``state:`` (substrings, as in memory): the few
  matching values are looked up in ``names`` first, then ``IN (...)`` over the index;
- ``args:``, ``kwargs:``, ``result:``, ``exception:`` and bare words: the trigram index
  ``task_text`` (``LIKE '%needle%'``), which needs three characters: a shorter needle, or one
  with ``%`` or ``_`` in it, is looked for row by row;
- ``id:`` matches the start of the id (an index range): in memory it matches anywhere, but
  nobody types the middle of a uuid, and a substring scan of a million ids is no index;
- ``traceback:`` is looked for row by row (only failures have one).

A condition on a missing value is false, and NOT of it true, as in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from desktop.core.events.query import BARE_FIELDS
from desktop.core.events.query_tree import AllOf, AnyOf, Node, Not, Term, query_tree
from desktop.core.events.task_filter import TaskFilter

#: Haystacks held in ``names`` (kind = the haystack's name).
_NAMED: Final = ("name", "worker", "queue", "state")
#: Haystacks in the trigram index.
_TEXT: Final = ("args", "kwargs", "result", "exception")
TRIGRAM: Final = 3


@dataclass(slots=True)
class Where:
    """A SQL condition over ``tasks`` and its parameters."""

    sql: str = "1"
    params: list[object] = field(default_factory=list)


def compile_filter(task_filter: TaskFilter) -> Where:
    """The condition that selects what ``task_filter`` shows."""
    parts: list[str] = []
    params: list[object] = []
    if task_filter.states is not None:
        states = sorted(task_filter.states)
        parts.append(f"state IN ({', '.join('?' * len(states))})" if states else "0")
        params += states
    if task_filter.name:
        parts.append("name = ?")
        params.append(task_filter.name)
    if task_filter.worker:
        parts.append("worker = ?")
        params.append(task_filter.worker)
    if task_filter.since is not None:
        parts.append("seen >= ?")
        params.append(task_filter.since)
    if task_filter.until is not None:
        parts.append("seen <= ?")
        params.append(task_filter.until)
    tree = query_tree(task_filter.query.text) if not task_filter.query.empty else None
    if tree is not None:
        sql, more = _node(tree)
        parts.append(sql)
        params += more
    if not parts:
        return Where()
    return Where(" AND ".join(parts), params)


def _node(node: Node) -> tuple[str, list[object]]:
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Not):
        inner = node.part
        if isinstance(inner, Term) and inner.field in _NAMED:
            # the values that do not match, so that the index still serves (a NOT IN cannot)
            return (
                f"({inner.field} IS NULL OR {inner.field} IN (SELECT text FROM names "
                "WHERE kind = ? AND NOT instr(lower(text), ?)))",
                [inner.field, inner.needle],
            )
        sql, params = _node(inner)
        return f"NOT ({sql})", params
    joiner = " AND " if isinstance(node, AllOf) else " OR "
    assert isinstance(node, AllOf | AnyOf)
    pieces = [_node(part) for part in node.parts]
    return "(" + joiner.join(sql for sql, _ in pieces) + ")", [p for _, ps in pieces for p in ps]


def _term(term: Term) -> tuple[str, list[object]]:
    fields = BARE_FIELDS if term.field is None else (term.field,)
    pieces = [_field(name, term.needle) for name in fields]
    if len(pieces) == 1:
        return pieces[0]
    return "(" + " OR ".join(sql for sql, _ in pieces) + ")", [p for _, ps in pieces for p in ps]


def _field(name: str, needle: str) -> tuple[str, list[object]]:
    """One haystack containing ``needle``: never NULL, so NOT works as in memory."""
    if name in _NAMED:
        column = name
        return (
            f"coalesce({column} IN (SELECT text FROM names WHERE kind = ? "
            "AND instr(lower(text), ?)), 0)",
            [name, needle],
        )
    if name == "uuid":
        return "(uuid >= ? AND uuid < ?)", [needle, needle + "\U0010ffff"]
    if name in _TEXT and len(needle) >= TRIGRAM and not set(needle) & {"%", "_"}:
        # the index finds candidates; LIKE on the index verifies (it reads the row's text)
        return f"id IN (SELECT rowid FROM task_text WHERE {name} LIKE ?)", [f"%{needle}%"]
    return f"coalesce(instr(lower({name}), ?), 0) > 0", [needle]
