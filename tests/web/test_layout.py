"""The base layout: skip link, landmarks, navigation per role, flash messages and the form macros."""
from html.parser import HTMLParser

import pytest
from flask import flash, render_template, render_template_string
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.web import navigation

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FOCUSABLE = {"a", "button", "input", "select", "textarea"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.content: list = []  # text and child elements, in document order

    @property
    def children(self) -> list["Element"]:
        return [item for item in self.content if isinstance(item, Element)]

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Elements by tag and attributes; for_ means for, aria_invalid means aria-invalid."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element for element in self.walk()
            if (tag is None or element.tag == tag) and all(element.attrs.get(k) == v for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs) -> "Element":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}> in the page"
        return found[0]

    def text(self) -> str:
        parts = [item.text() if isinstance(item, Element) else item for item in self.content]
        return " ".join(" ".join(parts).split())

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: (value if value is not None else "") for name, value in attrs}, self.current)
        self.current.content.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.content.append(data)


def parse(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


def is_focusable(element: Element) -> bool:
    if element.tag == "a":
        return "href" in element.attrs
    if element.tag == "input" and element.attrs.get("type") == "hidden":
        return False
    return element.tag in FOCUSABLE or element.attrs.get("tabindex", "-1") != "-1"


def nav_labels(page: Element) -> list[str]:
    return [link.text() for link in page.find("nav").find_all("a")]


def test_skip_link_is_the_first_focusable_element_and_leads_to_main(client):
    page = parse(client.get("/").get_data(as_text=True))
    first = next(element for element in page.find("body").walk() if is_focusable(element))
    assert first.tag == "a" and first.attrs["href"] == "#main"
    assert "utrecht-skip-link" in first.classes and first.text() == "Naar de inhoud"
    assert page.find(id="main").tag == "main"


def test_page_has_header_navigation_main_and_footer_landmarks(client):
    page = parse(client.get("/privacy").get_data(as_text=True))
    assert len(page.find_all("header")) == 1 and len(page.find_all("main")) == 1 and len(page.find_all("footer")) == 1
    assert page.find("nav").attrs["aria-label"] == "Hoofdmenu"
    root = page.find("html")
    assert root.attrs["lang"] == "nl" and {"utrecht-root", "allemaaldigitaal-theme"} <= root.classes
    assert "utrecht-body" in page.find("body").classes
    assert len(page.find("main").find_all("h1")) == 1


def test_footer_offers_the_digihulplijn_and_both_statements(client):
    footer = parse(client.get("/").get_data(as_text=True)).find("footer")
    hrefs = {link.attrs["href"]: link.text() for link in footer.find_all("a")}
    assert hrefs["tel:08001508"] == "0800-1508"
    assert hrefs["/toegankelijkheid"] == "Toegankelijkheidsverklaring"
    assert hrefs["/privacy"] == "Privacyverklaring"


def test_signed_out_visitor_sees_home_sign_in_and_sign_up_and_no_sign_out(client):
    page = parse(client.get("/").get_data(as_text=True))
    assert nav_labels(page) == ["Home", "Inloggen", "Aanmelden als donateur"]
    assert not page.find_all("form", action="/logout")


def test_current_page_is_marked_in_the_navigation(client):
    page = parse(client.get("/login").get_data(as_text=True))
    current = [link for link in page.find("nav").find_all("a") if link.attrs.get("aria-current") == "page"]
    assert [link.text() for link in current] == ["Inloggen"]


@pytest.mark.parametrize("kind", list(OrganisationKind))
def test_signed_in_user_sees_profile_and_a_sign_out_button_with_csrf(client, make, login, kind):
    login(client, make.user(kind))
    page = parse(client.get("/").get_data(as_text=True))
    labels = nav_labels(page)
    assert "Mijn profiel" in labels and "Inloggen" not in labels and "Aanmelden als donateur" not in labels
    sign_out = page.find("nav").find("form", action="/logout")
    assert sign_out.attrs["method"] == "post"
    assert sign_out.find("input", name="csrf_token", type="hidden").attrs["value"]
    assert sign_out.find("button").text() == "Uitloggen"


def test_navigation_items_follow_the_organisation_kind(client, make, login, monkeypatch):
    items = [*navigation.NAV_ITEMS, ("public.privacy", "Alleen coördinator", (OrganisationKind.COORDINATOR,))]
    monkeypatch.setattr(navigation, "NAV_ITEMS", items)
    login(client, make.user(OrganisationKind.DONOR))
    assert "Alleen coördinator" not in nav_labels(parse(client.get("/").get_data(as_text=True)))
    client.post("/logout")
    login(client, make.user(OrganisationKind.COORDINATOR))
    assert "Alleen coördinator" in nav_labels(parse(client.get("/").get_data(as_text=True)))


def test_navigation_leaves_out_endpoints_that_do_not_exist(client, monkeypatch):
    items = [*navigation.NAV_ITEMS, ("nowhere.page", "Nergens", navigation.EVERYONE)]
    monkeypatch.setattr(navigation, "NAV_ITEMS", items)
    assert "Nergens" not in nav_labels(parse(client.get("/").get_data(as_text=True)))


@pytest.mark.parametrize(("category", "role", "variant"), [
    ("success", "status", "utrecht-alert--ok"),
    ("info", "status", "utrecht-alert--info"),
    ("error", "alert", "utrecht-alert--error"),
])
def test_flash_messages_are_live_regions(app, category, role, variant):
    with app.test_request_context("/"):
        flash("Het is gelukt.", category)
        page = parse(render_template("base.html"))
    alert = page.find("main").find(role=role)
    assert variant in alert.classes and alert.text() == "Het is gelukt."


class ExampleForm(FlaskForm):
    class Meta:
        csrf = False

    email = EmailField("E-mailadres", validators=[DataRequired("Vul je e-mailadres in.")])
    nickname = StringField("Roepnaam", validators=[Optional()])
    password = PasswordField("Wachtwoord", validators=[DataRequired()])
    notes = TextAreaField("Opmerkingen")
    kind = SelectField("Soort", choices=[SelectChoice("laptop", "Laptop"), SelectChoice("tablet", "Tablet")])
    count = IntegerField("Aantal", validators=[Optional()])
    day = DateField("Datum", validators=[Optional()])
    size = RadioField(
        "Maat", choices=[SelectChoice("s", "Klein"), SelectChoice("l", "Groot")], validators=[DataRequired("Kies een maat.")]
    )
    agree = BooleanField("Ik ga akkoord", validators=[DataRequired("Zet een vinkje.")])


MACRO_PAGE = """{% from "macros/forms.html" import field, submit, form_errors, button_form %}
{{ form_errors(form) }}
{% for item in form %}{{ field(item, hint=("Uitleg bij " ~ item.label.text) if item.name in hinted else None,
                                autocomplete="email" if item.name == "email" else None) }}{% endfor %}
{{ submit("Opslaan") }}
{{ button_form("/ergens", "Verwijderen", style="danger") }}"""


def render_example(app, data: dict | None, hinted=("email", "size")) -> Element:
    with app.test_request_context("/", method="POST"):
        form = ExampleForm(formdata=MultiDict(data) if data is not None else None)
        if data is not None:
            form.validate()
        return parse(render_template_string(MACRO_PAGE, form=form, hinted=hinted))


def test_field_links_label_hint_and_error_to_the_input(app):
    page = render_example(app, {"email": ""})
    control = page.find("input", id="email")
    assert page.find("label", for_="email").text() == "E-mailadres (verplicht)"
    assert page.find(id="email-hint").text() == "Uitleg bij E-mailadres"
    assert page.find(id="email-error").text() == "Fout: Vul je e-mailadres in."
    assert control.attrs["aria-describedby"] == "email-hint email-error"
    assert control.attrs["aria-invalid"] == "true"
    assert "required" in control.attrs and control.attrs["autocomplete"] == "email" and control.attrs["type"] == "email"
    assert "utrecht-textbox--invalid" in control.classes
    assert "utrecht-form-field--invalid" in control.parent.parent.classes


def test_optional_valid_field_has_no_required_mark_and_no_error_state(app):
    valid = {"email": "a@example.org", "nickname": "Bo", "password": "geheim", "kind": "laptop", "size": "s", "agree": "y"}
    page = render_example(app, valid)
    control = page.find("input", id="nickname")
    assert page.find("label", for_="nickname").text() == "Roepnaam"
    assert not {"aria-invalid", "aria-describedby", "required"} & control.attrs.keys()
    assert not page.find_all(id="error-summary")


def test_each_field_type_gets_its_utrecht_control(app):
    page = render_example(app, None)
    assert "utrecht-textarea" in page.find("textarea", id="notes").classes
    assert "utrecht-select" in page.find("select", id="kind").classes
    assert "utrecht-textbox--password" in page.find("input", id="password").classes
    assert page.find("input", id="count").attrs["type"] == "number"
    assert page.find("input", id="day").attrs["type"] == "date"
    assert page.find("input", id="size-0").attrs["type"] == "radio"
    assert page.find("fieldset").find("legend").text() == "Maat (verplicht)"


def test_checkbox_label_comes_after_the_box(app):
    page = render_example(app, {"agree": ""})
    box = page.find("input", id="agree")
    field = box.parent.parent
    order = [element for element in field.walk() if element.tag in ("input", "label")]
    assert [element.tag for element in order] == ["input", "label"]
    assert box.attrs["type"] == "checkbox" and "utrecht-checkbox" in box.classes
    assert box.attrs["aria-describedby"] == "agree-error" and box.attrs["aria-invalid"] == "true"


def test_radio_group_describes_its_error_on_the_fieldset(app):
    page = render_example(app, {"size": ""})
    fieldset = page.find("fieldset")
    assert fieldset.attrs["aria-describedby"] == "size-hint size-error"
    assert page.find("input", id="size-0").attrs["aria-invalid"] == "true"


def test_error_summary_lists_every_invalid_field_with_a_link(app):
    page = render_example(app, {"email": "", "kind": "laptop", "size": "", "agree": ""})
    summary = page.find(id="error-summary")
    assert summary.find("h2").text() == "Er ging iets mis"
    links = {link.attrs["href"]: link.text() for link in summary.find_all("a")}
    assert links == {
        "#email": "E-mailadres: Vul je e-mailadres in.",
        "#password": "Wachtwoord: Dit veld is vereist.",
        "#size-0": "Maat: Kies een maat.",
        "#agree": "Ik ga akkoord: Zet een vinkje.",
    }
    assert all(page.find(id=target[1:]) for target in links)


def test_error_summary_is_absent_before_the_form_is_sent(app):
    page = render_example(app, None)
    assert not page.find_all(id="error-summary")
    assert not page.find_all(aria_invalid="true")


def test_submit_and_button_form(app):
    page = render_example(app, None)
    submit = page.find("button", type="submit")
    assert submit.text() == "Opslaan" and "utrecht-button--primary-action" in submit.classes
    form = page.find("form", action="/ergens")
    assert form.attrs["method"] == "post"
    assert form.find("input", name="csrf_token", type="hidden").attrs["value"]
    assert {"utrecht-button--danger"} <= form.find("button").classes
