"""Hypothesis strategies for schedule files, entries and schedule objects, hostile ones
included: numbers of hundreds or thousands of digits, values nested thousands deep, text with
lone surrogates and odd Unicode, and every field of every JSON type.

Property tests use them with ``HOSTILE`` settings: derandomized (the same examples on every
run, in CI too), no example database written, no deadline (a real beat answers in its time).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from celery_desk_beat.crontab_fields import CRONTAB_FIELDS
from celery_desk_beat.schedule_entries import SOLAR_EVENTS

HOSTILE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Any code point, lone surrogates included (Hypothesis leaves out category Cs by default).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ODD_TEXT = [
    "\ud800",
    "a\udfffb",
    "\x00",
    "\u202eevil",
    "\ufeff",
    "e\u0301",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "中文",
    " ",
    "",
    "\n",
    "x" * 300,
]
BIG_NUMBERS = [2**63, -(2**63) - 1, 1e308, 1e-7, 5e-324]
#: 10**400 (float() overflows) and 10**4500 (too long to print on Python 3.11+), built on
#: demand: Hypothesis describes its strategies with repr().
huge_integers = st.sampled_from([400, -400, 4500]).map(
    lambda power: 10 ** abs(power) * (1 if power > 0 else -1)
)


def nested(depth: int, kind: str) -> Any:
    """A list (or object) nested ``depth`` levels deep, built without recursion."""
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


texts = st.one_of(st.text(ANY_CHAR, max_size=12), st.sampled_from(ODD_TEXT))
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(BIG_NUMBERS),
    huge_integers,
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
json_values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
deep_values = st.builds(nested, st.integers(30, 3000), st.sampled_from(["list", "dict"]))
#: A value of any JSON type, or nested very deep.
anything = st.one_of(json_values, deep_values)

cron_texts = st.one_of(
    st.sampled_from(["*", "0", "30", "*/15", "1-5", "mon-fri", "sun", "jan", "7", "60", "L"]),
    st.sampled_from(["*/9999", "10000", "*/0", "MON#1", "@daily", "0-59/" + "0" * 8 + "5"]),
    st.sampled_from([5000, 400]).map(lambda digits: "*/" + "9" * digits),
    st.sampled_from([5000, 400]).map(lambda digits: "1-" + "9" * digits),
    st.from_regex(r"\A[0-9*/,a-z-]{1,12}\Z"),
    anything,
)
instants = st.one_of(
    st.sampled_from(
        [
            "2026-12-01T09:00:00+08:00",
            "2026-12-01T09:00:00",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "not a time",
        ]
    ),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    anything,
)
numbers = st.one_of(
    st.integers(-10, 100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(BIG_NUMBERS),
    huge_integers,
    anything,
)


def _typed(kind: Any, fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries({"type": kind}, optional=fields)


schedule_objects = st.one_of(
    _typed(st.just("interval"), {"seconds": numbers}),
    _typed(st.just("crontab"), dict.fromkeys(CRONTAB_FIELDS, cron_texts)),
    _typed(
        st.just("solar"),
        {
            "event": st.one_of(st.sampled_from(SOLAR_EVENTS), anything),
            "lat": numbers,
            "lon": numbers,
        },
    ),
    _typed(st.just("clocked"), {"at": instants}),
    _typed(anything, {"seconds": numbers, "extra": anything}),
    anything,
)
zones = st.one_of(
    st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Africa/Cairo", "Mars/Base"]),
    st.sampled_from(["", "/etc/passwd", "../x", "\x00", "\ud800", "Europe/Berlin\n"]),
    texts,
)
entries = st.fixed_dictionaries(
    {},
    optional={
        "task": st.one_of(st.just("celery_desk_demo.tasks.test"), anything),
        "schedule": schedule_objects,
        "args": st.one_of(st.lists(json_values, max_size=3), anything),
        "kwargs": st.one_of(st.dictionaries(texts, json_values, max_size=3), anything),
        "options": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "queue": anything,
                    "priority": numbers,
                    "expires": numbers,
                    "headers": anything,
                },
            ),
            anything,
        ),
        "enabled": anything,
        "description": anything,
        "id": st.one_of(texts, anything),
        "_comment": anything,
        "shedule": anything,
    },
)
documents = st.one_of(
    st.fixed_dictionaries(
        {"entries": st.dictionaries(texts, st.one_of(entries, anything), max_size=3)},
        optional={
            "version": st.one_of(st.just(1), numbers),
            "revision": st.one_of(st.integers(0, 10**6), numbers),
            "timezone": zones,
            "_note": anything,
            "unknown": anything,
        },
    ),
    anything,
)


#: Text any file may hold: odd Unicode, but no lone surrogates and no control characters.
fair_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12)
plausible_schedules = st.one_of(
    st.builds(lambda s: {"type": "interval", "seconds": s}, st.integers(1, 10**6)),
    st.builds(
        lambda minute, hour, dow: {
            "type": "crontab",
            "minute": minute,
            "hour": hour,
            "day_of_week": dow,
        },
        st.sampled_from(["0", "*/15", "5,35", "0-10/5"]),
        st.sampled_from(["*", "2", "0-3", "*/6", "22-2"]),
        st.sampled_from(["*", "0", "1-5", "sat,sun"]),
    ),
    st.builds(
        lambda day: {"type": "clocked", "at": f"2031-01-{day:02d}T09:00:00+08:00"},
        st.integers(1, 28),
    ),
    st.builds(
        lambda event, lat: {"type": "solar", "event": event, "lat": lat, "lon": 121.47},
        st.sampled_from(SOLAR_EVENTS),
        st.integers(-60, 60),
    ),
)
plausible_entries = st.fixed_dictionaries(
    {"task": st.just("celery_desk_demo.tasks.test"), "schedule": plausible_schedules},
    optional={
        "args": st.lists(st.integers() | fair_text, max_size=3),
        "kwargs": st.dictionaries(fair_text, st.integers(), max_size=2),
        "enabled": st.booleans(),
        "description": fair_text,
        "options": st.fixed_dictionaries({}, optional={"priority": st.integers(0, 9)}),
    },
)
#: Files a user could write: mostly valid, so that beat applies them as often as not.
plausible_documents = st.fixed_dictionaries(
    {"entries": st.dictionaries(fair_text.filter(str.strip), plausible_entries, max_size=3)},
    optional={
        "revision": st.integers(0, 10**6),
        "timezone": st.sampled_from(["UTC", "Asia/Shanghai", "America/Santiago"]),
    },
)


def _dump(document: Any) -> bytes:
    """JSON text of ``document`` (surrogates escaped); a number JSON cannot print becomes its
    digits written out, as a hand edit would hold them."""
    try:
        return json.dumps(document, ensure_ascii=True).encode("ascii")
    except ValueError:  # an integer of more than 4,300 digits
        return (
            b'{"entries": {"a": {"task": "t", "schedule": {"type": "interval", "seconds": '
            + (b"9" * 5000)
            + b"}}}}"
        )


hostile_files = st.one_of(
    documents.map(_dump),
    st.binary(max_size=64),
    st.sampled_from(
        [
            b"[" * 100_000 + b"]" * 100_000,
            b'{"entries": ' + b"[" * 100_000,
            b"\xef\xbb\xbf{}",
            b"\xff\xfe{}",
            b'{"entries": {}, "revision": NaN}',
            b'{"entries": {}, "entries": {}}',
            b'{"entries": {"a": {"task": "t", "schedule": '
            b'{"type": "interval", "seconds": 1e400}}}}',
            b"",
        ]
    ),
)
#: Half files a user could write, half anything at all (one_of would flatten the two and
#: weigh each of their branches alike).
raw_files = st.sampled_from([plausible_documents.map(_dump), hostile_files]).flatmap(
    lambda files: files
)
