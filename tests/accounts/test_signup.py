"""Public sign-up of donors: a donor organisation and its first user, signed in at once."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from allemaaldigitaal.accounts.auth import normalise_postcode, sign_up_donor
from allemaaldigitaal.accounts.passwords import verify_password
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Organisation, User
from allemaaldigitaal.extensions import db

PASSWORD = "zeven laptops voor de buurt"


def form(**changes) -> dict:
    data = {
        "organisation": "Bakkerij Brood & Zo",
        "name": "Els Bakker",
        "email": "els@bakkerij.example",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "postcode": "3512ab",
        "city": "Utrecht",
        "accept_privacy": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Organisation, User, AuditEvent))


def test_sign_up_page_asks_for_the_organisation_the_person_and_consent(client):
    body = client.get("/aanmelden").get_data(as_text=True)
    for name in ("organisation", "name", "email", "password", "password_confirm", "postcode", "city", "accept_privacy"):
        assert f'name="{name}"' in body
    assert 'href="/privacy"' in body


def test_sign_up_makes_a_donor_organisation_and_its_first_user_and_signs_in(client, session):
    response = client.post("/aanmelden", data=form(kind="coordinator"))
    assert response.status_code == 302 and response.location == "/"
    user = db.session.scalar(select(User).where(User.email == "els@bakkerij.example"))
    organisation = user.organisation
    assert organisation.kind == K.DONOR
    assert (organisation.name, organisation.contact_name, organisation.contact_email) == (
        "Bakkerij Brood & Zo", "Els Bakker", "els@bakkerij.example")
    assert (organisation.postcode, organisation.city) == ("3512 AB", "Utrecht")
    assert verify_password(user.password_hash, PASSWORD)
    assert client.get("/profiel").status_code == 200
    signup, = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "signup"))
    assert (signup.actor_id, signup.organisation_id, signup.subject) == (user.id, organisation.id, user.email)


def test_postcode_and_city_may_stay_empty(client):
    assert client.post("/aanmelden", data=form(postcode="", city="")).status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Bakkerij Brood & Zo"))
    assert (organisation.postcode, organisation.city) == (None, None)


def test_signing_up_with_a_name_already_in_use_makes_a_separate_organisation(client, make):
    existing = make.organisation(K.DONOR, name="Bakkerij Brood & Zo")
    client.post("/aanmelden", data=form())
    user = db.session.scalar(select(User).where(User.email == "els@bakkerij.example"))
    assert user.organisation_id != existing.id


@pytest.mark.parametrize("email", ["taken@example.org", "Taken@Example.ORG"])
def test_an_email_already_in_use_is_refused_and_nothing_is_written(client, make, session, email):
    make.user(K.CARE, email="taken@example.org")
    session.commit()
    before = counts()
    response = client.post("/aanmelden", data=form(email=email))
    assert response.status_code == 200
    assert "Er is al een account met dit e-mailadres" in response.get_data(as_text=True)
    assert counts() == before
    assert client.get("/profiel").status_code == 302


@pytest.mark.parametrize("changes, message", [
    ({"password": "kort", "password_confirm": "kort"}, "minstens 12 tekens"),
    ({"password": "x" * 129, "password_confirm": "x" * 129}, "hoogstens 128 tekens"),
    ({"password_confirm": "een ander wachtwoord"}, "De twee wachtwoorden zijn niet hetzelfde."),
    ({"accept_privacy": None}, "Zet een vinkje als je de privacyverklaring hebt gelezen."),
    ({"email": "geen-adres"}, "Dit e-mailadres klopt niet"),
    ({"organisation": "  "}, "Vul de naam van je organisatie in."),
    ({"name": ""}, "Vul je naam in."),
    ({"postcode": "12345"}, "Vul een postcode in zoals 1234 AB."),
    ({"organisation": "o" * 201}, "Gebruik hoogstens 200 tekens."),
])
def test_wrong_input_is_refused_with_a_message_and_nothing_is_written(client, changes, message):
    before = counts()
    response = client.post("/aanmelden", data=form(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert counts() == before


def test_the_new_donor_can_sign_out_and_sign_in_again(client):
    client.post("/aanmelden", data=form())
    client.post("/logout")
    assert client.get("/profiel").status_code == 302
    response = client.post("/login", data={"email": "ELS@bakkerij.example", "password": PASSWORD})
    assert response.status_code == 302


def test_the_service_checks_everything_before_it_writes(session, make):
    make.user(K.DONOR, email="first@example.org")
    session.flush()
    with pytest.raises(DomainError) as refused:
        sign_up_donor("Nieuwe BV", "Piet", "first@example.org", PASSWORD)
    assert refused.value.field == "email"
    assert not session.new


def test_the_service_refuses_a_short_password_before_it_writes(session):
    with pytest.raises(DomainError, match="minstens 12") as refused:
        sign_up_donor("Nieuwe BV", "Piet", "piet@example.org", "kort")
    assert refused.value.field == "password"
    assert not session.new


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(1000, 9999), st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.sampled_from(["", " "]),
)
def test_any_dutch_postcode_is_stored_as_four_digits_space_two_capitals(digits, letters, space):
    assert normalise_postcode(f" {digits}{space}{letters} ") == f"{digits} {letters.upper()}"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12).filter(lambda text: text.strip() and not text.strip()[:4].isdigit()))
def test_text_that_does_not_start_with_four_digits_is_not_a_postcode(text):
    with pytest.raises(DomainError):
        normalise_postcode(text)
