"""After a failed submit every field's error shows at once, and the page opens on the error summary."""
import re

import pytest
from flask import render_template_string
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import DataRequired

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Invitation, Organisation, User
from allemaaldigitaal.web.forms import Form, show_domain_error

SIGN_UP = {
    "organisation": "Drukkerij De Letter",
    "name": "Fien Letter",
    "email": "fien@drukkerij.example",
    "password": "twaalf tekens of meer",
    "password_confirm": "twaalf tekens of meer",
    "postcode": "3512 AB",
    "city": "Utrecht",
    "accept_privacy": "y",
}
BAD_EMAIL = "Dit e-mailadres klopt niet. Controleer het en probeer opnieuw."


def summary_of(page: str) -> str:
    match = re.search(r'<div[^>]*id="error-summary".*?</ul>', page, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def rows(*models) -> tuple[int, ...]:
    from allemaaldigitaal.extensions import db

    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in models)


def test_a_sign_up_with_a_bad_address_no_name_a_short_password_and_a_bad_postcode_shows_all_four_at_once(client):
    before = rows(Organisation, User)
    data = {**SIGN_UP, "email": "fien@", "name": "", "password": "kort", "password_confirm": "kort", "postcode": "0123 AB"}
    response = client.post("/aanmelden", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = summary_of(page)
    for field, message in [
        ("email", BAD_EMAIL),
        ("name", "Vul je naam in."),
        ("password", "Kies een wachtwoord van minstens 12 tekens."),
        ("postcode", "Vul een postcode in zoals 1234 AB."),
    ]:
        assert f'href="#{field}"' in summary and message in summary, field
        assert f'id="{field}-error"' in page, field
    assert rows(Organisation, User) == before


def test_a_sign_up_with_only_a_bad_address_is_refused_next_to_the_field(client):
    page = client.post("/aanmelden", data={**SIGN_UP, "email": "geen adres"}).get_data(as_text=True)
    assert 'href="#email"' in summary_of(page) and BAD_EMAIL in page


def test_a_sign_up_with_a_postcode_never_issued_is_refused(client):
    page = client.post("/aanmelden", data={**SIGN_UP, "postcode": "3512 SS"}).get_data(as_text=True)
    assert 'href="#postcode"' in summary_of(page)


def test_a_new_link_for_a_bad_address_is_refused_next_to_the_field(client):
    page = client.post("/aanmelden/nieuwe-link", data={"email": "niet@"}).get_data(as_text=True)
    assert 'href="#email"' in summary_of(page) and BAD_EMAIL in page


def test_a_coordinators_invitation_shows_a_bad_address_with_the_other_errors(client, make, login):
    login(client, make.user(K.COORDINATOR))
    before = rows(Invitation)
    data = {"email": "iemand@", "organisation_id": "new", "kind": "", "organisation_name": ""}
    summary = summary_of(client.post("/organisatie/uitnodigen", data=data).get_data(as_text=True))
    for field in ("email", "kind-0", "organisation_name"):
        assert f'href="#{field}"' in summary, field
    assert BAD_EMAIL in summary
    assert rows(Invitation) == before


def test_a_colleagues_invitation_refuses_a_bad_address_in_the_form(client, make, login):
    login(client, make.user(K.CARE))
    summary = summary_of(client.post("/organisatie/uitnodigen", data={"email": "a@b@c"}).get_data(as_text=True))
    assert 'href="#email"' in summary and BAD_EMAIL in summary


def test_accepting_an_invitation_needs_no_second_round_for_name_and_password(app):
    from allemaaldigitaal.organisations.forms import AcceptInvitationForm

    with app.test_request_context(method="POST"):
        form = AcceptInvitationForm(formdata=MultiDict({"name": "", "password": "kort", "password_confirm": "anders"}))
        assert not form.validate()
        assert form.name.errors and form.password.errors and form.password_confirm.errors


# --- the error summary takes the focus -----------------------------------------------------------------


class NameForm(Form):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in.")], render_kw={"autofocus": True})


PAGE = """{% from "macros/forms.html" import field, form_errors %}
{{ form_errors(form) }}<form>{{ field(form.name) }}</form>"""


def rendered(form) -> str:
    return render_template_string(PAGE, form=form)


def opening_tag(page: str, element_id: str) -> str:
    return re.search(rf'<[a-z]+\b[^>]*\bid="{element_id}"[^>]*>', page).group(0)


def test_the_error_summary_is_focusable_and_asks_for_the_focus_once(app):
    with app.test_request_context(method="POST"):
        form = NameForm(formdata=MultiDict({"name": ""}))
        assert not form.validate()
        page = rendered(form)
    summary = opening_tag(page, "error-summary")
    assert 'tabindex="-1"' in summary and re.search(r"\bautofocus\b", summary)
    assert 'aria-labelledby="error-summary-title"' in summary
    assert 'role="alert"' not in page, "focus already reads the summary out; an alert would say it twice"
    assert len(re.findall(r"\bautofocus\b", page)) == 1


def test_a_field_that_asks_for_the_focus_keeps_it_while_there_is_no_error(app):
    with app.test_request_context():
        page = rendered(NameForm(formdata=None))
    assert "error-summary" not in page and re.search(r"\bautofocus\b", opening_tag(page, "name"))


def test_a_refusal_from_a_service_also_leaves_the_focus_to_the_summary(app):
    with app.test_request_context(method="POST"):
        form = NameForm(formdata=MultiDict({"name": "Ans"}))
        assert form.validate()
        show_domain_error(form, DomainError("Deze naam is al in gebruik.", "name"))
        page = rendered(form)
    assert len(re.findall(r"\bautofocus\b", page)) == 1 and re.search(r"\bautofocus\b", opening_tag(page, "error-summary"))
    assert NameForm.name.kwargs["render_kw"] == {"autofocus": True}, "the class's own settings stay as they were"


@pytest.mark.parametrize("path, data", [
    ("/aanmelden", {"email": ""}),
    ("/login", {"email": "", "password": ""}),
    ("/aanmelden/nieuwe-link", {"email": ""}),
])
def test_public_forms_open_on_their_error_summary(client, path, data):
    page = client.post(path, data=data).get_data(as_text=True)
    assert re.search(r"\bautofocus\b", opening_tag(page, "error-summary"))
    assert len(re.findall(r"\bautofocus\b", page)) == 1
