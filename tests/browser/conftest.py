"""Browser fixtures: the app served on 127.0.0.1 with demo data, and Debian's Chromium.

One live server and one browser serve the whole run; every test gets a fresh browser
context, so no cookies or storage leak from one test into the next.
"""
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from allemaaldigitaal.demo.services import ACCOUNT_NAMES, demo_email, load_demo_data
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app

DEMO_DEVICES = 40
#: role name → demo login address
DEMO_LOGINS = {kind.value: demo_email(name) for kind, name in ACCOUNT_NAMES.items()}
#: the signed-in layout offers a sign-out button in a form that posts to /logout (on a phone, inside the menu)
SIGN_OUT = "form[action$='/logout'] button, form[action$='/logout'] [type=submit]"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 720}


@dataclass
class LiveServer:
    app: Flask
    url: str

    @property
    def demo_password(self) -> str:
        return self.app.config["DEMO_PASSWORD"]


def _load_demo(app: Flask) -> None:
    with app.app_context():
        upgrade()
        load_demo_data(app.config["DEMO_PASSWORD"], devices=DEMO_DEVICES)
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="session")
def live_server(fresh_database):
    """The app with CSRF on and the demo campaign, served by a threaded server on an ephemeral port."""
    app = make_test_app(
        fresh_database("browser").url, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False
    )
    _load_demo(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def open_page(browser, live_server: LiveServer, viewport: dict = DESKTOP, **options):
    """A page in a new browser context: no cookies from other tests."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=viewport, **options)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(browser, live_server) -> Page:
    """A page at 1280 px in a new browser context."""
    opened = open_page(browser, live_server)
    yield opened
    opened.context.close()


@pytest.fixture
def phone(browser, live_server) -> Page:
    """A page at 360 px in a new browser context."""
    opened = open_page(browser, live_server, PHONE)
    yield opened
    opened.context.close()


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the real /login form; wait for the signed-in layout (on a phone its sign-out is in the closed menu)."""
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    expect(page.locator(SIGN_OUT).first).to_be_attached()


def sign_in_as(page: Page, live_server: LiveServer, role: str) -> None:
    """Sign in as the demo account of a role (donor, refurbisher, care, coordinator)."""
    sign_in(page, DEMO_LOGINS[role], live_server.demo_password)
