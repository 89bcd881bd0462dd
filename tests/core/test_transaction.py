"""commit_or_rollback: all or nothing, and a write that loses a race gets a plain refusal instead of a 500."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.core.transaction import CONFLICT, commit_or_rollback


def organisation_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation))


def test_a_refusal_keeps_nothing_of_the_action(make, session):
    before = organisation_count(session)

    def half_done():
        session.add(Organisation(kind=K.DONOR, name="Half"))
        session.flush()
        raise DomainError("nee")

    with pytest.raises(DomainError):
        commit_or_rollback(half_done)
    assert organisation_count(session) == before


def test_a_duplicate_written_by_a_simultaneous_request_is_a_plain_refusal(make, session):
    """The service's check passed, but the same e-mail address reached the database first."""
    existing = make.user(K.DONOR)
    session.commit()
    before = organisation_count(session)

    def sign_up_the_same_address():
        organisation = Organisation(kind=K.DONOR, name="Tegelijk")
        session.add(User(email=existing.email.upper(), name="Tweede", organisation=organisation))

    with pytest.raises(DomainError) as refused:
        commit_or_rollback(sign_up_the_same_address)
    assert (str(refused.value.message), refused.value.field) == (str(CONFLICT), "email")
    assert organisation_count(session) == before


def test_other_integrity_errors_are_not_hidden(make, session):
    def broken_reference():
        session.add(User(email="los@example.org", name="Los", organisation_id=10**9))

    with pytest.raises(IntegrityError):
        commit_or_rollback(broken_reference)


def test_an_organisation_name_taken_at_the_same_moment_is_a_plain_refusal(make, session):
    existing = make.user(K.CARE).organisation
    session.commit()

    def start_the_same_organisation():
        session.add(Organisation(kind=K.CARE, name=f"  {existing.name.upper()} "))

    with pytest.raises(DomainError) as refused:
        commit_or_rollback(start_the_same_organisation)
    assert (str(refused.value.message), refused.value.field) == (str(CONFLICT), "organisation")


def test_changes_made_outside_the_action_are_refused_not_committed_on_the_side(make, session):
    before = organisation_count(session)
    session.add(Organisation(kind=K.DONOR, name="Buiten de actie"))
    with pytest.raises(RuntimeError):
        commit_or_rollback(lambda: None)
    session.rollback()
    assert organisation_count(session) == before
