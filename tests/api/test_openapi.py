"""The OpenAPI 3.1 document and the docs page (Swagger UI from our own static files, started without inline script)."""
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from allemaaldigitaal.core.access import access_of

API_DOCS_PAGES = {"api_docs.openapi_json", "api_docs.docs"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi_3_1(spec):
    validate(spec, cls=OpenAPIV31SpecValidator)
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "allemaaldigitaal API"
    assert spec["info"]["version"] == "v1"


def test_me_is_documented_with_the_bearer_scheme_and_problem_errors(spec):
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    me = spec["paths"]["/api/v1/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}]
    assert me["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Me"}
    assert set(spec["components"]["schemas"]["Me"]["properties"]) == {"user", "organisation", "kind"}
    assert me["responses"]["401"] == {"$ref": "#/components/responses/UNAUTHORIZED"}
    unauthorized = spec["components"]["responses"]["UNAUTHORIZED"]["content"]
    assert unauthorized == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def test_every_api_endpoint_is_in_the_document_with_security_that_matches_its_access(app, spec):
    """An endpoint added under /api/v1 outside an ApiBlueprint would be missing here."""
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/api/") or rule.endpoint in API_DOCS_PAGES:
                continue
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            access = access_of(rule.endpoint)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                operation = spec["paths"][path][method.lower()]
                assert operation["security"] == ([] if access.public else [{"bearerAuth": []}]), rule.endpoint
                if not access.public:
                    assert "401" in operation["responses"], rule.endpoint


class AssetLinks(HTMLParser):
    """The scripts and style sheets a page loads, and whether any script is written inline."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []
        self.inline_scripts = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("src"):
                self.assets.append(attributes["src"])
            else:
                self._in_script_without_src = True
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.assets.append(attributes["href"])

    def handle_data(self, data):
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script_without_src = False


def test_the_docs_page_loads_only_local_assets_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    links = AssetLinks()
    links.feed(page)
    assert links.inline_scripts == 0
    assert {"/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/js/api-docs.js",
            "/static/vendor/swagger-ui/swagger-ui.css", "/static/css/api-docs.css"} <= set(links.assets)
    assert links.assets.index("/static/css/api-docs.css") > links.assets.index("/static/vendor/swagger-ui/swagger-ui.css")
    for asset in links.assets:
        assert urlsplit(asset).netloc == "" and asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert 'data-spec-url="/api/v1/openapi.json"' in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


ORIGIN = "app.test"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@contextmanager
def browser_on(browser, client):
    """A Chromium page whose every request is answered by this test client (its cookies, the app's real headers).

    Yields (page, outside, failures): requests to other hosts are refused and listed in outside;
    script errors and Content Security Policy refusals are listed in failures.
    """
    outside, failures = [], []

    def answer(route):
        request, url = route.request, urlsplit(route.request.url)
        if url.netloc != ORIGIN:
            outside.append(request.url)
            return route.abort()
        response = client.open(
            url.path + (f"?{url.query}" if url.query else ""), method=request.method, data=request.post_data_buffer,
            headers={"Content-Type": request.headers.get("content-type", "")},
        )
        return route.fulfill(status=response.status_code, headers=dict(response.headers), body=response.get_data())

    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: failures.append(str(error)))
        page.on("console", lambda message: note_csp_refusal(message.text, failures))
        page.route("**/*", answer)
        yield page, outside, failures
    finally:
        context.close()


def note_csp_refusal(text: str, failures: list[str]) -> None:
    if "Content Security Policy" in text:
        failures.append(text)


def axe_violations(page, **context) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context or None, options=AXE_OPTIONS)
    return results.generate_report() if results.violations_count else ""


def test_swagger_ui_renders_the_api_under_the_real_headers_without_outside_requests(browser, client):
    with browser_on(browser, client) as (page, outside, failures):
        page.goto(f"http://{ORIGIN}/api/v1/docs")
        title = page.locator(".swagger-ui .info .title")
        title.wait_for(timeout=20_000)
        assert "allemaaldigitaal API" in title.inner_text()
        assert "/api/v1/me" in page.locator(".opblock-summary-path").all_inner_texts()
        # Swagger UI is third-party; api-docs.css gives it our colours, so the whole page passes.
        assert axe_violations(page) == ""
    assert outside == []
    assert failures == []
