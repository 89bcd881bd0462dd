"""Pre-printed labels: who may make them, how many, and linking one to a device once, also when two try at once."""
import threading

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AssetTag, Device, Donation, PreprintedLabel, User
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.devices.preprinted import (
    MAX_PREPRINTED,
    NotYours,
    print_preprinted,
    print_runs,
    run_of,
    run_summary,
)
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db

from ..conftest import app_builder, migrated_database
from ..factories import Factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_workshop_makes_labels_for_itself_that_belong_to_no_device(world, session):
    workshop = world.ours.workshop
    labels = print_preprinted(workshop, workshop.organisation, 5)
    assert len({label.tag for label in labels}) == 5
    assert all(label.workshop_id == workshop.organisation_id and label.printed_by_id == workshop.id for label in labels)
    assert all(label.device_id is None and label.printed_at == labels[0].printed_at for label in labels)


def test_a_coordinator_makes_labels_for_any_workshop(world, session):
    labels = print_preprinted(world.coordinator, world.theirs.workshop.organisation, 2)
    assert {label.workshop_id for label in labels} == {world.theirs.workshop.organisation_id}


@pytest.mark.parametrize("who", ["donor", "care", "other workshop", "coordinator for a donor"])
def test_nobody_else_makes_labels_and_nothing_is_written(world, session, who):
    user, workshop = {
        "donor": (world.ours.donor, world.ours.workshop.organisation),
        "care": (world.care, world.ours.workshop.organisation),
        "other workshop": (world.theirs.workshop, world.ours.workshop.organisation),
        "coordinator for a donor": (world.coordinator, world.ours.donor.organisation),
    }[who]
    before = count(PreprintedLabel), count(AssetTag)
    with pytest.raises(NotYours):
        print_preprinted(user, workshop, 3)
    assert (count(PreprintedLabel), count(AssetTag)) == before


def test_a_deactivated_workshop_gets_no_new_labels(world, session):
    world.ours.workshop.organisation.active = False
    with pytest.raises(NotYours):
        print_preprinted(world.coordinator, world.ours.workshop.organisation, 1)


@pytest.mark.parametrize("number", [0, -1, MAX_PREPRINTED + 1])
def test_the_number_of_labels_is_bounded(world, session, number):
    before = count(PreprintedLabel)
    with pytest.raises(DomainError) as refused:
        print_preprinted(world.ours.workshop, world.ours.workshop.organisation, number)
    assert refused.value.field == "count" and "1 tot en met 1000" in refused.value.message
    assert count(PreprintedLabel) == before


def test_a_thousand_labels_at_once(world, session):
    labels = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, MAX_PREPRINTED)
    assert len({label.tag for label in labels}) == MAX_PREPRINTED


def test_registering_a_device_with_a_label_gives_it_the_labels_tag_in_any_typed_form(world, session):
    workshop = world.ours.workshop
    label = print_preprinted(workshop, workshop.organisation, 1)[0]
    typed = format_tag(label.tag).lower()
    device = add_device(world.ours.donation, workshop, DeviceSpecs(brand="Lenovo"), preprinted_tag=f"  {typed} ")
    assert device.asset_tag == label.tag
    assert label.device_id == device.id and label.linked_at is not None


def test_a_blank_label_field_means_a_new_tag(world, session):
    device = add_device(world.ours.donation, world.ours.donor, DeviceSpecs(), preprinted_tag="  ")
    assert session.scalar(select(PreprintedLabel).where(PreprintedLabel.device_id == device.id)) is None


def refusal(world, session, text: str, donation=None) -> str:
    before = count(Device), count(AssetTag)
    with pytest.raises(DomainError) as refused:
        add_device(donation or world.ours.donation, world.ours.workshop, DeviceSpecs(), preprinted_tag=text)
    assert refused.value.field == "preprinted_tag"
    assert (count(Device), count(AssetTag)) == before, "a refusal writes nothing"
    return str(refused.value.message)


def test_a_tag_whose_check_character_fails_is_refused(world, session):
    label = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 1)[0]
    wrong = label.tag[:-1] + ("0" if label.tag[-1] != "0" else "1")
    assert "klopt niet" in refusal(world, session, wrong)


def test_an_unknown_tag_is_refused(world, session):
    assert "geen voorgedrukt label" in refusal(world, session, "AD-ZZZ-ZZZ-ZZ3")


def test_a_device_tag_is_not_a_pre_printed_label(world, session):
    assert "geen voorgedrukt label" in refusal(world, session, world.theirs.devices[0].asset_tag)


def test_another_workshops_label_is_refused(world, session):
    theirs = print_preprinted(world.theirs.workshop, world.theirs.workshop.organisation, 1)[0]
    assert "geen voorgedrukt label van de werkplaats van deze donatie" in refusal(world, session, theirs.tag)


def test_a_donation_without_a_workshop_takes_no_label(world, session):
    label = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 1)[0]
    unassigned = create_donation(world.ours.donor.organisation, world.ours.donor)
    assert "nog geen werkplaats" in refusal(world, session, label.tag, unassigned)


def test_a_label_is_linked_once(world, session):
    label = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 1)[0]
    add_device(world.ours.donation, world.ours.workshop, DeviceSpecs(), preprinted_tag=label.tag)
    assert "zit al op een ander apparaat" in refusal(world, session, label.tag)


def test_print_runs_group_the_labels_made_at_once_and_count_the_linked_ones(world, session):
    workshop = world.ours.workshop
    first = print_preprinted(workshop, workshop.organisation, 3)
    second = print_preprinted(world.coordinator, workshop.organisation, 2)
    add_device(world.ours.donation, workshop, DeviceSpecs(), preprinted_tag=first[1].tag)
    theirs = print_preprinted(world.theirs.workshop, world.theirs.workshop.organisation, 4)
    runs = {run.first_id: run for run in print_runs(workshop)}
    assert set(runs) == {first[0].id, second[0].id}
    assert (runs[first[0].id].count, runs[first[0].id].linked) == (3, 1)
    assert runs[second[0].id].printed_by == world.coordinator.name
    assert [label.id for label in run_of(workshop, first[2].id)] == [label.id for label in first]
    assert run_of(workshop, theirs[0].id) is None and run_summary(workshop, theirs[0].id) is None
    assert {run.first_id for run in print_runs(world.coordinator)} >= {first[0].id, second[0].id, theirs[0].id}
    assert print_runs(world.ours.donor) == []


# Two people link the same label at the same moment: two app instances on one database, each its own engine.

@pytest.fixture(scope="module")
def database(fresh_database):
    return migrated_database(fresh_database, "preprinted")


@pytest.fixture
def two_apps(database):
    with app_builder(database) as build:
        yield build(), build()


def _label_for_a_new_workshop(application) -> tuple[str, int, int]:
    """A donor, a workshop, an assigned donation and one pre-printed label, committed: (tag, donation id, user id)."""
    with application.app_context():
        def setup():
            make = Factories(db.session)
            donor, workshop = make.user(K.DONOR), make.user(K.REFURBISHER)
            donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
            label = print_preprinted(workshop, workshop.organisation, 1)[0]
            return label.tag, donation.id, workshop.id
        return commit_or_rollback(setup)


@pytest.mark.parametrize("attempt", range(3))
def test_two_people_linking_the_same_label_at_once_link_it_once(two_apps, attempt):
    tag, donation_id, user_id = _label_for_a_new_workshop(two_apps[0])
    start, outcomes = threading.Barrier(2), []

    def register(application, serial: str) -> None:
        with application.app_context():
            donation, user = db.session.get(Donation, donation_id), db.session.get(User, user_id)
            start.wait()
            try:
                commit_or_rollback(lambda: add_device(donation, user, DeviceSpecs(serial_number=serial), preprinted_tag=tag))
                outcomes.append("linked")
            except DomainError as error:
                outcomes.append(str(error.message))

    threads = [threading.Thread(target=register, args=(app, f"SN-{n}")) for n, app in enumerate(two_apps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("linked") == 1, outcomes
    # the second waited for the first (SQLite's write lock, PostgreSQL's row lock) and then saw the link
    assert [outcome for outcome in outcomes if outcome != "linked"] == [
        f"Label {format_tag(tag)} zit al op een ander apparaat. Gebruik een nieuw label."
    ]
    with two_apps[1].app_context():
        devices = list(db.session.scalars(select(Device).where(Device.asset_tag == tag)))
        label = db.session.scalar(select(PreprintedLabel).where(PreprintedLabel.tag == tag))
        assert len(devices) == 1 and label.device_id == devices[0].id
        assert db.session.scalar(select(func.count()).select_from(Device).where(Device.donation_id == donation_id)) == 1


def test_a_workshop_sees_only_its_own_labels_through_scoping(world, session):
    from allemaaldigitaal.core.access import scoped

    ours = print_preprinted(world.ours.workshop, world.ours.workshop.organisation, 2)
    theirs = print_preprinted(world.theirs.workshop, world.theirs.workshop.organisation, 2)
    seen = {user: set(session.scalars(scoped(PreprintedLabel, user))) for user in
            (world.ours.workshop, world.coordinator, world.ours.donor, world.care)}
    assert seen[world.ours.workshop] == set(ours)
    assert seen[world.coordinator] >= set(ours) | set(theirs)
    assert seen[world.ours.donor] == seen[world.care] == set()
