"""A sign-up for an organisation that already exists says how to join it instead."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.extensions import db

from ..mailbox import empty_outbox

PASSWORD = "zeven laptops voor de buurt"
HOW_TO_JOIN = (
    "Werk je daar? Vraag dan een collega om je uit te nodigen. Dat doet je collega via Mijn organisatie → Iemand uitnodigen."
)


def sign_up(client, organisation: str):
    return client.post("/aanmelden", data={
        "organisation": organisation, "name": "Els Bakker", "email": "els@bakkerij.example",
        "password": PASSWORD, "password_confirm": PASSWORD, "accept_privacy": "y",
    })


def counts() -> tuple[int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Organisation, User))


@pytest.fixture
def taken(make, session):
    make.organisation(K.DONOR, name="Bakkerij Brood & Zo")
    session.commit()


@pytest.mark.parametrize("typed", ["Bakkerij Brood & Zo", " bakkerij  brood &  ZO "])
def test_the_refusal_says_how_to_ask_for_an_invitation_and_writes_nothing(app, client, taken, typed):
    outbox = empty_outbox(app)
    before = counts()
    response = sign_up(client, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er is al een organisatie met deze naam." in page and HOW_TO_JOIN in page
    assert "Neem dan contact op met de campagne." in page
    assert counts() == before and outbox == []


def test_with_a_campaign_address_the_refusal_gives_it(app, client, taken, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "hulp@allemaaldigitaal.example")
    page = sign_up(client, "Bakkerij Brood & Zo").get_data(as_text=True)
    assert HOW_TO_JOIN in page and "Lukt dat niet? Mail dan naar hulp@allemaaldigitaal.example." in page
