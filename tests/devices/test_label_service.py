"""Who may print which labels, what they show, and what a refusal says; nothing is written until the print is noted."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import EventKind
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.devices import labels as service
from allemaaldigitaal.devices.labels import LabelNotFound, LabelRefused, LabelRequest, prepare, record_printed
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from ..printing.reading import decode
from .conftest import url_of

BASE = "http://127.0.0.1:5000"


def url(tag: str) -> str:
    """What the code holds: the whole URL in upper case (QR alphanumeric mode)."""
    return f"{BASE}/D/{tag}".upper()


def events() -> int:
    return db.session.scalar(select(func.count()).select_from(DeviceEvent))


def job_for(user, **asked):
    return prepare(user, LabelRequest(**{"stock": "L7160", **asked}), BASE)


#: (who asks, whose donation) → may print
DONATION_ACCESS = [
    ("donor", "ours", True), ("donor", "theirs", False),
    ("refurbisher", "ours", True), ("refurbisher", "theirs", False),
    ("coordinator", "ours", True), ("coordinator", "theirs", True),
    ("care", "ours", False), ("care", "theirs", False),
]


@pytest.mark.parametrize(("role", "whose", "allowed"), DONATION_ACCESS)
def test_who_may_print_a_donations_labels(world, session, role, whose, allowed):
    donation = getattr(world, whose).donation
    if allowed:
        job = job_for(world.user(role), donation=donation.reference)
        assert [label.url_text for label in job.labels] == [url(d.asset_tag) for d in donation.devices]
    else:
        with pytest.raises(LabelNotFound):
            job_for(world.user(role), donation=donation.reference)


@pytest.mark.parametrize(("role", "whose", "allowed"), DONATION_ACCESS)
def test_who_may_print_a_devices_label_by_its_tag(world, session, role, whose, allowed):
    device = getattr(world, whose).devices[1]
    if allowed:
        assert job_for(world.user(role), tags=(device.asset_tag,)).device_ids == [device.id]
    else:
        with pytest.raises(LabelNotFound) as refused:
            job_for(world.user(role), tags=(device.asset_tag,))
        assert refused.value.field in ("tags", None)


def test_a_workshop_prints_the_devices_in_its_custody_too(world, session, make):
    from allemaaldigitaal.core.enums import DeviceStatus
    from allemaaldigitaal.demo.services import bring_to

    device = world.theirs.devices[0]
    bring_to(device, DeviceStatus.RECEIVED, make.cast(), make.rng, world.ours.workshop)
    session.flush()
    assert device.custodian_id == world.ours.workshop.organisation_id
    assert job_for(world.ours.workshop, tags=(device.asset_tag,)).device_ids == [device.id]


@pytest.mark.parametrize(("role", "own", "allowed"), [
    ("refurbisher", True, True), ("refurbisher", False, False), ("coordinator", False, True), ("donor", False, False),
])
def test_pre_printed_labels_are_printed_by_their_workshop_and_coordinators(world, session, role, own, allowed):
    workshop = world.ours.workshop if own else world.theirs.workshop
    label = print_preprinted(workshop, workshop.organisation, 1)[0]
    if allowed:
        job = job_for(world.user(role), tags=(label.tag,))
        assert [(item.url_text, item.tag_display, item.kind) for item in job.labels] == [
            (url(label.tag), format_tag(label.tag), None)
        ]
        assert job.device_ids == []
        assert len(job_for(world.user(role), run=label.id).labels) == 1
    else:
        with pytest.raises(LabelNotFound):
            job_for(world.user(role), tags=(label.tag,))
        with pytest.raises(LabelNotFound):
            job_for(world.user(role), run=label.id)


def test_tags_are_read_in_any_form_each_once_in_the_order_given(world, session):
    first, second = world.ours.devices[0], world.ours.devices[2]
    typed = (format_tag(second.asset_tag).lower(), f" {first.asset_tag} ", "", format_tag(second.asset_tag))
    job = job_for(world.ours.donor, tags=typed)
    assert job.device_ids == [second.id, first.id]
    assert [label.tag_display for label in job.labels] == [format_tag(second.asset_tag), format_tag(first.asset_tag)]
    assert (job.labels[1].kind, job.labels[1].model) == ("Laptop", "Dell Latitude 5490")


def test_a_linked_pre_printed_label_prints_as_its_device(world, session):
    workshop = world.ours.workshop
    label = print_preprinted(workshop, workshop.organisation, 1)[0]
    device = add_device(world.ours.donation, workshop, DeviceSpecs(brand="Acer"), preprinted_tag=label.tag)
    job = job_for(workshop, tags=(label.tag,))
    assert job.device_ids == [device.id] and job.labels[0].model == "Acer"
    with pytest.raises(LabelRefused) as refused:
        job_for(workshop, run=label.id)
    assert "zitten al op een apparaat" in str(refused.value.message)


@pytest.mark.parametrize(("asked", "field", "code", "words"), [
    ({"stock": "L9999", "donation": "{ours}"}, "stock", "unknown_stock", "Labelsoort 'L9999' bestaat niet"),
    ({"tags": ("AD-329-XPE-G6R",)}, "tags", "invalid_tag", "Deze code klopt niet"),
    ({"tags": ("AD-329",)}, "tags", "invalid_tag", "Een code heeft 9 tekens"),
    ({}, "tags", "empty", "Er zijn geen labels om af te drukken"),
    ({"tags": ("", "  ")}, "tags", "empty", "Er zijn geen labels om af te drukken"),
    ({"donation": "{ours}", "skip": 21}, "skip", "skip", "Sla er 0 tot en met 20 over"),
    ({"donation": "{ours}", "skip": -1}, "skip", "skip", "Sla er 0 tot en met 20 over"),
    ({"stock": "DK-11209", "donation": "{ours}", "skip": 1}, "skip", "skip", "0 tot en met 0"),
    ({"donation": "{ours}", "tags": ("{tag}",)}, "donation", "several_sources", "Kies één ding"),
    ({"donation": "{theirs}"}, "donation", "not_found", "bestaat niet, of je organisatie mag er geen labels"),
    ({"donation": "DON-1999-99999"}, "donation", "not_found", "Donatie DON-1999-99999 bestaat niet"),
    ({"tags": ("{their_tag}",)}, "tags", "not_found", "Geen apparaat of label gevonden"),
    ({"tags": ("AD-ZZZ-ZZZ-ZZ3",)}, "tags", "not_found", "met code AD-ZZZ-ZZZ-ZZ3"),
    ({"run": 2**31 - 1}, "run", "not_found", "Deze reeks voorgedrukte labels bestaat niet"),
    ({"donation": "{empty}"}, "donation", "empty", "heeft nog geen apparaten"),
])
def test_bad_input_gets_a_clear_refusal_and_writes_nothing(world, session, asked, field, code, words):
    empty = create_donation(world.ours.donor.organisation, world.ours.donor)
    values = {"ours": world.ours.donation.reference, "theirs": world.theirs.donation.reference,
              "tag": world.ours.devices[0].asset_tag, "their_tag": world.theirs.devices[0].asset_tag,
              "empty": empty.reference}

    def fill(value):
        if isinstance(value, str):
            return value.format(**values)
        return tuple(fill(item) for item in value) if isinstance(value, tuple) else value

    before = events()
    with pytest.raises(LabelRefused) as refused:
        job_for(world.ours.donor, **{name: fill(value) for name, value in asked.items()})
    assert (refused.value.field, refused.value.code) == (field, code)
    assert words in str(refused.value.message)
    assert isinstance(refused.value, LabelNotFound) == (code == "not_found")
    assert events() == before


def test_too_many_tags_at_once_are_refused(world, session):
    with pytest.raises(LabelRefused) as refused:
        job_for(world.ours.donor, tags=(world.ours.devices[0].asset_tag,) * (service.MAX_TAGS + 1))
    assert refused.value.code == "too_many"


def test_an_empty_choice_may_be_previewed(world, session):
    job = prepare(world.ours.donor, LabelRequest(stock="L7163", skip=3), BASE, allow_empty=True)
    assert (job.labels, job.skip, job.stock.key, job.sheets) == ([], 3, "L7163", 0)


def test_sheets_count_from_the_skip(world, session):
    job = job_for(world.coordinator, donation=world.ours.donation.reference, skip=20)
    assert job.sheets == 2


def test_the_document_decodes_to_the_devices_urls_and_names_the_donation(app, world, session):
    job = job_for(world.ours.workshop, donation=world.ours.donation.reference)
    document = service.labels_document(job)
    assert document.mimetype == "application/pdf"
    assert document.filename == f"labels-{world.ours.donation.reference}-L7160.pdf"
    assert sorted(found.text for found in decode(document.content)) == sorted(
        url_of(app, device.asset_tag) for device in world.ours.devices
    )


def test_a_zebra_stock_gets_one_zpl_format_per_label(world, session):
    job = job_for(world.ours.workshop, stock="zebra-2x1", donation=world.ours.donation.reference)
    document = service.labels_document(job)
    text = document.content.decode()
    assert document.mimetype.startswith("text/plain") and document.filename.endswith(".zpl")
    assert text.count("^XA") == text.count("^XZ") == 3
    for device in world.ours.devices:
        assert url(device.asset_tag) in text


def test_asking_zpl_of_a_sheet_stock_is_refused(world, session):
    job = job_for(world.ours.workshop, donation=world.ours.donation.reference)
    with pytest.raises(LabelRefused) as refused:
        service.labels_document(job, "zpl")
    assert (refused.value.field, refused.value.code) == ("stock", "not_zpl")


def test_printing_notes_label_printed_in_each_devices_history_with_the_stock(world, session):
    job = job_for(world.ours.donor, donation=world.ours.donation.reference)
    assert record_printed(world.ours.donor, job) == 3
    printed = list(session.scalars(select(DeviceEvent).where(DeviceEvent.kind == EventKind.LABEL_PRINTED)))
    assert sorted(event.device_id for event in printed) == sorted(job.device_ids)
    assert {(event.actor_id, event.organisation_id, event.to_status) for event in printed} == {
        (world.ours.donor.id, world.ours.donor.organisation_id, None)
    }
    assert {event.deltas["stock"] for event in printed} == {"L7160"}


def test_care_organisations_print_nothing(world, session):
    assert not service.may_print(world.care)
    assert all(service.may_print(world.user(role)) for role in ("donor", "refurbisher", "coordinator"))
