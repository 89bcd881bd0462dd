"""Public sign-up of donors: the same answer for every address, an e-mail that tells the rest, and a confirmed address
before the first sign-in."""
import time
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from allemaaldigitaal.accounts import auth
from allemaaldigitaal.accounts.auth import check_password, sign_up_donor
from allemaaldigitaal.accounts.confirmation import confirm_email, confirmation_token, unconfirmed_user_for
from allemaaldigitaal.accounts.passwords import verify_password
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Organisation, OutboxMail, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from ..conftest import throttled_app
from ..mailbox import break_mail_server, empty_outbox, links_in, without_csrf

PASSWORD = "zeven laptops voor de buurt"
SENT = "/aanmelden/kijk-in-je-mail"
NEW_LINK = "/aanmelden/nieuwe-link"
NAME_TAKEN = (
    "Er is al een organisatie met deze naam. Werk je daar? Vraag dan een collega om je uit te nodigen. "
    "Dat doet je collega via Mijn organisatie → Iemand uitnodigen."
)


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


def user_with(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def confirmation_path(message) -> str:
    link, = [link for link in links_in(message) if "/aanmelden/bevestigen/" in link]
    return urlsplit(link).path


def signed_in(client) -> bool:
    return client.get("/profiel").status_code == 200


@pytest.fixture
def outbox(app):
    return empty_outbox(app)


@pytest.fixture
def confirmed(make, session):
    """A donor whose address is confirmed, committed."""
    user = make.user(K.DONOR, email="taken@example.org", name="Bestaand Account", password=PASSWORD)
    session.commit()
    return user


def test_sign_up_page_asks_for_the_organisation_the_person_and_consent(client):
    body = client.get("/aanmelden").get_data(as_text=True)
    for name in ("organisation", "name", "email", "password", "password_confirm", "postcode", "city", "accept_privacy"):
        assert f'name="{name}"' in body
    assert 'href="/privacy"' in body and f'href="{NEW_LINK}"' in body


def test_sign_up_makes_an_unconfirmed_donor_and_mails_the_link(app, client, session, outbox):
    response = client.post("/aanmelden", data=form(kind="coordinator"))
    assert response.status_code == 302 and response.location == SENT
    user = user_with("els@bakkerij.example")
    organisation = user.organisation
    assert organisation.kind == K.DONOR
    assert (organisation.name, organisation.contact_name, organisation.contact_email) == (
        "Bakkerij Brood & Zo", "Els Bakker", "els@bakkerij.example")
    assert (organisation.postcode, organisation.city) == ("3512 AB", "Utrecht")
    assert verify_password(user.password_hash, PASSWORD)
    assert user.email_confirmed_at is None
    signup, = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "signup"))
    assert (signup.actor_id, signup.organisation_id, signup.subject) == (user.id, organisation.id, user.email)
    message, = outbox
    assert message.to == ["els@bakkerij.example"]
    assert message.subject == "Bevestig je aanmelding bij allemaaldigitaal"
    assert confirmation_path(message).startswith("/aanmelden/bevestigen/")
    assert links_in(message)[0].startswith(app.config["BASE_URL"] + "/aanmelden/bevestigen/")
    page = client.get(SENT).get_data(as_text=True)
    assert "Kijk in je mail" in page and "We hebben een e-mail gestuurd naar els@bakkerij.example." in page
    assert not signed_in(client)


def test_the_mail_is_in_the_language_the_person_chose(client, outbox):
    client.post("/taal", data={"lang": "en", "next": "/aanmelden"})
    client.post("/aanmelden", data=form())
    message, = outbox
    assert message.subject == "Confirm your sign-up at allemaaldigitaal" and "Hello Els Bakker," in message.body


def test_an_unconfirmed_donor_cannot_sign_in(client, session, outbox):
    client.post("/aanmelden", data=form())
    response = client.post("/login", data={"email": "els@bakkerij.example", "password": PASSWORD})
    assert response.status_code == 200 and not signed_in(client)
    refused = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "login_failed")).all()
    assert refused == ["e-mail address not confirmed"]


def test_the_link_and_the_password_confirm_the_address_and_sign_in(client, session, outbox):
    client.post("/aanmelden", data=form())
    path = confirmation_path(outbox[0])
    page = client.get(path)
    assert page.status_code == 200 and "els@bakkerij.example" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    wrong = client.post(path, data={"password": "niet mijn wachtwoord"})
    assert wrong.status_code == 200 and "Dit wachtwoord klopt niet" in wrong.get_data(as_text=True)
    assert user_with("els@bakkerij.example").email_confirmed_at is None and not signed_in(client)
    response = client.post(path, data={"password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)
    user = user_with("els@bakkerij.example")
    assert user.email_confirmed_at is not None and user.last_login_at is not None
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "email_confirmed"))
    assert event.actor_id == user.id
    assert client.get(path).status_code == 404


def test_the_confirmed_donor_can_sign_out_and_sign_in_again(client, outbox):
    client.post("/aanmelden", data=form())
    client.post(confirmation_path(outbox[0]), data={"password": PASSWORD})
    client.post("/logout")
    assert not signed_in(client)
    response = client.post("/login", data={"email": "ELS@bakkerij.example", "password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)


def test_a_link_older_than_the_configured_days_no_longer_works(app, client, session, make, monkeypatch):
    user = make.user(K.DONOR, password=PASSWORD)
    user.email_confirmed_at = None
    session.commit()
    now = int(time.time())
    with monkeypatch.context() as past:
        past.setattr(TimestampSigner, "get_timestamp", lambda _signer: now - 3 * 86400 - 5)
        token = confirmation_token(user)
    monkeypatch.setitem(app.config, "CONFIRMATION_DAYS", 3)
    assert unconfirmed_user_for(token) is None
    assert client.get(f"/aanmelden/bevestigen/{token}").status_code == 404
    monkeypatch.setitem(app.config, "CONFIRMATION_DAYS", 4)
    assert unconfirmed_user_for(token) == user


def test_a_deactivated_account_cannot_confirm(client, session, make):
    user = make.user(K.DONOR, password=PASSWORD)
    user.email_confirmed_at = None
    user.organisation.active = False
    session.commit()
    path = f"/aanmelden/bevestigen/{confirmation_token(user)}"
    response = client.post(path, data={"password": PASSWORD})
    assert response.status_code == 200 and "gedeactiveerd" in response.get_data(as_text=True)
    assert user_with(user.email).email_confirmed_at is None and not signed_in(client)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(st.text(max_size=400))
def test_text_the_app_did_not_sign_confirms_nobody(session, text):
    assert unconfirmed_user_for(text) is None


def test_a_link_for_a_changed_address_no_longer_works(session, make):
    user = make.user(K.DONOR, password=PASSWORD)
    user.email_confirmed_at = None
    token = confirmation_token(user)
    assert unconfirmed_user_for(token) == user
    user.email = "ander@example.org"
    assert unconfirmed_user_for(token) is None


def answer(client, data) -> tuple[int, str, str]:
    """What the person at the form sees: status, where it leads, and that page with the address taken out."""
    response = client.post("/aanmelden", data=data)
    page = client.get(response.location).get_data(as_text=True)
    return response.status_code, response.location, without_csrf(page).replace(data["email"].lower(), "ADRES")


@pytest.mark.parametrize("email", ["taken@example.org", "Taken@Example.ORG"])
def test_an_address_with_an_account_gets_the_same_answer_and_a_notice(client, confirmed, outbox, email):
    new = answer(client, form(email="nieuw@example.org", organisation="Nieuwe Bakker"))
    outbox.clear()
    before = counts()
    assert answer(client, form(email=email)) == new
    assert counts() == before
    message, = outbox
    assert message.to == ["taken@example.org"] and message.subject == "Aanmelding met jouw e-mailadres"
    assert "al een account" in message.body and "Bestaand Account" in message.body
    assert not [link for link in links_in(message) if "/aanmelden/bevestigen/" in link]
    assert not signed_in(client)


def test_an_unconfirmed_address_gets_a_new_link_for_its_first_sign_up(client, session, outbox):
    client.post("/aanmelden", data=form())
    outbox.clear()
    before = counts()
    response = client.post("/aanmelden", data=form(organisation="Andere Naam", password="een ander wachtwoord",
                                                   password_confirm="een ander wachtwoord"))
    assert response.location == SENT and counts() == before
    message, = outbox
    assert "Bakkerij Brood & Zo" in message.body
    assert client.post(confirmation_path(message), data={"password": "een ander wachtwoord"}).status_code == 200
    assert client.post(confirmation_path(message), data={"password": PASSWORD}).status_code == 302


def test_a_new_and_a_known_address_each_cost_one_password_hash(session, confirmed, monkeypatch):
    original = auth.hash_password
    for email, is_new in ((confirmed.email, False), ("nieuw@example.org", True)):
        hashed = []
        monkeypatch.setattr(auth, "hash_password", lambda password, hashed=hashed: hashed.append(password) or original(password))
        outcome = sign_up_donor(f"Ander BV {email}", "Piet", email, PASSWORD)
        assert outcome.is_new == is_new and outcome.user == user_with(email)
        assert hashed == [PASSWORD]
    assert verify_password(user_with("nieuw@example.org").password_hash, PASSWORD)


def test_a_link_confirms_once_and_only_with_the_accounts_own_password_check(app, session, make):
    user, other = make.user(K.DONOR, password=PASSWORD), make.user(K.DONOR, password=PASSWORD)
    user.email_confirmed_at = None
    session.commit()
    token = confirmation_token(user)
    with app.test_request_context():
        with pytest.raises(DomainError, match="Dit wachtwoord klopt niet"):
            confirm_email(token, check_password(other.email, PASSWORD))
        assert confirm_email(token, check_password(user.email, PASSWORD)) == user
        with pytest.raises(DomainError, match="Deze link werkt niet meer"):
            confirm_email(token, check_password(user.email, PASSWORD))


@pytest.mark.parametrize("kind", list(K))
def test_a_name_of_any_organisation_is_refused_whatever_the_address(client, make, session, confirmed, outbox, kind):
    make.organisation(kind, name="Buurthuis De Brug")
    session.commit()
    before = counts()
    for email in ("nieuw@example.org", confirmed.email):
        response = client.post("/aanmelden", data=form(organisation=" buurthuis de brug ", email=email))
        assert response.status_code == 200 and NAME_TAKEN in response.get_data(as_text=True)
    assert counts() == before and outbox == []


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
def test_wrong_input_is_refused_with_a_message_and_nothing_is_written_or_sent(client, outbox, changes, message):
    before = counts()
    response = client.post("/aanmelden", data=form(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert counts() == before and outbox == []


def test_the_service_refuses_a_short_password_before_it_writes(session, confirmed):
    for email in ("piet@example.org", confirmed.email):
        with pytest.raises(DomainError, match="minstens 12") as refused:
            sign_up_donor("Nieuwe BV", "Piet", email, "kort")
        assert refused.value.field == "password"
        assert not session.new


def test_when_the_mail_cannot_be_sent_yet_the_person_is_told_it_comes_later(app, client, session, confirmed, monkeypatch):
    break_mail_server(app, monkeypatch)
    answers = []
    for email in ("nieuw@example.org", confirmed.email):
        response = client.post("/aanmelden", data=form(email=email, organisation=f"Org {email}"))
        page = client.get(response.location).get_data(as_text=True)
        answers.append((response.status_code, response.location))
        assert f"De e-mail naar {email} is nog niet verstuurd. We proberen het vanzelf opnieuw." in page
    assert answers == [(302, "/aanmelden/kijk-in-je-mail")] * 2
    assert session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.sent_at.is_(None))) == 2
    assert user_with("nieuw@example.org").email_confirmed_at is None


# --- a new link --------------------------------------------------------------------------------------


def test_a_new_link_goes_to_an_unconfirmed_address(client, outbox):
    client.post("/aanmelden", data=form())
    outbox.clear()
    response = client.post(NEW_LINK, data={"email": " Els@Bakkerij.example "})
    assert response.location == SENT
    message, = outbox
    assert client.post(confirmation_path(message), data={"password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("who, subject", [
    ("confirmed", "Je e-mailadres is al bevestigd"),
    ("nobody", "Geen aanmelding met dit e-mailadres"),
])
def test_any_other_address_gets_the_same_answer_and_a_mail_that_tells_what_to_do(
    client, confirmed, outbox, who, subject
):
    email = confirmed.email if who == "confirmed" else "niemand@example.org"
    before = counts()
    response = client.post(NEW_LINK, data={"email": email})
    assert response.status_code == 302 and response.location == SENT
    assert counts() == before
    message, = outbox
    assert message.to == [email] and message.subject == subject
    assert not [link for link in links_in(message) if "/aanmelden/bevestigen/" in link]


def test_a_new_link_needs_a_valid_address(client, outbox):
    response = client.post(NEW_LINK, data={"email": "geen adres"})
    assert response.status_code == 200 and "Dit e-mailadres klopt niet" in response.get_data(as_text=True)
    assert outbox == []


def test_the_new_link_page_and_the_closed_link_page_explain_what_to_do(client):
    assert "Stuur een nieuwe link" in client.get(NEW_LINK).get_data(as_text=True)
    closed = client.get("/aanmelden/bevestigen/geen-geldige-link")
    assert closed.status_code == 404 and "Deze link werkt niet meer" in closed.get_data(as_text=True)
    assert closed.headers["Cache-Control"] == "no-store"


def test_users_made_in_any_other_way_count_as_confirmed(make):
    assert make.user(K.CARE).email_confirmed_at <= utcnow()


@pytest.fixture(scope="module")
def limited_app(fresh_database):
    with throttled_app(fresh_database("signup_limits").url) as application:
        yield application


def test_new_links_and_confirmations_are_throttled_per_address(limited_app):
    client = limited_app.test_client()
    new_links = [client.post(NEW_LINK, data={"email": f"n{n}@example.org"}).status_code for n in range(11)]
    assert new_links == [302] * 10 + [429]
    guesses = [client.post("/aanmelden/bevestigen/x", data={"password": "x" * 12}).status_code for _ in range(21)]
    assert guesses == [404] * 20 + [429]
