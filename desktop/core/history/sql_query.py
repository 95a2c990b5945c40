"""The Tasks view's filters and search language as SQL over the journal.

Every condition is made to use an index (:mod:`desktop.core.history.schema`):

- states, exact name and worker, and the time range: the ``tasks`` indexes;
- ``name:``, ``worker:``, ``queue:`` and ``state:`` (substrings, as in memory): the few
  matching values are looked up in ``names`` first, then ``IN (...)`` over the index; a
  second such condition in the same AND is a set of ids taken from its own index, so two
  conditions intersect two indexes instead of reading every row one of them selects;
- ``args:``, ``kwargs:``, ``result:``, ``exception:`` and bare words: the trigram index
  ``task_text`` finds the rows holding every three-letter piece of the needle, and ``instr``
  checks those rows; a needle shorter than three letters is looked for row by row;
- ``id:`` matches the start of the id (an index range): in memory it matches anywhere, but
  nobody types the middle of a uuid, and a substring scan of a million ids is no index;
- ``traceback:`` is looked for row by row (only failures have one).

Under a NOT every condition is written so that a missing value counts as "does not contain",
as in memory; elsewhere it is written plainly, so that SQLite can use the index.

A text condition leaves a ``{id}`` in the SQL for :meth:`Where.sql_for`: a page over many
matches reads the sort index and checks each row against the matches (``+id``), a page over
few looks the matches up (``id``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from desktop.core.events.query import BARE_FIELDS
from desktop.core.events.query_tree import AllOf, Node, Not, Term, query_tree
from desktop.core.events.task_filter import TaskFilter

#: Haystacks held in ``names`` (kind = the haystack's name).
_NAMED: Final = ("name", "worker", "queue", "state")
#: Haystacks in the trigram index.
_TEXT: Final = ("args", "kwargs", "result", "exception")
TRIGRAM: Final = 3

Fragment = tuple[str, list[object]]
#: How many rows a condition selects, at most some cap (to order an intersection).
Estimate = Callable[[str, list[object]], int]


@dataclass(slots=True)
class Where:
    """A SQL condition over ``tasks``, its parameters, and the text index queries in it."""

    sql: str = "1"
    params: list[object] = field(default_factory=list)
    #: The MATCH expressions of the trigram index this condition uses.
    matches: list[str] = field(default_factory=list)

    def sql_for(self, scan_order: bool) -> str:
        """The condition, its text lookups made to probe (``scan_order``) or to drive."""
        return self.sql.replace("{id}", "+id" if scan_order else "id")


def compile_filter(task_filter: TaskFilter, estimate: Estimate | None = None) -> Where:
    """The condition that selects what ``task_filter`` shows. With ``estimate``, the index
    conditions of an AND are intersected from the most selective one."""
    where = Where()
    parts: list[Fragment] = []
    if task_filter.states is not None:
        states: list[object] = [*sorted(task_filter.states)]
        parts.append((f"state IN ({', '.join('?' * len(states))})" if states else "0", states))
    if task_filter.name:
        parts.append(("name = ?", [task_filter.name]))
    if task_filter.worker:
        parts.append(("worker = ?", [task_filter.worker]))
    if task_filter.since is not None:
        parts.append(("seen >= ?", [task_filter.since]))
    if task_filter.until is not None:
        parts.append(("seen <= ?", [task_filter.until]))
    tree = query_tree(task_filter.query.text) if not task_filter.query.empty else None
    if tree is not None:
        parts += [_node(part, where, negated=False, estimate=estimate) for part in _and_parts(tree)]
    if parts:
        where.sql, where.params = _intersect(parts, estimate)
    return where


def _and_parts(node: Node) -> list[Node]:
    return list(node.parts) if isinstance(node, AllOf) else [node]


def _intersect(parts: list[Fragment], estimate: Estimate | None) -> Fragment:
    """``parts`` joined by AND: the index condition selecting fewest rows drives, every other
    one becomes a set of ids read from its own index (no row is read to test it)."""
    indexed = [p for p in parts if p[0].startswith(("state ", "name ", "worker ", "queue "))]
    if len(indexed) > 1 and estimate is not None:
        indexed.sort(key=lambda part: estimate(*part))
    driver = indexed[0] if indexed else None
    out: list[str] = []
    params: list[object] = []
    for part in ([driver] if driver else []) + [p for p in parts if p is not driver]:
        sql, more = part
        wrapped = part in indexed and part is not driver
        # +id: a set to test rows against, never to drive (SQLite would look up its every id)
        out.append(f"+id IN (SELECT id FROM tasks WHERE {sql})" if wrapped else sql)
        params += more
    return " AND ".join(out), params


def _node(node: Node, where: Where, negated: bool, estimate: Estimate | None = None) -> Fragment:
    if isinstance(node, Term):
        return _term(node, where, negated)
    if isinstance(node, Not):
        inner = node.part
        if isinstance(inner, Term) and inner.field in _NAMED:
            # the values that do not match, so that the index still serves (NOT IN cannot)
            return (
                f"({inner.field} IS NULL OR {inner.field} IN (SELECT text FROM names "
                "WHERE kind = ? AND NOT instr(lower(text), ?)))",
                [inner.field, inner.needle],
            )
        sql, params = _node(inner, where, negated=not negated)
        return f"NOT ({sql})", params
    if isinstance(node, AllOf) and not negated:
        return _intersect([_node(part, where, negated, estimate) for part in node.parts], estimate)
    joiner = " AND " if isinstance(node, AllOf) else " OR "
    pieces = [_node(part, where, negated) for part in node.parts]
    return "(" + joiner.join(sql for sql, _ in pieces) + ")", [p for _, ps in pieces for p in ps]


def _term(term: Term, where: Where, negated: bool) -> Fragment:
    fields = BARE_FIELDS if term.field is None else (term.field,)
    texts = [name for name in fields if name in _TEXT]
    pieces = [_field(name, term.needle, negated) for name in fields if name not in _TEXT]
    if texts:
        pieces.append(_text(texts, term.needle, where))
    if len(pieces) == 1:
        return pieces[0]
    return "(" + " OR ".join(sql for sql, _ in pieces) + ")", [p for _, ps in pieces for p in ps]


def _field(name: str, needle: str, negated: bool) -> Fragment:
    """One haystack of ``names``, the id, or the traceback containing ``needle``."""
    if name in _NAMED:
        sql = f"{name} IN (SELECT text FROM names WHERE kind = ? AND instr(lower(text), ?))"
        return (f"coalesce({sql}, 0)" if negated else sql), [name, needle]
    if name == "uuid":
        return "(uuid >= ? AND uuid < ?)", [needle, needle + "\U0010ffff"]
    return f"coalesce(instr(lower({name}), ?), 0) > 0", [needle]


def _text(columns: list[str], needle: str, where: Where) -> Fragment:
    """``needle`` in any of ``columns`` (each held in the trigram index); never NULL."""
    checks = " OR ".join(f"coalesce(instr(lower({column}), ?), 0) > 0" for column in columns)
    params: list[object] = [needle] * len(columns)
    if len(needle) < TRIGRAM:
        return f"({checks})", params
    match = trigram_match(needle)
    where.matches.append(match)
    return (
        f"({{id}} IN (SELECT rowid FROM task_text WHERE task_text MATCH ?) AND ({checks}))",
        [match, *params],
    )


def trigram_match(needle: str) -> str:
    """A MATCH expression for the rows holding every three-character piece of ``needle``
    (in any column: the index keeps no columns, ``detail=none``, which makes it small)."""
    pieces = dict.fromkeys(needle[i : i + TRIGRAM] for i in range(len(needle) - TRIGRAM + 1))
    return " AND ".join('"' + piece.replace('"', '""') + '"' for piece in pieces)
