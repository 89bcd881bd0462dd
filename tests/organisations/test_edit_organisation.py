"""A coordinator edits an organisation's details: checked before anything is written, names unique per kind,
Dutch postcodes normalised, audited."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Organisation
from allemaaldigitaal.organisations.services import OrganisationDetails, update_organisation

from ..factories import PASSWORD

FULL = OrganisationDetails(
    name="  Werkplaats   Noord ",
    contact_name="Fatima el Amrani",
    contact_email="Fatima@Werkplaats.Example",
    contact_phone="030 123 4567",
    address="Lange Nieuwstraat 12",
    postcode="3512pn",
    city="Utrecht",
    province="Utrecht",
)


def stored(organisation: Organisation) -> tuple:
    return tuple(getattr(organisation, name) for name in (
        "name", "name_key", "contact_name", "contact_email", "contact_phone", "address", "postcode", "city", "province",
    ))


def audits(session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "organisation_updated")))


def details(**changes) -> OrganisationDetails:
    return OrganisationDetails(**form_data(**changes))


@pytest.fixture
def workshop(make, session):
    organisation = make.organisation(K.REFURBISHER, name="Werkplaats Oud", city="Zeist")
    session.flush()
    return organisation


@pytest.fixture
def coordinator_user(make):
    return make.user(K.COORDINATOR)


# The service


def test_every_detail_is_written_trimmed_and_normalised_and_audited(session, workshop, coordinator_user):
    changed = update_organisation(coordinator_user, workshop, FULL)
    session.flush()
    assert stored(workshop) == (
        "Werkplaats Noord", "werkplaats noord", "Fatima el Amrani", "fatima@werkplaats.example", "030 123 4567",
        "Lange Nieuwstraat 12", "3512 PN", "Utrecht", "Utrecht",
    )
    event, = audits(session)
    assert event.actor_id == coordinator_user.id and event.subject == "Werkplaats Noord"
    assert event.detail.startswith(f"organisation {workshop.id}: name, contact_name") and "city" in changed


def test_empty_details_are_stored_as_unknown_and_nothing_changed_is_not_audited(session, workshop, coordinator_user):
    update_organisation(coordinator_user, workshop, OrganisationDetails(name="Werkplaats Oud", city=" "))
    assert workshop.city is None
    session.flush()
    assert update_organisation(coordinator_user, workshop, OrganisationDetails(name="Werkplaats Oud")) == []
    assert len(audits(session)) == 1


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE], ids=lambda kind: kind.value)
def test_only_a_coordinator_may_edit(session, make, workshop, kind):
    before = stored(workshop)
    with pytest.raises(DomainError, match="Alleen een coördinator"):
        update_organisation(make.user(kind), workshop, FULL)
    assert stored(workshop) == before and audits(session) == []


@pytest.mark.parametrize("field, value, message", [
    ("name", "  ", "Vul de naam van de organisatie in."),
    ("name", "x" * 201, "hoogstens 200 tekens"),
    ("postcode", "0123 AB", "Vul een postcode in zoals 1234 AB."),
    ("postcode", "12345", "Vul een postcode in zoals 1234 AB."),
    ("postcode", "1234 SS", "Vul een postcode in zoals 1234 AB."),
    ("contact_email", "geen-adres", "Dit e-mailadres klopt niet"),
    ("contact_phone", "bel me maar", "telefoonnummer"),
    ("contact_phone", "123", "telefoonnummer"),
    ("province", "Vlaanderen", "Kies een provincie"),
    ("city", "x" * 101, "hoogstens 100 tekens"),
])
def test_a_wrong_detail_is_refused_next_to_its_field_and_nothing_is_written(
    session, workshop, coordinator_user, field, value, message
):
    before = stored(workshop)
    with pytest.raises(DomainError, match=message) as refused:
        update_organisation(coordinator_user, workshop, details(**{field: value}))
    assert refused.value.field == field
    assert stored(workshop) == before and audits(session) == []


def test_a_province_stored_before_the_list_may_stay(session, make, coordinator_user):
    organisation = make.organisation(K.CARE, name="Zorg Oud", province="Fryslân")
    session.flush()
    update_organisation(coordinator_user, organisation, OrganisationDetails(name="Zorg Oud", province="Fryslân"))
    assert organisation.province == "Fryslân"


def test_the_name_of_another_organisation_of_the_same_kind_is_refused_and_nothing_is_half_written(
    session, make, workshop, coordinator_user
):
    make.organisation(K.REFURBISHER, name="Repair Café Zuid")
    session.flush()
    before = stored(workshop)
    with pytest.raises(DomainError, match="Er is al een organisatie van deze soort met deze naam") as refused:
        update_organisation(coordinator_user, workshop, details(name=" repair  CAFÉ zuid"))
    assert refused.value.field == "name"
    assert stored(workshop) == before and audits(session) == []


def test_a_name_may_be_shared_with_another_kind_and_an_organisation_may_keep_or_recase_its_own(
    session, make, workshop, coordinator_user
):
    make.organisation(K.DONOR, name="Gemeente Zeist")
    session.flush()
    update_organisation(coordinator_user, workshop, details(name="Gemeente Zeist"))
    update_organisation(coordinator_user, workshop, details(name="GEMEENTE ZEIST"))
    session.flush()
    assert workshop.name == "GEMEENTE ZEIST"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(variant=st.lists(st.sampled_from(["upper", "lower", "spaces"]), max_size=3))
def test_any_case_or_spacing_of_a_taken_name_is_refused(session, make, coordinator_user, variant):
    taken = session.scalar(select(Organisation).where(Organisation.name == "Digiwerkplaats Zwolle"))
    if taken is None:
        make.organisation(K.REFURBISHER, name="Digiwerkplaats Zwolle")
    other = session.scalar(select(Organisation).where(Organisation.name == "Een Andere Werkplaats"))
    other = other or make.organisation(K.REFURBISHER, name="Een Andere Werkplaats")
    session.flush()
    name = "Digiwerkplaats Zwolle"
    for step in variant:
        name = {"upper": name.upper(), "lower": name.lower(), "spaces": "  " + name.replace(" ", " \t ") + " "}[step]
    with pytest.raises(DomainError):
        update_organisation(coordinator_user, other, OrganisationDetails(name=name))
    assert other.name == "Een Andere Werkplaats"


# The pages


@pytest.fixture
def coordinator(make, session, client, login):
    user = make.user(K.COORDINATOR, password=PASSWORD)
    session.commit()
    login(client, user)
    return user


def form_data(**changes) -> dict:
    return {**FULL.__dict__, **changes}


def test_the_edit_page_is_linked_for_coordinators_and_shows_the_current_details(client, coordinator, workshop, session):
    session.commit()
    path = f"/organisatie/{workshop.id}/bewerken"
    assert f'href="{path}"' in client.get(f"/organisatie/{workshop.id}").get_data(as_text=True)
    assert f'href="/organisatie/{coordinator.organisation_id}/bewerken"' in client.get("/organisatie").get_data(as_text=True)
    page = client.get(path).get_data(as_text=True)
    assert 'value="Werkplaats Oud"' in page and 'value="Zeist"' in page and "Noord-Brabant" in page


def test_saving_writes_and_shows_the_details(client, coordinator, workshop, session):
    session.commit()
    response = client.post(f"/organisatie/{workshop.id}/bewerken", data=form_data())
    assert response.status_code == 302 and response.location == f"/organisatie/{workshop.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "De gegevens van Werkplaats Noord zijn opgeslagen." in page
    assert "3512 PN" in page and "030 123 4567" in page and "Lange Nieuwstraat 12" in page
    session.refresh(workshop)
    assert workshop.postcode == "3512 PN"


def test_wrong_details_show_every_error_at_once_and_write_nothing(client, coordinator, workshop, session):
    session.commit()
    before = stored(workshop)
    response = client.post(
        f"/organisatie/{workshop.id}/bewerken",
        data=form_data(name="", postcode="12 AB", contact_email="geen-adres", province="Atlantis"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul de naam van de organisatie in." in page and "Vul een postcode in zoals 1234 AB." in page
    assert "Dit e-mailadres klopt niet" in page and "Kies een provincie uit de lijst." in page
    session.refresh(workshop)
    assert stored(workshop) == before and audits(session) == []


def test_a_taken_name_is_shown_next_to_the_name_and_nothing_is_written(client, coordinator, workshop, make, session):
    make.organisation(K.REFURBISHER, name="Repair Café Zuid")
    session.commit()
    before = stored(workshop)
    page = client.post(f"/organisatie/{workshop.id}/bewerken", data=form_data(name="repair café zuid")).get_data(as_text=True)
    assert 'id="name-error"' in page and "Er is al een organisatie van deze soort met deze naam." in page
    session.refresh(workshop)
    assert stored(workshop) == before


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE], ids=lambda kind: kind.value)
def test_others_cannot_open_or_post_the_edit_page(client, login, make, session, kind):
    user = make.user(kind, password=PASSWORD)
    session.commit()
    login(client, user)
    own = user.organisation
    before = stored(own)
    assert client.get(f"/organisatie/{own.id}/bewerken").status_code == 403
    assert client.post(f"/organisatie/{own.id}/bewerken", data=form_data()).status_code == 403
    assert "/bewerken" not in client.get("/organisatie").get_data(as_text=True)
    session.refresh(own)
    assert stored(own) == before


def test_a_missing_organisation_is_not_found(client, coordinator):
    assert client.get("/organisatie/999999/bewerken").status_code == 404
