"""Breadth-first crawl of the pages a browser session can reach by following links."""
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
#: not crawled: static files, the machine-readable API description, and the Swagger UI page
#: (a third-party component; its state is described in the toegankelijkheidsverklaring)
SKIPPED_PREFIXES = ("/static/", "/api/v1/openapi.json", "/api/v1/docs")
#: signing out would end the crawl; it is a POST form anyway, but never follow a link to it
SKIPPED_PATHS = ("/logout",)
MAX_PAGES = 60
#: pages of one endpoint that differ only by their object or query look alike; a few are enough
MAX_PER_ENDPOINT = 2
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


def check_page(page: Page, url: str | None = None) -> Visit:
    """Opens url (or takes the page as it is) and runs axe on it."""
    status = 200
    if url is not None:
        response = page.goto(url)
        status = response.status if response else 0
    results = axe.run(page, options=AXE_OPTIONS)
    report = results.generate_report() if results.violations_count else ""
    return Visit(page.url, status, results.violations_count, report)


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
