"""Breadth-first crawl of the pages a browser session can reach by following links.

Every page is checked at two widths, a desktop (1280 px) and a phone (360 px, with the menu opened), in
one visit: axe runs, the viewport narrows, axe runs again, so each page loads once.
"""
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError, Page
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
#: not crawled: static files and the machine-readable API description (JSON, not a page)
SKIPPED_PREFIXES = ("/static/", "/api/v1/openapi.json")
#: signing out would end the crawl; it is a POST form anyway, but never follow a link to it
SKIPPED_PATHS = ("/logout",)
MAX_PAGES = 60
#: pages of one endpoint that differ only by their object or query look alike; a few are enough
MAX_PER_ENDPOINT = 2
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 360, "height": 740}
#: a page that draws part of itself with a script (Swagger UI on the API docs) is checked once that part is there
RENDERED_BY_SCRIPT = {"#swagger-ui": ".swagger-ui .info .title"}
#: the phone menu is a <details>; open, its links and buttons are checked too
OPEN_MENU = "() => document.querySelectorAll('details.app-menu').forEach(menu => { menu.open = true; })"
axe = Axe()


@dataclass
class Visit:
    url: str
    status: int
    violations: int
    report: str


@dataclass
class Crawl:
    origin: str
    url_map: object
    visits: list[Visit] = field(default_factory=list)
    #: the crawl stopped at MAX_PAGES with links still to visit
    truncated: bool = False

    @property
    def endpoints(self) -> set[str]:
        return {self.endpoint(urlsplit(visit.url).path) for visit in self.visits}

    @property
    def failures(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.violations]

    @property
    def broken(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.status >= 400]

    def endpoint(self, path: str) -> str:
        try:
            return self.url_map.bind("127.0.0.1").match(path, method="GET")[0]
        except RequestRedirect:
            return "redirect"
        except HTTPException as error:
            return f"error {error.code}"


def wait_until_drawn(page: Page) -> None:
    for container, drawn in RENDERED_BY_SCRIPT.items():
        if page.locator(container).count():
            page.locator(drawn).first.wait_for(timeout=20_000)


def run_axe(page: Page, label: str) -> tuple[int, str]:
    results = axe.run(page, options=AXE_OPTIONS)
    return results.violations_count, f"at {label}:\n{results.generate_report()}" if results.violations_count else ""


def check_page(page: Page, url: str | None = None, widths: bool = True) -> Visit:
    """Opens url (or takes the page as it is) and runs axe on it: at 1280 px, then at 360 px with the menu open.

    With widths=False, axe runs once, at the page's own viewport.
    """
    status = 200
    if url is not None:
        response = page.goto(url)
        status = response.status if response else 0
    wait_until_drawn(page)
    if not widths:
        violations, report = run_axe(page, f"{page.viewport_size['width']} px")
        return Visit(page.url, status, violations, report)
    viewport = page.viewport_size
    page.set_viewport_size(DESKTOP)
    wide, wide_report = run_axe(page, "1280 px")
    page.set_viewport_size(PHONE)
    page.evaluate(OPEN_MENU)
    narrow, narrow_report = run_axe(page, "360 px")
    page.set_viewport_size(viewport)
    return Visit(page.url, status, wide + narrow, "\n".join(filter(None, [wide_report, narrow_report])))


def _same_origin_links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    found = []
    for href in hrefs:
        url = urldefrag(href).url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES) or parts.path in SKIPPED_PATHS:
            continue
        found.append(url)
    return found


def crawl(page: Page, origin: str, url_map, starts: list[str]) -> Crawl:
    """Visits same-origin GET links breadth first from the starts, running axe on every HTML page."""
    result = Crawl(origin, url_map)
    queue = deque(dict.fromkeys(origin + start if start.startswith("/") else start for start in starts))
    seen = set(queue)
    per_endpoint: dict[str, int] = {}
    while queue and len(result.visits) < MAX_PAGES:
        url = queue.popleft()
        endpoint = result.endpoint(urlsplit(url).path)
        if per_endpoint.get(endpoint, 0) >= MAX_PER_ENDPOINT:
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visit = check_page(page)
        visit.status = response.status
        visit.url = url
        result.visits.append(visit)
        for link in _same_origin_links(page, origin):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    result.truncated = bool(queue) and len(result.visits) >= MAX_PAGES
    return result
