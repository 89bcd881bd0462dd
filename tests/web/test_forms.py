"""Every form refuses control characters next to the field, and writes nothing."""
import importlib
import pkgutil

from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

import allemaaldigitaal
from allemaaldigitaal.accounts.token_forms import TokenForm
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import ApiToken
from allemaaldigitaal.web.forms import Form
from allemaaldigitaal.web.text import CONTROL_CHARACTER_MESSAGE, is_control_character

CONTROL = st.characters(codec="utf-8").filter(is_control_character)
PLAIN = st.text(st.characters(codec="utf-8").filter(lambda char: not is_control_character(char)), max_size=20)


def all_form_classes() -> set[type]:
    for module in pkgutil.walk_packages(allemaaldigitaal.__path__, "allemaaldigitaal."):
        importlib.import_module(module.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            found.add(subclass)
            todo.append(subclass)
    return {form for form in found if form.__module__.startswith("allemaaldigitaal.")}


def test_every_form_of_the_app_derives_from_the_base_form():
    forms = all_form_classes() - {Form}
    assert len(forms) >= 6
    assert [form.__name__ for form in forms if not issubclass(form, Form)] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=PLAIN, control=CONTROL, after=PLAIN)
def test_text_with_a_control_character_is_refused_next_to_its_field(app, before, control, after):
    with app.test_request_context(method="POST"):
        form = TokenForm(formdata=MultiDict({"name": f"x{before}{control}{after}"[:100]}))
        assert not form.validate()
        assert CONTROL_CHARACTER_MESSAGE in form.name.errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=PLAIN.filter(lambda text: text.strip()))
def test_text_without_control_characters_passes(app, text):
    with app.test_request_context(method="POST"):
        assert TokenForm(formdata=MultiDict({"name": text})).validate()


def test_a_nul_byte_in_a_form_is_a_message_and_writes_nothing(client, make, login, session):
    login(client, make.user(K.DONOR))
    before = session.scalar(select(func.count()).select_from(ApiToken))
    response = client.post("/profiel/tokens", data={"name": "Script\x00kwaad"})
    assert response.status_code == 200
    assert "onzichtbare tekens" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(ApiToken)) == before
