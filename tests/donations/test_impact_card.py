"""The impact card: a 1200×630 PNG or SVG with the counts in it, and nothing else."""
from io import BytesIO
from xml.etree import ElementTree

from hypothesis import given, settings, strategies as st
from PIL import Image

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.printing.impact_card import HEIGHT, MARGIN, WIDTH, CardText, _width, card_png, card_svg, layout

from .impact_world import ImpactWorld

SVG = "{http://www.w3.org/2000/svg}"
CARD = CardText(
    number="28", headline="apparaten worden nu gebruikt door mensen", subline="van de 40 die Łukasz Ağaoğlu B.V. gaf",
    facts=(("3", "zorgorganisaties"), ("2", "provincies"), ("4", "verantwoord gerecycled")),
    description="28 van de 40 apparaten worden nu gebruikt door mensen.",
)


def svg_texts(content: bytes) -> tuple[ElementTree.Element, list[str]]:
    root = ElementTree.fromstring(content)
    return root, [element.text for element in root.iter(f"{SVG}text")]


def test_the_svg_card_is_1200_by_630_with_every_count_in_it():
    root, texts = svg_texts(card_svg(CARD))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("1200", "630", "0 0 1200 630")
    assert [text for text in texts if text.isdigit()] == ["28", "3", "2", "4"]
    assert "van de 40 die Łukasz Ağaoğlu B.V. gaf" in texts
    assert root.find(f"{SVG}title").text == CARD.description


def test_the_png_card_is_1200_by_630_and_has_text_on_it():
    image = Image.open(BytesIO(card_png(CARD)))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    colours = image.getcolors(maxcolors=100_000)
    assert len(colours) > 10  # the background and antialiased white text, not an empty card


WORDS = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=120)


@settings(max_examples=40, deadline=None)
@given(WORDS, WORDS, st.integers(0, 10**9))
def test_every_line_fits_on_the_card_however_long_the_words(headline, subline, number):
    card = CardText(str(number), headline, subline, ((str(number), headline),) * 3, headline)
    for line in layout(card):
        assert line.x >= MARGIN - 1 and line.x + _width(line.text, line.bold, line.size) <= WIDTH - MARGIN + 1
        assert 0 < line.y < HEIGHT


def _donor_with_devices(make):
    world = ImpactWorld(make)
    donor = make.user(K.DONOR, make.organisation(K.DONOR, name="Zuiderzee Verzekeringen"))
    donation = world.donation(donor)
    for care in (0, 1, 2, 2):
        world.device(donation, S.HANDED_OUT, care)
    world.device(donation, S.RECYCLED)
    world.device(donation, S.READY)
    return world, donor, donation


def test_a_donor_downloads_its_card_as_png(client, make, login, session):
    _world, donor, _donation = _donor_with_devices(make)
    login(client, donor)
    response = client.get("/impact/kaart.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename=allemaaldigitaal-impact.png"
    assert Image.open(BytesIO(response.data)).size == (WIDTH, HEIGHT)


def test_the_svg_card_holds_the_donors_counts_and_name_and_nothing_of_the_care_organisations(
    client, make, login, session,
):
    world, donor, donation = _donor_with_devices(make)
    login(client, donor)
    for query in ("", f"?donatie={donation.reference}"):
        response = client.get(f"/impact/kaart.svg{query}")
        assert response.headers["Content-Disposition"].startswith("attachment")
        root, texts = svg_texts(response.data)
        assert [text for text in texts if text.isdigit()] == ["4", "3", "2", "1"]
        assert "van de 6 die Zuiderzee Verzekeringen gaf" in texts
        whole = response.get_data(as_text=True)
        for user in world.care:
            assert user.organisation.name not in whole and user.name not in whole
        for device in donation.devices:
            if device.handout is not None:
                assert device.handout.recipient_reference not in whole


def test_an_unknown_format_is_not_found(client, make, login, session):
    login(client, make.user(K.DONOR))
    assert client.get("/impact/kaart.gif").status_code == 404
