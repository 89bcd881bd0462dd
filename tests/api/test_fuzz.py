"""Schemathesis fuzzes every operation of the live OpenAPI document with a token of each kind of organisation.

The operations come from /api/v1/openapi.json of the running app, so an endpoint added later is
fuzzed too. Checks: no 5xx, every error is application/problem+json, and every answer has a
documented status, content type, headers and a body that matches its schema. Generation is
seeded and bounded, so a run takes the same few seconds every time.
"""
import pytest
import schemathesis
from flask_migrate import upgrade

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.problems import PROBLEM_JSON

from ..conftest import make_test_app
from ..factories import Factories

#: examples per operation and generation mode; with the coverage phase's boundary values this stays quick
MAX_EXAMPLES = 10
SEED = 2020_04_01
CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "mode": "all", "database": "none"},
    # a service's refusal of valid-looking input (a tag whose check character fails, no donation or tag, a skip
    # beyond the sheet; a pickup window that ends before it starts, a pledge of no devices; a file that is no nwipe
    # report; a device-list cursor the list did not make; a scanned code whose check character fails; a claim for
    # no devices or wanted by a past date, a rejection without a reason, an allocation by tags no device has or
    # with both tags and auto; a recipient reference that looks like a BSN, e-mail address or phone number, a loan
    # ending in the past; an audit-trail cursor the trail did not make, dates the wrong way round, a filter that does
    # not fit the chosen log) is a documented 422 that a schema cannot express
    "operations": [{
        "include-path-regex": "^/api/v1/(labels[.]|donations$|wipe-reports$|devices$|scans$|events$|"
                              "claims($|/.+/(decision|allocate)$)|devices/.+/handout$)",
        "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"],
        }},
    }],
})

#: the operations come from the live document of an app that is never connected to a database
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", make_test_app("sqlite://"), config=CONFIG)


@pytest.fixture(scope="module")
def fuzz_app(fresh_database):
    """The app on a database of its own: every fuzzed request commits for real, as in production."""
    application = make_test_app(fresh_database("fuzz").url)
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def tokens(fuzz_app) -> dict[K, str]:
    """A user and an API token per kind of organisation, committed."""
    with fuzz_app.app_context():
        make = Factories(db.session)
        return commit_or_rollback(lambda: {kind: create_token(make.user(kind), "Fuzz")[1] for kind in K})


@schemathesis.check
def errors_are_problem_json(ctx, response, case) -> bool | None:
    """Every 4xx and 5xx answer is application/problem+json with its status in the body."""
    if response.status_code < 400:
        return None
    media_type = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    assert media_type == PROBLEM_JSON, f"{response.status_code} answered as {media_type!r}"
    assert response.json()["status"] == response.status_code
    return True


@pytest.mark.parametrize("kind", list(K), ids=[kind.value for kind in K])
@schema.parametrize()
def test_every_api_operation_survives_fuzzing(case, kind, fuzz_app, tokens):
    case.call_and_validate(
        app=fuzz_app, headers={"Authorization": f"Bearer {tokens[kind]}"}, additional_checks=[errors_are_problem_json]
    )
