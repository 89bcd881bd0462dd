"""The handover form as plain data in, PDF out: two copies on pages of their own, every value, both languages."""
import io
from dataclasses import replace

import pypdf
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings, strategies as st

from allemaaldigitaal.printing.handover_form import DIGIHULPLIJN, HandoverFormData, handover_form_pdf

FOR_RECIPIENT, FOR_ORGANISATION = "Exemplaar voor de ontvanger", "Exemplaar voor de organisatie"
LOAN = HandoverFormData(
    organisation="Stichting Wiśniewski Zorg", organisation_address="Oudegracht 1, 3511 AA Utrecht",
    recipient_reference="K-2026-014", tag="AD-329-XPE-G6Q", kind="Laptop", brand_model="Dell Latitude 7490",
    serial="SN-7731-Q", accessories="Lader en hoes", condition="A: als nieuw", handed_out_on="30 november 2026",
    loan_until="1 december 2027", certificate_code="K7M2-P9QX-4RTA", wiped_media=1, wiped_on="20 november 2026",
    help_point="Bibliotheek Utrecht, Oudegracht 167", retention_months=18,
)
GIFT_WITHOUT_CERTIFICATE = replace(LOAN, loan_until="", certificate_code="", wiped_media=2)


def pages_text(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def printed(data: HandoverFormData, locale: str = "nl") -> list[str]:
    with force_locale(locale):
        return pages_text(handover_form_pdf(data))


def test_each_party_gets_a_copy_on_its_own_page_with_every_value(app):
    with app.test_request_context():
        pages = printed(LOAN)
    assert len(pages) == 2
    assert FOR_RECIPIENT in pages[0] and FOR_ORGANISATION not in pages[0]
    assert FOR_ORGANISATION in pages[1] and FOR_RECIPIENT not in pages[1]
    for text in pages:
        for value in ("Stichting Wiśniewski Zorg", "Oudegracht 1, 3511 AA Utrecht", "K-2026-014", "AD-329-XPE-G6Q",
                      "Dell Latitude 7490", "SN-7731-Q", "Lader en hoes", "A: als nieuw", DIGIHULPLIJN,
                      "Bibliotheek Utrecht, Oudegracht 167", "K7M2-P9QX-4RTA"):
            assert value in text
        assert "Bruikleen tot en met 1 december 2027" in text
        assert "uiterlijk op 1 december 2027 terug" in text
        assert "18 maanden nadat de uitgifte is afgelopen" in text
        assert text.count("Plaats:") == 2 and text.count("Datum:") == 2


def test_a_gift_says_so_and_without_a_certificate_names_the_checked_wipe_records(app):
    with app.test_request_context():
        pages = printed(GIFT_WITHOUT_CERTIFICATE)
    assert len(pages) == 2
    for text in pages:
        assert "Schenking: het apparaat is nu van de ontvanger." in text
        assert "Bruikleen" not in text and "uiterlijk op" not in text
        assert "2 opslagmedia gewist en gecontroleerd, het laatst op 20 november 2026" in text
        assert "controlecode" not in text


def test_without_any_wipe_record_the_form_does_not_claim_a_wipe(app):
    with app.test_request_context():
        pages = printed(replace(GIFT_WITHOUT_CERTIFICATE, wiped_media=0, wiped_on=""))
    assert all("geen wisverslag" in text and "veilig gewist" not in text for text in pages)


def test_in_english_the_fixed_texts_follow_the_language(app):
    with app.test_request_context():
        pages = printed(LOAN, "en_GB")
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    for text in pages:
        assert "Serial number SN-7731-Q" in text and "Make and model Dell Latitude 7490" in text
        assert "Organisation Stichting Wiśniewski Zorg" in text and "Date:" in text
        assert "Datum:" not in text and "Serienummer" not in text


def test_a_copy_longer_than_a_page_still_leaves_the_other_copy_its_own_first_page(app):
    with app.test_request_context():
        pages = printed(replace(LOAN, accessories="Lader, hoes, muis en een lange kabel. " * 120))
    half = len(pages) // 2
    assert len(pages) > 2 and len(pages) == 2 * half
    assert [FOR_RECIPIENT in text for text in pages] == [True] + [False] * (2 * half - 1)
    assert [FOR_ORGANISATION in text for text in pages] == [False] * half + [True] + [False] * (half - 1)


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(organisation=TEXT, address=TEXT, accessories=TEXT, help_point=TEXT, reference=TEXT.map(lambda text: text[:40]))
def test_any_values_the_database_holds_fit_on_two_pages(app, organisation, address, accessories, help_point, reference):
    data = replace(LOAN, organisation=organisation, organisation_address=address, accessories=accessories,
                   help_point=help_point, recipient_reference=reference)
    with app.test_request_context():
        pages = printed(data)
    assert len(pages) == 2
    assert FOR_RECIPIENT in pages[0] and FOR_ORGANISATION in pages[1]
