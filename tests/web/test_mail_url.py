"""MAIL_URL: one setting for the SMTP server, read strictly; and where links in mails start (BASE_URL)."""
from urllib.parse import quote

import pytest
from hypothesis import given, strategies as st

from allemaaldigitaal.config import ConfigError, load_config
from allemaaldigitaal.web.mail import base_url, site_url
from allemaaldigitaal.web.mail_settings import MailUrlError, SmtpSettings, parse_mail_url

from ..conftest import make_test_app

HOSTS = st.sampled_from(["smtp.example.nl", "mail.allemaaldigitaal.nl", "127.0.0.1", "localhost", "10.0.0.25"])
#: any text a person could choose as a user name or password (no lone surrogates: they cannot be encoded)
SECRETS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://smtp.example.nl", SmtpSettings("smtp.example.nl", 587)),
    ("smtp://postbus:geheim@smtp.example.nl:2525?tls=starttls",
     SmtpSettings("smtp.example.nl", 2525, "postbus", "geheim", "starttls")),
    ("smtps://postbus:geheim@smtp.example.nl", SmtpSettings("smtp.example.nl", 465, "postbus", "geheim", "ssl")),
    ("smtp://localhost:25?tls=none", SmtpSettings("localhost", 25, security="none")),
    ("smtp://relay:pw@127.0.0.1:25?tls=NONE&timeout=3", SmtpSettings("127.0.0.1", 25, "relay", "pw", "none", 3)),
    ("SMTP://Smtp.Example.NL:587/", SmtpSettings("smtp.example.nl", 587)),
    ("smtp://user%40example.nl:p%40ss%3Aword%2F%25@[::1]:587", SmtpSettings("::1", 587, "user@example.nl", "p@ss:word/%")),
])
def test_a_mail_url_names_the_server_the_login_and_the_encryption(url, expected):
    assert parse_mail_url(url) == expected


@pytest.mark.parametrize(("url", "reason"), [
    ("", "must start with smtp:// or smtps://"),
    ("smtp.example.nl:587", "must start with smtp:// or smtps://"),
    ("http://smtp.example.nl", "must start with smtp:// or smtps://"),
    ("smtp://", "names no host"),
    ("smtp://smtp.example.nl:port", "port that is not a number"),
    ("smtp://smtp.example.nl:70000", "port that is not a number"),
    ("smtp://smtp.example.nl:0", "port that is not a number"),
    ("smtp://smtp.example.nl/mail", "takes no path"),
    ("smtp://smtp.example.nl?tls=ssl", "tls must be starttls or none"),
    ("smtps://smtp.example.nl?tls=none", "smtps:// always uses TLS"),
    ("smtp://smtp.example.nl?tsl=starttls", "unknown option: tsl"),
    ("smtp://smtp.example.nl?tls=none&tls=starttls", "option twice"),
    ("smtp://smtp.example.nl?timeout=0", "timeout must be a whole number"),
    ("smtp://smtp.example.nl?timeout=ten", "timeout must be a whole number"),
    ("smtp://smtp.example.nl?tls", "cannot be read"),
    ("smtp://[::1", "cannot be read as an address"),
    ("smtp://postbus:geheim@smtp.example.nl:25?tls=none", "would send the password unencrypted"),
])
def test_a_mail_url_that_is_not_right_is_refused_with_the_reason(url, reason):
    with pytest.raises(MailUrlError, match=reason.replace("?", r"\?")):
        parse_mail_url(url)


@given(user=SECRETS, password=SECRETS, host=HOSTS, port=st.integers(1, 65535), scheme=st.sampled_from(["smtp", "smtps"]))
def test_any_login_survives_percent_encoding(user, password, host, port, scheme):
    url = f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}"
    settings = parse_mail_url(url)
    assert (settings.username, settings.password, settings.host, settings.port) == (user, password, host, port)
    assert settings.security == ("ssl" if scheme == "smtps" else "starttls")


@given(text=st.text(max_size=80), password=st.from_regex(r"[A-Za-z0-9]{12}", fullmatch=True))
def test_any_text_is_read_or_refused_plainly_and_a_refusal_never_shows_the_password(text, password):
    url = f"smtp://postbus:{password}@{text}"
    try:
        parse_mail_url(url)
    except MailUrlError as error:
        assert password not in str(error)


def test_the_mail_url_settings_win_over_the_older_mail_server_settings(tmp_path):
    application = make_test_app(
        f"sqlite:///{tmp_path}/m.sqlite", MAIL_URL="smtps://postbus:geheim@smtp.example.nl", MAIL_SERVER="oud.example.nl"
    )
    config = application.config
    assert (config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_USE_SSL"], config["MAIL_USE_TLS"]) == (
        "smtp.example.nl", 465, True, False,
    )
    assert (config["MAIL_USERNAME"], config["MAIL_PASSWORD"]) == ("postbus", "geheim")
    state = application.extensions["mailman"]
    assert (state.server, state.port, state.use_ssl, state.username) == ("smtp.example.nl", 465, True, "postbus")


def test_an_app_with_a_wrong_mail_url_does_not_start(tmp_path):
    with pytest.raises(ConfigError, match="MAIL_URL must start with smtp://"):
        make_test_app(f"sqlite:///{tmp_path}/m.sqlite", MAIL_URL="smpt://smtp.example.nl")


@pytest.fixture
def production_env(monkeypatch):
    for name in ("MAIL_URL", "MAIL_SERVER", "MAIL_BACKEND", "BASE_URL", "RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"APP_ENV": "production", "SECRET_KEY": "s" * 40, "BASE_URL": "https://allemaaldigitaal.example",
                        "CONTACT_EMAIL": "hulp@example.org", "CONTACT_PHONE": "030 123 4567"}.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_production_asks_for_a_mail_url(production_env, tmp_path):
    with pytest.raises(ConfigError, match="MAIL_URL is not set"):
        load_config(str(tmp_path))
    production_env.setenv("MAIL_URL", "smtp://postbus:geheim@smtp.example.nl:587")
    assert load_config(str(tmp_path))["MAIL_URL"] == "smtp://postbus:geheim@smtp.example.nl:587"


def test_production_still_takes_the_older_mail_server_setting(production_env, tmp_path):
    production_env.setenv("MAIL_SERVER", "smtp.example.nl")
    assert load_config(str(tmp_path))["MAIL_SERVER"] == "smtp.example.nl"


# --- BASE_URL ------------------------------------------------------------------------------------------


def development_app(tmp_path, **settings):
    return make_test_app(f"sqlite:///{tmp_path}/d.sqlite", APP_ENV="development", BASE_URL=None, **settings)


def test_in_development_without_base_url_links_follow_the_local_address_the_app_was_opened_on(tmp_path):
    application = development_app(tmp_path)
    for address in ("http://127.0.0.1:5102", "http://localhost:8000", "http://[::1]:5000", "http://127.0.0.1"):
        with application.test_request_context("/", base_url=address):
            assert base_url() == address
            assert site_url("auth.login") == f"{address}/login"


def test_a_host_header_from_elsewhere_never_goes_into_a_mail(tmp_path):
    application = development_app(tmp_path)
    for address in ("http://evil.example", "http://127.0.0.1.evil.example:5000", "http://localhost.evil.example"):
        with application.test_request_context("/", base_url=address):
            assert site_url("auth.login") == "http://127.0.0.1:5000/login"


def test_outside_a_request_links_start_with_the_default_local_address(tmp_path):
    application = development_app(tmp_path)
    with application.app_context():
        assert site_url("auth.login") == "http://127.0.0.1:5000/login"
        assert site_url("password_reset.choose", token="abc") == "http://127.0.0.1:5000/wachtwoord-vergeten/abc"


def test_a_base_url_that_is_set_is_always_used(tmp_path, monkeypatch):
    monkeypatch.setenv("BASE_URL", "https://allemaaldigitaal.example/")
    application = make_test_app(f"sqlite:///{tmp_path}/d.sqlite", APP_ENV="development")
    assert application.config["BASE_URL_FROM_REQUEST"] is False
    with application.test_request_context("/", base_url="http://127.0.0.1:5102"):
        assert site_url("auth.login") == "https://allemaaldigitaal.example/login"
    with application.app_context():
        assert site_url("auth.login") == "https://allemaaldigitaal.example/login"


def test_tests_and_production_never_follow_the_request(tmp_path):
    assert make_test_app(f"sqlite:///{tmp_path}/d.sqlite").config["BASE_URL_FROM_REQUEST"] is False
