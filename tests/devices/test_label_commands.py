"""flask label-stocks and flask print-labels, run against the test database; refusals write no file."""
import pytest

from allemaaldigitaal.core.enums import DeviceKind, OrganisationKind
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices.label_commands import label_stocks, print_labels, register_label_commands
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.printing import list_stocks

from ..printing.reading import decode, page_count


@pytest.fixture
def runner(app, session):
    return app.test_cli_runner()


@pytest.fixture
def donation(make, session):
    """A donation with three devices."""
    first = make.device(kind=DeviceKind.LAPTOP, brand="Dell", model="Latitude 5490")
    for kind in (DeviceKind.TABLET, DeviceKind.LAPTOP):
        add_device(first.donation, None, DeviceSpecs(kind=kind, brand="HP", model="EliteBook"))
    session.flush()
    return first.donation


def url(app, device) -> str:
    return f"{app.config['BASE_URL']}/D/{device.asset_tag}".upper()


def test_label_stocks_lists_every_stock_with_its_size(runner):
    result = runner.invoke(label_stocks)

    assert result.exit_code == 0
    for stock in list_stocks():
        assert stock.key in result.output
    assert "63.5 x 38.1 mm" in result.output and "3 x 7 on 210 x 297 mm" in result.output
    assert "roll 50.8 mm wide, 203 dpi" in result.output


def test_a_donation_s_labels_decode_to_its_devices(app, runner, donation, tmp_path):
    output = tmp_path / "labels.pdf"

    result = runner.invoke(print_labels, ["--stock", "L7160", "--donation", donation.reference, "-o", str(output)])

    assert result.exit_code == 0, result.output
    assert "3 label(s)" in result.output
    assert sorted(found.text for found in decode(output.read_bytes())) == sorted(url(app, d) for d in donation.devices)


def test_tags_are_read_in_any_form_and_printed_in_the_order_given(app, runner, donation, tmp_path):
    first, second = donation.devices[0], donation.devices[1]
    output = tmp_path / "labels.pdf"
    typed = [format_tag(second.asset_tag).lower(), first.asset_tag]

    result = runner.invoke(print_labels, ["--stock", "l7163", "--tag", typed[0], "--tag", typed[1], "--skip", "1",
                                          "-o", str(output)])

    assert result.exit_code == 0, result.output
    decoded = sorted(decode(output.read_bytes()), key=lambda found: found.centre[1])
    assert [found.text for found in decoded] == [url(app, second), url(app, first)]


def test_dash_writes_the_pdf_to_standard_output(runner, donation):
    result = runner.invoke(print_labels, ["--stock", "DK-11209", "--donation", donation.reference, "-o", "-"])

    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-") and page_count(result.stdout_bytes) == 3


def test_a_zebra_stock_gets_zpl(runner, donation, tmp_path):
    output = tmp_path / "labels.zpl"

    result = runner.invoke(print_labels, ["--stock", "zebra-2x1", "--donation", donation.reference, "-o", str(output)])

    assert result.exit_code == 0
    assert output.read_text().count("^XA") == 3


def test_the_test_sheet_needs_no_devices(runner, tmp_path):
    output = tmp_path / "test.pdf"

    result = runner.invoke(print_labels, ["--stock", "L7651", "--test-sheet", "-o", str(output)])

    assert result.exit_code == 0 and "test sheet" in result.output
    assert page_count(output.read_bytes()) == 1


@pytest.mark.parametrize(("arguments", "message"), [
    (["--stock", "L9999", "--test-sheet"], "bestaat niet"),
    (["--stock", "L7160", "--tag", "AD-329-XPE-G6R"], "klopt niet"),
    (["--stock", "L7160", "--tag", "AD-329-XPE-G6Q"], "No device has tag AD-329-XPE-G6Q"),
    (["--stock", "L7160", "--donation", "NO-SUCH-REF"], "No donation"),
    (["--stock", "L7160", "--donation", "{reference}", "--skip", "21"], "0 tot en met 20"),
    (["--stock", "DK-11209", "--donation", "{reference}", "--skip", "1"], "0 tot en met 0"),
    (["--stock", "L7160", "--donation", "{reference}", "--tag", "AD-329-XPE-G6Q"], "exactly one"),
    (["--stock", "L7160"], "exactly one"),
    (["--stock", "L7160", "--test-sheet", "--donation", "{reference}"], "exactly one"),
])
def test_bad_input_is_refused_and_writes_nothing(runner, donation, tmp_path, arguments, message):
    output = tmp_path / "labels.pdf"
    arguments = [argument.format(reference=donation.reference) for argument in arguments]

    result = runner.invoke(print_labels, [*arguments, "-o", str(output)])

    assert result.exit_code != 0
    assert message in result.output
    assert not output.exists()


def test_a_donation_without_devices_is_refused(runner, make, tmp_path):
    donor = make.one(OrganisationKind.DONOR)
    empty = create_donation(donor.organisation, donor)
    output = tmp_path / "labels.pdf"

    result = runner.invoke(print_labels, ["--stock", "L7160", "--donation", empty.reference, "-o", str(output)])

    assert result.exit_code != 0 and "geen labels" in result.output
    assert not output.exists()


def test_the_commands_register_on_an_app(app):
    register_label_commands(app)

    assert {"label-stocks", "print-labels"} <= set(app.cli.commands)
