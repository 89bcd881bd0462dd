"""The donations list, page and API, a page at a time: totals, links, scoping, and the same queries for every page."""
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import DeviceKind
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations import paging, services
from allemaaldigitaal.extensions import db

from .pledge_world import donor_in, pickup, workshop_in


def bearer(user) -> dict:
    _token, raw = create_token(user, "Test")
    return {"Authorization": f"Bearer {raw}"}


@contextmanager
def counted():
    """The SQL statements sent while inside, as a list that fills up."""
    statements = []

    def count(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def pledged(make, session, donor, count: int, workshops: bool = True) -> list[str]:
    """Donations of the donor, each with a device and (with workshops) its own workshop; their references, newest first."""
    references = []
    for number in range(count):
        donation = services.pledge(donor, pickup())
        add_device(donation, donor, DeviceSpecs(kind=DeviceKind.LAPTOP, serial_number=f"{donation.reference}-{number}"))
        if workshops:
            donation.refurbisher = workshop_in(make).organisation
        references.append(donation.reference)
    session.commit()
    return references[::-1]


def links(header: str) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


def test_the_api_gives_a_page_with_the_total_and_links(client, make, session):
    donor = donor_in(make)
    references = pledged(make, session, donor, 5)
    pledged(make, session, donor_in(make), 3)
    headers = bearer(donor)
    first = client.get("/api/v1/donations?per_page=2", headers=headers)
    assert first.status_code == 200
    assert [item["reference"] for item in first.json] == references[:2]
    assert first.headers["X-Total-Count"] == "5"
    assert set(links(first.headers["Link"])) == {"first", "next", "last"}
    last = client.get(links(first.headers["Link"])["last"], headers=headers)
    assert [item["reference"] for item in last.json] == references[4:]
    assert set(links(last.headers["Link"])) == {"first", "prev", "last"}
    seen = []
    url = "/api/v1/donations?per_page=2"
    while url:
        answer = client.get(url, headers=headers)
        seen += [item["reference"] for item in answer.json]
        url = links(answer.headers["Link"]).get("next")
    assert seen == references, "walking the next links gives every donation once, newest first"


def test_past_the_last_page_the_api_gives_an_empty_list(client, make, session):
    donor = donor_in(make)
    pledged(make, session, donor, 2)
    answer = client.get("/api/v1/donations?page=9&per_page=2", headers=bearer(donor))
    assert answer.status_code == 200 and answer.json == [] and answer.headers["X-Total-Count"] == "2"


@pytest.mark.parametrize("query", ["page=0", "per_page=0", f"per_page={paging.MAX_PER_PAGE + 1}", "page=x"])
def test_a_bad_page_or_page_size_is_a_422(client, make, query):
    answer = client.get(f"/api/v1/donations?{query}", headers=bearer(donor_in(make)))
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"


def test_every_api_page_costs_the_same_number_of_queries(client, make, session):
    donor = donor_in(make)
    pledged(make, session, donor, 7)
    headers = bearer(donor)
    client.get("/api/v1/donations", headers=headers)
    sizes = []
    for query in ("per_page=1", "per_page=5", "page=2&per_page=5", "per_page=7"):
        with counted() as statements:
            assert client.get(f"/api/v1/donations?{query}", headers=headers).status_code == 200
        sizes.append(len(statements))
    assert len(set(sizes)) == 1, sizes


def test_the_list_page_shows_a_page_with_links_to_the_others(client, login, make, session, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 3)
    donor = donor_in(make)
    references = pledged(make, session, donor, 7, workshops=False)
    login(client, donor)
    first = client.get("/donaties")
    assert all(reference in first.text for reference in references[:3])
    assert not any(reference in first.text for reference in references[3:])
    assert "Pagina 1 van 3." in first.text and 'href="/donaties?pagina=2"' in first.text
    assert "pagina=0" not in first.text
    last = client.get("/donaties?pagina=3")
    assert references[6] in last.text and 'href="/donaties?pagina=2"' in last.text and "pagina=4" not in last.text
    assert client.get("/donaties?pagina=99").text.count(references[6]) >= 1, "past the last page shows the last"
    for bad in ("0", "-1", "x"):
        assert references[0] in client.get(f"/donaties?pagina={bad}").text


def test_every_list_page_costs_the_same_number_of_queries(client, login, make, session, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 3)
    donor = donor_in(make)
    pledged(make, session, donor, 7)
    login(client, donor)
    client.get("/donaties")
    sizes = []
    for page in (1, 2, 3):
        with counted() as statements:
            assert client.get(f"/donaties?pagina={page}").status_code == 200
        sizes.append(len(statements))
    assert len(set(sizes)) == 1, sizes
