"""Bad input in a URL is no page (404), never a database error: bounded ids, no control characters."""
import re
import unicodedata
from urllib.parse import quote, unquote

import pytest
from hypothesis import example, given, strategies as st
from werkzeug.exceptions import NotFound

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.converters import MAX_ID, BoundedIntConverter
from allemaaldigitaal.web.problems import is_api_path
from allemaaldigitaal.web.text import VISIBLE_TEXT_PATTERN, has_control_characters

#: numbers a PostgreSQL INTEGER, a BIGINT, SQLite and a 64-bit unsigned int cannot hold
TOO_LARGE = (MAX_ID + 1, 2**63 - 1, 2**63, 2**64, 10**40)
INT_ARGUMENT = re.compile(r"<int(?:\([^)]*\))?:(\w+)>")
TEXT_ARGUMENT = re.compile(r"<(?:(?:string|default|path)(?:\([^)]*\))?:)?(\w+)>")
ANY_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")
CONTROL_SAMPLES = ("\x00", "a\x00b", "\x1b[31m", "\x7f", "\x85", "\x08")


def int_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if INT_ARGUMENT.search(rule.rule)]


def text_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if TEXT_ARGUMENT.search(rule.rule) and rule.endpoint != "static"]


def fill(rule, number: int | str, text: str = "x") -> str:
    """The rule's path with every int argument set to number and every other argument to text, both %-encoded."""
    path = INT_ARGUMENT.sub(quote(str(number)), rule.rule)
    return ANY_ARGUMENT.sub(quote(text), path)


def methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


@pytest.fixture
def signed_in_clients(app, make, login) -> list:
    """(client, API headers) for every kind of organisation and for a visitor without an account."""
    clients = [(app.test_client(), {})]
    for kind in K:
        user = make.user(kind)
        client = app.test_client()
        login(client, user)
        _token, raw = create_token(user, "Invoertest")
        clients.append((client, {"Authorization": f"Bearer {raw}"}))
    db.session.commit()  # a request that is refused rolls back what is left uncommitted
    return clients


def test_every_int_argument_of_every_route_is_bounded(app):
    rules = int_rules(app)
    assert rules, "the app has routes with <int:…> arguments"
    adapter = app.url_map.bind("localhost")
    for rule in rules:
        for name in INT_ARGUMENT.findall(rule.rule):
            assert isinstance(rule._converters[name], BoundedIntConverter), rule.rule
        method = methods(rule)[0]
        assert adapter.match(fill(rule, MAX_ID), method=method)[0] == rule.endpoint
        for number in TOO_LARGE:
            with pytest.raises(NotFound):
                adapter.match(fill(rule, number), method=method)


def answers(client, headers: dict, method: str, path: str) -> int:
    return client.open(path, method=method, headers=headers if is_api_path(path) else {}).status_code


def test_ids_too_large_for_the_database_answer_404_on_every_route(app, signed_in_clients):
    wrong = [
        (method, path, status)
        for rule in int_rules(app) for method in methods(rule) for number in TOO_LARGE
        for client, headers in signed_in_clients
        if (status := answers(client, headers, method, path := fill(rule, number))) != 404
    ]
    assert wrong == []


def test_the_largest_id_reaches_every_view_and_finds_nothing(app, signed_in_clients):
    """Up to MAX_ID a number is looked up in the database; none of these rows exists, so no answer is a success."""
    wrong = [
        (method, path, status)
        for rule in int_rules(app) for method in methods(rule)
        for client, headers in signed_in_clients
        if (status := answers(client, headers, method, path := fill(rule, MAX_ID))) not in (302, 401, 403, 404)
    ]
    assert wrong == []


@pytest.mark.parametrize("digits", ["٣", "３", "-1", "+1", "1.0", "0x1"])
def test_only_plain_digits_are_ids(app, digits):
    adapter = app.url_map.bind("localhost")
    for rule in int_rules(app):
        with pytest.raises(NotFound):
            adapter.match(unquote(fill(rule, digits)), method=methods(rule)[0])


def test_text_with_control_characters_in_a_url_answers_404_on_every_route(app, signed_in_clients):
    rules = text_rules(app)
    assert rules, "the app has routes with text arguments"
    wrong = [
        (method, path, status)
        for rule in rules for method in methods(rule) for text in CONTROL_SAMPLES
        for client, headers in signed_in_clients
        if (status := answers(client, headers, method, path := fill(rule, 1, text))) != 404
    ]
    assert wrong == []


@pytest.mark.parametrize("path", ["/static/%00", "/static/a%00b.css", "/static/%1b", "/%00", "/api/v1/%00"])
def test_control_characters_anywhere_in_a_path_answer_404(client, path):
    assert client.get(path).status_code == 404


def is_control_character(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


@given(st.text())
@example("\x00")
@example("Regel één\tkolom\r\nregel twee")
@example("\u2028\u200b\ufeff")
def test_has_control_characters_is_unicode_cc_but_tab_newline_and_carriage_return(text):
    assert has_control_characters(text) == any(is_control_character(char) for char in text)


@given(st.text())
@example("tekst\x00")
@example("regel\n")
def test_the_json_schema_pattern_says_the_same(text):
    assert (re.search(VISIBLE_TEXT_PATTERN, text) is None) == has_control_characters(text)


@pytest.mark.parametrize("char", [chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]])
def test_every_c0_and_c1_control_but_tab_newline_and_carriage_return_is_refused(char):
    assert has_control_characters(f"tekst{char}tekst") == (char not in "\t\n\r")
