"""GET /api/v1/labels.pdf and .zpl: the labels page's rules for programs; problem+json for every refusal; no writes."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.extensions import db

from ..printing.reading import decode, page_count, prints_at_actual_size
from .conftest import url_of

PROBLEM = "application/problem+json"


def bearer(session, user) -> dict:
    _token, raw = create_token(user, "labels")
    session.flush()
    return {"Authorization": f"Bearer {raw}"}


def events() -> int:
    return db.session.scalar(select(func.count()).select_from(DeviceEvent))


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status and body["detail"]
    return body


def test_a_donations_labels_as_pdf(app, client, session, world):
    reference = world.ours.donation.reference
    before = events()
    response = client.get(f"/api/v1/labels.pdf?stock=l7160&donation={reference}&skip=19",
                          headers=bearer(session, world.ours.donor))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename=labels-{reference}-L7160.pdf"
    assert page_count(response.data) == 2 and prints_at_actual_size(response.data)
    assert sorted(found.text for found in decode(response.data)) == sorted(
        url_of(app, device.asset_tag) for device in world.ours.devices
    )
    assert events() == before, "a GET writes nothing, not even the label-printed events"


def test_tags_in_any_form_and_a_pre_printed_label_as_zpl(client, session, world):
    workshop = world.ours.workshop
    label = print_preprinted(workshop, workshop.organisation, 1)[0]
    device = world.ours.devices[2]
    response = client.get(
        f"/api/v1/labels.zpl?stock=ZEBRA-2X1&tag={format_tag(device.asset_tag).lower()}&tag={label.tag}",
        headers=bearer(session, workshop),
    )
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"].endswith(".zpl")
    formats = response.get_data(as_text=True).split("^XZ")[:-1]
    assert len(formats) == 2
    assert device.asset_tag in formats[0] and label.tag in formats[1]


@pytest.mark.parametrize(("query", "parameter", "words"), [
    ("stock=L9999&donation={ours}", "stock", "Must be one of"),
    ("donation={ours}", "stock", None),
    ("stock=L7160&tag=AD-329-XPE-G6R", "tag", "Deze code klopt niet"),
    ("stock=L7160&tag=AD-329", "tag", "Een code heeft 9 tekens"),
    ("stock=L7160", "tag", "Er zijn geen labels om af te drukken"),
    ("stock=L7160&donation={ours}&skip=21", "skip", "Sla er 0 tot en met 20 over"),
    ("stock=L7160&donation={ours}&skip=-1", "skip", None),
    ("stock=L7160&donation={ours}&skip=1.5", "skip", None),
    ("stock=L7160&donation={ours}&tag={tag}", "donation", "Kies één ding"),
])
def test_bad_input_is_a_422_problem_naming_the_parameter(client, session, world, query, parameter, words):
    values = {"ours": world.ours.donation.reference, "tag": world.ours.devices[0].asset_tag}
    before = events()
    response = client.get("/api/v1/labels.pdf?" + query.format(**values), headers=bearer(session, world.ours.donor))
    body = problem(response, 422)
    assert parameter in body["errors"]["query"]
    if words:
        assert words in body["detail"] or words in str(body["errors"])
    assert events() == before


def test_zpl_is_only_for_zebra_stocks(client, session, world):
    response = client.get(f"/api/v1/labels.zpl?stock=L7160&donation={world.ours.donation.reference}",
                          headers=bearer(session, world.ours.donor))
    assert "stock" in problem(response, 422)["errors"]["query"]


@pytest.mark.parametrize(("role", "query"), [
    ("donor", "donation={their_donation}"), ("donor", "tag={their_tag}"),
    ("refurbisher", "donation={their_donation}"), ("refurbisher", "tag={their_label}"),
    ("donor", "donation=DON-1999-00001"), ("coordinator", "tag=AD-ZZZ-ZZZ-ZZ3"),
])
def test_another_organisations_donation_or_tag_is_not_found(client, session, world, role, query):
    label = print_preprinted(world.theirs.workshop, world.theirs.workshop.organisation, 1)[0]
    values = {"their_donation": world.theirs.donation.reference, "their_tag": world.theirs.devices[0].asset_tag,
              "their_label": label.tag}
    response = client.get("/api/v1/labels.pdf?stock=L7160&" + query.format(**values),
                          headers=bearer(session, world.user(role)))
    body = problem(response, 404)
    assert world.theirs.donor.organisation.name not in body["detail"]


def test_a_coordinator_prints_every_donation(client, session, world):
    response = client.get(f"/api/v1/labels.pdf?stock=L7651&donation={world.theirs.donation.reference}",
                          headers=bearer(session, world.coordinator))
    assert response.status_code == 200


def test_care_organisations_may_not_print(client, session, world):
    response = client.get(f"/api/v1/labels.pdf?stock=L7160&donation={world.ours.donation.reference}",
                          headers=bearer(session, world.care))
    problem(response, 403)


def test_without_a_token_the_answer_is_401(client, world):
    problem(client.get(f"/api/v1/labels.pdf?stock=L7160&donation={world.ours.donation.reference}"), 401)


def test_the_endpoints_are_documented_as_files_with_their_errors(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, media in (("/api/v1/labels.pdf", "application/pdf"), ("/api/v1/labels.zpl", "text/plain; charset=utf-8")):
        operation = paths[path]["get"]
        assert list(operation["responses"]["200"]["content"]) == [media]
        assert {"200", "401", "403", "404", "422"} <= set(operation["responses"])
        parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
        assert set(parameters) == {"stock", "donation", "tag", "skip"}
        assert parameters["stock"]["required"] and parameters["tag"]["schema"]["type"] == "array"
    zpl_stocks = {parameter["name"]: parameter for parameter in paths["/api/v1/labels.zpl"]["get"]["parameters"]}
    assert zpl_stocks["stock"]["schema"]["enum"] == ["zebra-2x1"]
