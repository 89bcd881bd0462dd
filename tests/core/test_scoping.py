"""Row scoping: each organisation sees its own rows, a coordinator sees everything."""
import secrets
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from allemaaldigitaal.care.services import approve_claim, create_claim
from allemaaldigitaal.core.access import CAMPAIGN_WIDE, VISIBLE_TO, get_visible_or_404, scoped
from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K, StorageType
from allemaaldigitaal.core.models import (
    ApiToken,
    AuditEvent,
    Certificate,
    Claim,
    Device,
    DeviceCheck,
    DeviceEvent,
    Donation,
    Handout,
    Invitation,
    Organisation,
    PreprintedLabel,
    StorageMedium,
    User,
    WipeRecord,
)
from allemaaldigitaal.demo.services import Cast, bring_to
from allemaaldigitaal.devices.preprinted import print_preprinted
from allemaaldigitaal.devices.services import DeviceSpecs, add_device
from allemaaldigitaal.donations.certificates import issue_certificate
from allemaaldigitaal.donations.services import create_donation
from allemaaldigitaal.extensions import db
from allemaaldigitaal.organisations.invitations import hash_token, invite_colleague

MODELS = list(VISIBLE_TO)
#: rows that belong to a device and are visible with it
DEVICE_RECORDS = {
    WipeRecord: lambda device: device.wipe_records, DeviceEvent: lambda device: device.events,
    DeviceCheck: lambda device: _rows_of(DeviceCheck, device), StorageMedium: lambda device: _rows_of(StorageMedium, device),
}


def _rows_of(model, device: Device) -> list:
    return list(db.session.scalars(select(model).where(model.device_id == device.id)))
KINDS = list(K)


@dataclass
class World:
    """One organisation of each kind that work together, and the rows they made."""

    users: dict[K, User]
    pledged: Device
    handed_out: Device
    rows: dict = field(default_factory=dict)

    def expected(self, model, viewer: User) -> list:
        """The rows of this world the viewer's organisation owns, written out per model."""
        kind = viewer.kind
        devices = [self.pledged, self.handed_out]
        if model is Donation:
            return list({device.donation for device in devices}) if kind in (K.DONOR, K.REFURBISHER) else []
        if model is Device:
            return {K.DONOR: devices, K.REFURBISHER: devices, K.CARE: [self.handed_out]}.get(kind, [])
        if model is Claim:
            return [self.handed_out.claim] if kind == K.CARE else []
        if model is Handout:
            return [self.handed_out.handout] if kind == K.CARE else []
        if model is PreprintedLabel:
            return list(self.rows[model]) if kind == K.REFURBISHER else []
        if model is Certificate:
            return list(self.rows[model]) if kind in (K.DONOR, K.REFURBISHER) else []
        if model is Organisation:
            return [viewer.organisation]
        if model in (User, Invitation, ApiToken, AuditEvent):
            return [row for row in self.rows[model] if _owned(row, viewer)]
        if model in DEVICE_RECORDS:
            return [row for device in self.expected(Device, viewer) for row in DEVICE_RECORDS[model](device)]
        raise AssertionError(f"no expectation for {model.__name__}")

    def all_rows(self, model) -> list:
        if model is Donation:
            return list({self.pledged.donation, self.handed_out.donation})
        if model is Device:
            return [self.pledged, self.handed_out]
        if model is Claim:
            return [self.handed_out.claim]
        if model is Handout:
            return [self.handed_out.handout]
        if model is Organisation:
            return [user.organisation for user in self.users.values()]
        if model in DEVICE_RECORDS:
            return [row for device in (self.pledged, self.handed_out) for row in DEVICE_RECORDS[model](device)]
        return list(self.rows[model])


def _owned(row, viewer: User) -> bool:
    if isinstance(row, User):
        return row.organisation_id == viewer.organisation_id
    if isinstance(row, Invitation):
        return row.organisation_id == viewer.organisation_id
    if isinstance(row, ApiToken):
        return row.user_id == viewer.id
    return False


def _add_account_rows(world: World, session) -> None:
    """A colleague, an invitation, an API token and an audit event for every organisation."""
    world.rows = {User: [], Invitation: [], ApiToken: [], AuditEvent: []}
    for _kind, user in world.users.items():
        colleague = User(email=f"c-{secrets.token_hex(4)}@example.org", name="Collega", organisation=user.organisation)
        session.add(colleague)
        invitation = invite_colleague(user, f"nieuw-{secrets.token_hex(4)}@example.org").invitation
        token = ApiToken(user=user, name="script", token_hash=hash_token(secrets.token_hex(8)), prefix="abc")
        session.add(token)
        world.rows[User] += [user, colleague]
        world.rows[Invitation].append(invitation)
        world.rows[ApiToken].append(token)
        world.rows[AuditEvent].append(record_audit("login", user, subject=user.email))
    workshop = world.users[K.REFURBISHER]
    world.rows[PreprintedLabel] = print_preprinted(workshop, workshop.organisation, 2)
    world.rows[Certificate] = [issue_certificate(world.handed_out.donation, workshop, "https://example.org")]
    for device in (world.pledged, world.handed_out):
        session.add(DeviceCheck(device=device, checked_by_id=workshop.id, condition_grade="B", screen_ok=True,
                                keyboard_ok=True, ports_ok=True, camera_ok=True, locks_not_applicable=True))
        session.add(StorageMedium(device=device, serial=secrets.token_hex(6).upper()))
    session.flush()


def _first_world(make, session) -> World:
    """Built with the shared factories: make.device walks the full history."""
    pledged = make.device(S.PLEDGED)
    handed_out = make.device(S.HANDED_OUT)
    world = World({kind: make.one(kind) for kind in KINDS}, pledged, handed_out)
    _add_account_rows(world, session)
    return world


def _second_world(make, session) -> World:
    """A second organisation of every kind, doing the same work."""
    users = {kind: make.user(kind) for kind in KINDS}
    donor, workshop, care = users[K.DONOR], users[K.REFURBISHER], users[K.CARE]
    claim = approve_claim(create_claim(care.organisation, care, 1, 0, "Voor de buurt"), users[K.COORDINATOR])
    cast = Cast(coordinator=users[K.COORDINATOR], refurbishers=[workshop], care=[care], claims=[claim])
    devices = []
    for target in (S.PLEDGED, S.HANDED_OUT):
        donation = create_donation(donor.organisation, donor, refurbisher=workshop.organisation)
        device = add_device(
            donation, donor, DeviceSpecs(serial_number=secrets.token_hex(4), storage_type=StorageType.SSD)
        )
        bring_to(device, target, cast, make.rng, workshop)
        devices.append(device)
    session.flush()
    world = World(users, *devices)
    _add_account_rows(world, session)
    return world


@pytest.fixture
def worlds(make, session):
    return _first_world(make, session), _second_world(make, session)


def _expected(worlds, model, viewer: User) -> set[int]:
    if viewer.kind == K.COORDINATOR and model is not ApiToken:
        return {row.id for world in worlds for row in world.all_rows(model)}
    own = next(world for world in worlds if viewer in world.users.values())
    return {row.id for row in own.expected(model, viewer)}


def _known(worlds, model) -> set[int]:
    return {row.id for world in worlds for row in world.all_rows(model)}


def test_both_worlds_hold_rows_of_every_model(worlds):
    for model in MODELS:
        for world in worlds:
            assert world.all_rows(model), model.__name__
    assert worlds[1].handed_out.status == S.HANDED_OUT
    assert worlds[1].handed_out.claim.care_organisation_id == worlds[1].users[K.CARE].organisation_id


@pytest.mark.parametrize("kind", KINDS, ids=[kind.value for kind in KINDS])
@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
def test_scoped_shows_own_rows_and_hides_the_other_organisations(worlds, session, model, kind):
    for world in worlds:
        viewer = world.users[kind]
        seen = {row.id for row in session.scalars(scoped(model, viewer))} & _known(worlds, model)
        assert seen == _expected(worlds, model, viewer)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.value for kind in KINDS])
@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
def test_get_visible_or_404_answers_404_for_what_is_not_yours(app, session, worlds, model, kind):
    session.commit()  # as a request finds them; each refusal's audit drops what a request left uncommitted
    for world in worlds:
        viewer = world.users[kind]
        expected = _expected(worlds, model, viewer)
        with app.test_request_context("/"):
            for row_id in _known(worlds, model):
                if row_id in expected:
                    assert get_visible_or_404(model, row_id, viewer).id == row_id
                else:
                    with pytest.raises(NotFound):
                        get_visible_or_404(model, row_id, viewer)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.value for kind in KINDS])
@pytest.mark.parametrize("model", CAMPAIGN_WIDE, ids=[model.__name__ for model in CAMPAIGN_WIDE])
def test_the_campaign_wide_tallies_are_for_coordinators_only(worlds, session, model, kind):
    rows = session.scalars(select(model)).all()
    assert rows
    seen = session.scalars(scoped(model, worlds[0].users[kind])).all()
    assert seen == (rows if kind == K.COORDINATOR else [])


def test_what_each_kind_sees_is_not_empty_where_the_issue_says_so(worlds, session):
    """The rules in words: donor its donations, care its claims and handouts, workshop its assigned donations."""
    first, second = worlds
    rules = [
        (K.DONOR, Donation), (K.DONOR, Device), (K.CARE, Claim), (K.CARE, Handout),
        (K.REFURBISHER, Donation), (K.REFURBISHER, Device), (K.CARE, Device),
    ]
    for kind, model in rules:
        seen = set(session.scalars(scoped(model, first.users[kind])))
        assert seen and seen <= set(first.all_rows(model)), (kind, model.__name__)
        assert not seen & set(second.all_rows(model))


def test_a_coordinator_does_not_see_other_peoples_api_tokens(worlds, session):
    coordinator = worlds[0].users[K.COORDINATOR]
    seen = set(session.scalars(scoped(ApiToken, coordinator)))
    assert seen == {token for token in worlds[0].rows[ApiToken] if token.user_id == coordinator.id}
