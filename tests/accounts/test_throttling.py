"""Throttling: sign-in back-off per account and source, the limit per address, and the other forms.

Apps here have RATELIMIT_ENABLED=True. Each app gets a new storage, so counts in memory:// start at zero.
"""
import os
import re
import sqlite3
import time
import uuid

import pytest
from flask_migrate import upgrade
from hypothesis import given, strategies as st

from allemaaldigitaal.accounts.throttling import backoff_seconds

from ..conftest import add_donor, app_builder, migrated_database
from ..factories import PASSWORD

CSRF = re.compile(r'(name="csrf_token"[^>]*value=")([^"]+)')
WRONG = "wrong password here"
HERE, ELSEWHERE = "198.51.100.7", "203.0.113.9"
#: quick back-off for the tests: three free failures, then 1 s, 2 s, 4 s …
QUICK = {"LOGIN_FREE_FAILURES": 3, "LOGIN_BACKOFF_FIRST_SECONDS": 1, "LOGIN_BACKOFF_MAX_SECONDS": 4}
#: a limit per address that does not get in the way, so Retry-After is the back-off's own
GENEROUS_PER_IP = {"LOGIN_LIMIT_PER_IP": "1000 per second"}
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


@pytest.fixture(scope="module")
def own_database(fresh_database):
    return migrated_database(fresh_database, "throttling")


@pytest.fixture
def limited(own_database):
    """limited(**settings): an app with throttling on, on the module's database; closed after the test."""
    with app_builder(own_database, RATELIMIT_ENABLED=True) as build:
        yield build


def add_user(application) -> str:
    return add_donor(application, PASSWORD)


def attempt(client, email, password=PASSWORD, source=HERE):
    return client.post("/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": source})


def statuses(client, email, password, times: int, source=HERE) -> list[int]:
    return [attempt(client, email, password, source).status_code for _ in range(times)]


def page_without_token(response) -> str:
    return CSRF.sub(r"\1", response.get_data(as_text=True))


# --- what counts ----------------------------------------------------------------------------------

def test_posts_without_a_password_never_slow_the_account_down(limited):
    application = limited()
    email = add_user(application)
    client = application.test_client()
    assert statuses(client, email, "", 12) == [200] * 12
    assert attempt(client, email).status_code == 302


def test_answers_during_an_outage_do_not_count(limited, tmp_path):
    """The database cannot write (another process holds SQLite's write lock): the sign-in fails, but not the password."""
    path = tmp_path / "outage.sqlite"
    application = limited(f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=50, **QUICK)
    with application.app_context():
        upgrade()
    email = add_user(application)
    client = application.test_client()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        outage = statuses(client, email, WRONG, 12)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert all(status >= 500 for status in outage), outage
    assert attempt(client, email).status_code == 302


def test_successful_sign_ins_do_not_count_as_failures(limited):
    application = limited()
    email = add_user(application)
    assert statuses(application.test_client(), email, PASSWORD, 7) == [302] * 7


# --- back-off per account and source ------------------------------------------------------------

def test_a_source_that_keeps_failing_waits_longer_after_each_failure(limited):
    application = limited(**QUICK, **GENEROUS_PER_IP)
    email = add_user(application)
    client = application.test_client()
    assert statuses(client, email, WRONG, 4) == [200] * 4, "three free failures; the fourth means a wait of 1 s"
    refused = attempt(client, email.upper(), PASSWORD)
    assert refused.status_code == 429 and 0 <= int(refused.headers["Retry-After"]) <= 1
    time.sleep(1.05)
    assert attempt(client, email, WRONG).status_code == 200, "the wait is over; this failure means a wait of 2 s"
    time.sleep(1.05)
    assert attempt(client, email, PASSWORD).status_code == 429
    time.sleep(1.0)
    assert attempt(client, email, PASSWORD).status_code == 302


def test_the_refusal_is_the_same_whether_or_not_the_account_exists(limited):
    application = limited(**QUICK, **GENEROUS_PER_IP)
    client = application.test_client()
    refusals = []
    for email in (add_user(application), "Ghost@Throttling.example"):
        statuses(client, email, WRONG, 4)
        refusals.append(attempt(client, email, PASSWORD))
    existing, ghost = refusals
    assert existing.status_code == ghost.status_code == 429
    assert page_without_token(existing) == page_without_token(ghost)
    assert "te vaak geprobeerd" in ghost.get_data(as_text=True)
    assert all(0 <= int(refusal.headers["Retry-After"]) <= 1 for refusal in refusals)


def test_another_source_with_the_right_password_is_never_refused(limited):
    application = limited(**QUICK, **GENEROUS_PER_IP)
    email = add_user(application)
    attacker, owner = application.test_client(), application.test_client()
    assert statuses(attacker, email, WRONG, 12)[-1] == 429
    assert attempt(owner, email, PASSWORD, source=ELSEWHERE).status_code == 302


def test_after_the_wait_the_right_password_signs_in_and_the_count_starts_again(limited):
    application = limited(**QUICK, **GENEROUS_PER_IP)
    email = add_user(application)
    client = application.test_client()
    statuses(client, email, WRONG, 4)
    assert attempt(client, email).status_code == 429
    time.sleep(1.05)
    assert attempt(client, email).status_code == 302
    assert statuses(application.test_client(), email, WRONG, 4) == [200] * 4


@given(st.integers(min_value=0, max_value=10_000))
def test_the_wait_is_nothing_for_the_free_failures_then_doubles_up_to_the_maximum(app, failures):
    with app.app_context():
        wait, before = backoff_seconds(failures), backoff_seconds(max(failures - 1, 0))
    free, first, most = (app.config[key] for key in ("LOGIN_FREE_FAILURES", "LOGIN_BACKOFF_FIRST_SECONDS",
                                                     "LOGIN_BACKOFF_MAX_SECONDS"))
    if failures <= free:
        assert wait == 0
    elif failures == free + 1:
        assert wait == first
    else:
        assert wait == min(2 * before, most)


# --- counts shared through RATELIMIT_STORAGE_URI ---------------------------------------------------

@pytest.fixture
def redis_storage():
    """Settings for a Redis storage under a key prefix of this test's own; its keys are removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis does not answer at {REDIS_URL}. Run `make test` (it starts Redis) or set TEST_REDIS_URL.")
    prefix = f"allemaaldigitaal-test-{uuid.uuid4().hex[:12]}"
    yield {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix}}
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def two_servers(limited, **settings):
    return [limited(**QUICK, **GENEROUS_PER_IP, **settings) for _ in range(2)]


def test_two_app_servers_sharing_redis_share_the_counts(limited, redis_storage):
    first, second = two_servers(limited, **redis_storage)
    email = add_user(first)
    assert statuses(first.test_client(), email, WRONG, 4) == [200] * 4
    assert attempt(second.test_client(), email).status_code == 429
    assert attempt(second.test_client(), email, source=ELSEWHERE).status_code == 302


def test_app_servers_each_counting_in_memory_do_not_share(limited):
    first, second = two_servers(limited, RATELIMIT_STORAGE_URI="memory://")
    email = add_user(first)
    statuses(first.test_client(), email, WRONG, 4)
    assert attempt(first.test_client(), email).status_code == 429
    assert attempt(second.test_client(), email).status_code == 302


# --- the limit per address and the other forms --------------------------------------------------

def test_one_address_may_try_twenty_sign_ins_a_minute(limited):
    client = limited().test_client()
    assert [attempt(client, f"visitor{n}@example.org").status_code for n in range(21)] == [200] * 20 + [429]


def test_password_change_and_sign_up_are_throttled_too(limited):
    application = limited()
    client = application.test_client()
    attempt(client, add_user(application))
    wrong = {"current_password": "not my password", "new_password": "x" * 12, "new_password_confirm": "x" * 12}
    assert [client.post("/profiel/wachtwoord", data=wrong).status_code for _ in range(6)] == [200] * 5 + [429]
    assert [client.post("/aanmelden", data={}).status_code for _ in range(11)] == [200] * 10 + [429]


def test_an_app_with_limits_switched_off_is_not_throttled_by_another_app(limited, client):
    limited()
    assert [client.post("/login", data={"email": "free@example.org", "password": WRONG}).status_code
            for _ in range(25)] == [200] * 25
