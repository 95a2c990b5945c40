"""The scheduler's shims for older Celery and kombu, checked against Celery 5.7 itself.

On Celery 5.7 (the app's) every probe must find Celery's own behaviour, so nothing of
``backported_schedules`` runs there; and the backports must compute what 5.7 computes, on
generated crontabs in zones with daylight saving and on solar events near the poles. The
same schedules on the oldest Celery supported are in tests/test_project_celery_min.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import redis
from celery import Celery
from celery.schedules import crontab, solar
from hypothesis import given, settings
from hypothesis import strategies as st
from kombu.exceptions import BatchPublishError

from celery_desk_beat import celery_compat
from celery_desk_beat.backported_schedules import Solar, ZonedCrontab
from celery_desk_beat.put_capture import can_capture_put, captured_put
from tests.support.redis_server import RedisServer

EXACT = settings(derandomize=True, database=None, deadline=None, max_examples=300)
ZONES = [
    "UTC",
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",  # DST changes at midnight
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Asia/Kolkata",
    "Pacific/Chatham",
]
#: Instants in 2026, including its DST changes: minute steps from the first of January.
instants = st.integers(0, 365 * 24 * 60).map(
    lambda minutes: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes, seconds=17)
)
cron_fields = st.fixed_dictionaries(
    {
        "minute": st.sampled_from(["0", "30", "*/15", "5,35", "0-10/5", "59"]),
        "hour": st.sampled_from(["*", "0", "2", "0-3", "*/6", "22-2", "9-17"]),
        "day_of_week": st.sampled_from(["*", "0", "1-5", "sat,sun", "fri"]),
        "day_of_month": st.sampled_from(["*", "1", "13", "29-31", "*/2", "1-7"]),
        "month_of_year": st.sampled_from(["*", "1-3", "*/3", "2", "10-12"]),
    }
)


def _app(deadline: int | None) -> Celery:
    app = Celery("compat-check", set_as_current=False)
    app.conf.update(enable_utc=True, timezone="UTC", beat_cron_starting_deadline=deadline)
    return app


def _runs(built: crontab, start: datetime, count: int) -> list[datetime]:
    """The next ``count`` due times from a run at ``start``, as the beat chains them."""
    clock = [start]
    built.nowfun = lambda: clock[0]
    times, last = [], start
    for _ in range(count):
        due = last + built.remaining_estimate(last)
        times.append(due.astimezone(UTC))
        clock[0] = last = max(due, last + timedelta(seconds=1))
    return times


def test_on_celery_57_the_schedules_and_the_parser_are_celerys_own() -> None:
    assert celery_compat.crontab_is_zoned()
    assert celery_compat.crontab_class() is crontab
    assert celery_compat.solar_class() is solar
    assert celery_compat.parses_month_names()
    assert celery_compat.celery_field_text("month_of_year", "jan-mar,oct") == "jan-mar,oct"
    assert (BatchPublishError,) == celery_compat.BATCH_PUBLISH_ERRORS


@EXACT
@given(cron_fields, st.sampled_from(ZONES), instants, st.sampled_from([None, 0, 90, 7200]))
def test_the_crontab_backport_computes_what_celery_57_computes(
    fields: dict[str, str], zone: str, start: datetime, deadline: int | None
) -> None:
    try:
        ours, celerys = ZonedCrontab(**fields, app=_app(deadline)), crontab(**fields)
    except ValueError:  # the 30th of February: both refuse it
        with pytest.raises(ValueError):
            ZonedCrontab(**fields)
        return
    celerys.app = _app(deadline)
    for built in (ours, celerys):
        built.tz = ZoneInfo(zone)
    assert _runs(ours, start, 3) == _runs(celerys, start, 3)
    # What beat asks on every pass: is it due now, after a run some while ago?
    last = start - timedelta(hours=5)
    for built in (ours, celerys):
        built.nowfun = lambda: start
    assert ours.is_due(last) == celerys.is_due(last)


@EXACT
@given(
    st.sampled_from(sorted(solar._all_events)),
    st.sampled_from([(31.23, 121.47), (69.65, 18.96), (-54.8, -68.3), (78.2, 15.6)]),
    instants,
)
def test_the_solar_backport_computes_what_celery_57_computes(
    event: str, place: tuple[float, float], start: datetime
) -> None:
    ours, celerys = Solar(event, *place, app=_app(None)), solar(event, *place, app=_app(None))
    for built in (ours, celerys):
        built.nowfun = lambda: start
    last = start - timedelta(hours=1)
    assert ours.remaining_estimate(last) == celerys.remaining_estimate(last)
    assert ours.is_due(last) == celerys.is_due(last)


def test_month_names_become_numbers_only_for_a_parser_without_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(celery_compat, "parses_month_names", lambda: False)
    assert celery_compat.celery_field_text("month_of_year", "Jan-MAR,oct") == "1-3,10"
    assert celery_compat.celery_field_text("month_of_year", "*/3") == "*/3"
    assert celery_compat.celery_field_text("day_of_week", "mon-fri") == "mon-fri"


def test_a_date_that_never_occurs_is_refused_in_celery_57s_words() -> None:
    with pytest.raises(ValueError) as by_celery:
        crontab(day_of_month="30", month_of_year="feb")
    # What an older Celery builds without complaint, checked by the shim instead.
    accepted = SimpleNamespace(day_of_month={30}, month_of_year={2})
    with pytest.raises(ValueError) as by_us:
        celery_compat.check_date_occurs(accepted, "30", "feb")
    assert str(by_us.value) == str(by_celery.value)
    celery_compat.check_date_occurs(SimpleNamespace(day_of_month={29}, month_of_year={2}), "", "")


@pytest.fixture
def sender(redis_server: RedisServer) -> Iterator[Celery]:
    app = Celery("capture-check", broker=redis_server.url, set_as_current=False)
    yield app
    app.close()


def test_a_captured_message_reaches_redis_only_with_the_transaction(
    redis_server: RedisServer, sender: Celery
) -> None:
    """kombu's own ``_put`` (the same code path from 5.3 to 5.7) queues into a transaction,
    while routing through the ``celery`` exchange still reads its bindings from Redis."""
    client: redis.Redis = redis_server.client()
    with sender.producer_or_acquire() as producer:
        channel = producer.channel
        assert can_capture_put(channel)
        with captured_put(channel):
            sender.send_task("probe", (1,), producer=producer)
            assert client.llen("celery") == 0  # queued in the transaction, not sent
        assert client.llen("celery") == 0  # left without executing: discarded

        with captured_put(channel) as transaction:
            sender.send_task("probe", (2,), producer=producer)
            transaction.hset("state", "entry", "sent")
            transaction.execute()
        assert client.llen("celery") == 1 and client.hget("state", "entry") == b"sent"
        # The channel delivers by itself again once the block is left.
        sender.send_task("probe", (3,), producer=producer)
        assert client.llen("celery") == 2
        assert "_put" not in vars(channel) and "conn_or_acquire" not in vars(channel)
