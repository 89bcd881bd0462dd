"""Every API request with a control character in its query string or JSON body is refused before its view runs."""
import pytest
from marshmallow import Schema, fields

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.api import register_api_blueprint
from allemaaldigitaal.api.input import MAX_JSON_DEPTH
from allemaaldigitaal.api.spec import ApiBlueprint
from allemaaldigitaal.core.access import signed_in
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.converters import MAX_ID
from allemaaldigitaal.web.text import CONTROL_CHARACTER_MESSAGE, VISIBLE_TEXT_PATTERN

from ..conftest import make_test_app
from .test_api import assert_problem, bearer

MESSAGE = str(CONTROL_CHARACTER_MESSAGE)

probe = ApiBlueprint("api_input_probe", __name__, description="Only in these tests.")
#: what the probe views were given; stays empty when a request is refused before the view
calls: list = []


class DeviceSchema(Schema):
    serial = fields.String()
    note = fields.String()


class DonationSchema(Schema):
    name = fields.String()
    devices = fields.List(fields.Nested(DeviceSchema))


class SearchSchema(Schema):
    q = fields.String()


@probe.route("/input-probe", methods=["POST"])
@signed_in
@probe.arguments(DonationSchema)
@probe.response(200, DonationSchema)
def create(data):
    calls.append(data)
    return data


@probe.route("/input-probe", methods=["GET"])
@signed_in
@probe.arguments(SearchSchema, location="query")
@probe.response(200, SearchSchema)
def search(args):
    calls.append(args)
    return args


@probe.route("/input-probe/<int:item_id>", methods=["GET"])
@signed_in
@probe.response(200, SearchSchema)
def item(item_id):
    calls.append(item_id)
    return {"q": str(item_id)}


@pytest.fixture(scope="module")
def probe_app(app):
    application = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"])
    register_api_blueprint(application, probe)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def probe_client(probe_app, session):
    calls.clear()
    with probe_app.app_context():
        yield probe_app.test_client()


@pytest.fixture
def headers(session, make) -> dict:
    _token, raw = create_token(make.user(), "Invoertest")
    db.session.commit()  # a refused request rolls back what is left uncommitted
    return bearer(raw)


def refused(response, errors: dict) -> None:
    body = assert_problem(response, 422)
    assert body["detail"] == MESSAGE
    assert body["errors"] == errors
    assert calls == []


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x9f"])
def test_a_control_character_in_a_json_field_is_refused_naming_the_field(probe_client, headers, char):
    response = probe_client.post("/api/v1/input-probe", json={"name": f"Gemeente{char}"}, headers=headers)
    refused(response, {"json": {"name": [MESSAGE]}})


def test_nested_fields_are_named_by_their_path(probe_client, headers):
    body = {"name": "ok", "devices": [{"serial": "A1", "note": "ok"}, {"serial": "A\x002", "note": "x\x00"}]}
    response = probe_client.post("/api/v1/input-probe", json=body, headers=headers)
    refused(response, {"json": {"devices": {"1": {"serial": [MESSAGE], "note": [MESSAGE]}}}})


def test_an_object_key_with_a_control_character_is_named(probe_client, headers):
    response = probe_client.post("/api/v1/input-probe", json={"na\x00me": "x"}, headers=headers)
    refused(response, {"json": {"na\x00me": [MESSAGE]}})


def test_a_body_that_is_one_string_is_refused_as_a_whole(probe_client, headers):
    response = probe_client.post("/api/v1/input-probe", json="\x00", headers=headers)
    refused(response, {"json": {"_schema": [MESSAGE]}})


@pytest.mark.parametrize("query", ["q=%00", "q=ok&q=%07", "%00=x"])
def test_a_control_character_in_the_query_string_is_refused(probe_client, headers, query):
    response = probe_client.get(f"/api/v1/input-probe?{query}", headers=headers)
    name = "\x00" if query.startswith("%00") else "q"
    refused(response, {"query": {name: [MESSAGE]}})


def test_query_and_body_are_named_together(probe_client, headers):
    response = probe_client.post("/api/v1/input-probe?q=%00", json={"name": "\x00"}, headers=headers)
    refused(response, {"query": {"q": [MESSAGE]}, "json": {"name": [MESSAGE]}})


def test_tab_newline_carriage_return_and_all_other_text_pass(probe_client, headers):
    text = "Regel één\tkolom\r\nregel twee \u2028 ✓ 🙂"
    body = {"name": text, "devices": [{"serial": "A1", "note": text}]}
    response = probe_client.post("/api/v1/input-probe", json=body, headers=headers)
    assert response.status_code == 200
    assert response.get_json() == body
    assert probe_client.get("/api/v1/input-probe", query_string={"q": text}, headers=headers).get_json() == {"q": text}


def test_without_a_token_the_answer_is_401_first(probe_client):
    assert_problem(probe_client.post("/api/v1/input-probe", json={"name": "\x00"}), 401)


def test_an_unknown_path_or_method_keeps_its_404_or_405(probe_client, headers):
    assert_problem(probe_client.post("/api/v1/nothing-here", json={"name": "\x00"}, headers=headers), 404)
    assert_problem(probe_client.put("/api/v1/input-probe", json={"name": "\x00"}, headers=headers), 405)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_json_nested_too_deep_answers_400(probe_client, headers, depth):
    response = probe_client.post(
        "/api/v1/input-probe", data=nested(depth), content_type="application/json", headers=headers
    )
    assert assert_problem(response, 400)["detail"]
    assert calls == []


def test_json_nested_up_to_the_limit_reaches_the_view(probe_client, headers):
    body = '{"name": "ok", "devices": [{"note": "' + "x" + '"}], "extra": ' + nested(MAX_JSON_DEPTH - 1) + "}"
    response = probe_client.post("/api/v1/input-probe", data=body, content_type="application/json", headers=headers)
    assert_problem(response, 422)  # the schema refuses the unknown field, not the input check
    assert "extra" in response.get_json()["errors"]["json"]


def test_a_body_that_is_not_json_is_left_to_the_views_parser(probe_client, headers):
    response = probe_client.post("/api/v1/input-probe", data="{not json", content_type="application/json", headers=headers)
    assert_problem(response, 400)


def test_an_id_too_large_for_the_database_answers_404_problem(probe_client, headers):
    assert_problem(probe_client.get(f"/api/v1/input-probe/{2**31}", headers=headers), 404)
    assert calls == []
    assert probe_client.get(f"/api/v1/input-probe/{2**31 - 1}", headers=headers).status_code == 200


def test_the_document_says_what_is_refused_before_the_view(probe_client):
    spec = probe_client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    assert {"400", "422"} <= set(paths["/api/v1/input-probe"]["post"]["responses"])
    assert "422" in paths["/api/v1/input-probe"]["get"]["responses"]
    assert {"404", "422"} <= set(paths["/api/v1/input-probe/{item_id}"]["get"]["responses"])
    assert "404" not in paths["/api/v1/input-probe"]["get"]["responses"]
    (item_id,) = paths["/api/v1/input-probe/{item_id}"]["parameters"]
    assert item_id["schema"] == {"type": "integer", "minimum": 0, "maximum": MAX_ID}
    schemas = spec["components"]["schemas"]
    texts = [schemas["Device"]["properties"]["serial"], schemas["Device"]["properties"]["note"],
             schemas["Donation"]["properties"]["name"], schemas["Search"]["properties"]["q"]]
    assert all(text == {"type": "string", "pattern": VISIBLE_TEXT_PATTERN} for text in texts)
