"""Writing a planned demo campaign in bulk: a few statements per step, each status change through the safety net.

The devices go in as pledged with their creation events; then, one step of their paths at a time, what the step
needs first (wipe records for every medium, a check with the account locks cleared, a handout), one UPDATE of the
devices' status per pair of statuses (the database's lifecycle triggers check every row: the table, the history,
the wipes since the last intake), and the status events. A large campaign gets the dashboard's tallies counted once at
the end instead of step by step (core.tallies). Never commits.
"""
import json
import random
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from allemaaldigitaal.core.enums import (
    ConditionGrade,
    DeviceKind,
    DeviceStatus as S,
    EventKind,
    HandoutKind,
    OrganisationKind as K,
    WipeLevel,
    WipeTechnique,
    WipeVerification,
)
from allemaaldigitaal.core.models import Device, Handout
from allemaaldigitaal.core.tallies import counted_afterwards
from allemaaldigitaal.devices.asset_tags import issue_tags
from allemaaldigitaal.extensions import db

from .organisations import People
from .plan import Campaign, DevicePlan, claim_number
from .sql import analyse, bulk_writes, change_status, insert_rows, stamp, update_rows

NOTES = {
    S.CANCELLED: "Donateur heeft het apparaat zelf nodig",
    S.RECYCLED: "Moederbord defect; onderdelen hergebruikt",
    S.LOST: "Niet teruggevonden bij de inventarisatie",
}
#: steps that end a handout and release the claim (as the lifecycle's effects do)
LEAVES_THE_HANDOUT = frozenset({S.RETURNED, S.LOST, S.RECYCLED})
#: who holds the device after these steps
CUSTODY = {S.RECEIVED: K.REFURBISHER, S.RETURNED: K.REFURBISHER, S.DELIVERED: K.CARE}
SYSTEMS = {DeviceKind.LAPTOP: ("Windows 11", "Linux Mint", "ChromeOS Flex"), "Apple": ("iPadOS",), "Samsung": ("Android",)}
EVENT = ("device_id", "kind", "from_status", "to_status", "deltas", "actor_id", "organisation_id", "note", "created_at")
DEVICE = (
    "asset_tag", "donation_id", "kind", "brand", "model", "serial_number", "ram_gb", "storage_gb", "storage_type",
    "storage_media_count", "charger_included", "account_locks_cleared", "status", "created_at", "updated_at",
    "status_changed_at",
)
WIPE = (
    "device_id", "medium_type", "medium_serial", "medium_capacity_gb", "level", "technique", "tool", "tool_version",
    "verification", "passed", "operator_id", "organisation_id", "started_at", "finished_at", "created_at",
)
CHECK = (
    "device_id", "checked_by_id", "organisation_id", "checked_at", "condition_grade", "battery_health_pct", "screen_ok",
    "keyboard_ok", "ports_ok", "camera_ok", "accessories", "os_installed", "activation_lock_cleared",
    "google_frp_cleared", "chromebook_enrolment_cleared", "locks_not_applicable",
)
HANDOUT = (
    "device_id", "care_organisation_id", "recipient_reference", "kind", "loan_until", "handed_out_at",
    "handed_out_by_id",
)
#: the tables the load fills, itself or through the dashboard's triggers
FILLED = ("devices", "device_events", "device_milestones")
#: from this many devices the load sets the tables' indexes and foreign keys aside (sql.bulk_writes); a smaller load
#: keeps them, as building them again costs more than it saves there, and nobody waits for its locks
SET_ASIDE_FROM = 1000
#: the tables the triggers (the lifecycle's, the foreign keys') read while devices change status
ANALYSED = ("devices", "device_events", "wipe_records", "handouts")


@dataclass(frozen=True)
class Actor:
    user_id: int
    organisation_id: int


def write_campaign(campaign: Campaign, people: People, donation_ids: list[int], claim_ids: dict, rng: random.Random) -> None:
    """Every planned device with its history, wipes, checks and handouts."""
    db.session.flush()
    large = len(campaign.devices) >= SET_ASIDE_FROM
    with bulk_writes(FILLED if large else ()), counted_afterwards() if large else nullcontext():
        CampaignWriter(campaign, people, donation_ids, claim_ids, rng).write()


class CampaignWriter:
    def __init__(self, campaign: Campaign, people: People, donation_ids: list[int], claim_ids: dict, rng: random.Random):
        self.campaign, self.donation_ids, self.claim_ids, self.rng = campaign, donation_ids, claim_ids, rng
        self.actors = {kind: [Actor(user.id, user.organisation_id) for user in users] for kind, users in people.users.items()}
        self.stamp = stamp()
        self.ids: list[int] = []
        #: each device's DEVICE_STATE as it goes
        self.state = [[None, None, None, False, None, None] for _ in campaign.devices]
        self.handouts: dict[int, int] = {}
        #: rows written to each table the triggers read, now and at its last ANALYZE
        self.written: Counter = Counter()
        self.analysed: dict[str, int] = dict.fromkeys(ANALYSED, 0)

    def write(self) -> None:
        self._insert_devices()
        on_the_way = list(enumerate(self.campaign.devices))
        for number in range(max((len(device.steps) for device in self.campaign.devices), default=0)):
            on_the_way = [(index, device) for index, device in on_the_way if len(device.steps) > number]
            self._step(number, on_the_way)

    def actor(self, device: DevicePlan, step: S) -> Actor:
        donation = self.campaign.donations[device.donation]
        if step == S.CANCELLED:
            return self.actors[K.DONOR][donation.donor]
        if step == S.ALLOCATED:
            return self.actors[K.COORDINATOR][0]
        if step == S.HANDED_OUT:
            return self.actors[K.CARE][device.care]
        return self.actors[K.REFURBISHER][donation.workshop]

    def event(self, index: int, kind: EventKind, actor: Actor, at: datetime, *, from_status: S | None = None,
              to_status: S | None = None, note: str | None = None, deltas: dict | None = None) -> tuple:
        return (self.ids[index], kind.value, from_status and from_status.value, to_status and to_status.value,
                json.dumps(deltas) if deltas else None, actor.user_id, actor.organisation_id, note, self.stamp(at))

    def _insert_devices(self) -> None:
        devices, stamp = self.campaign.devices, self.stamp
        tags = issue_tags(len(devices))
        self.insert("devices", DEVICE, [
            (tag, self.donation_ids[device.donation], device.kind.value, device.brand, device.model,
             device.serial_number, device.ram_gb, device.storage_gb, device.storage_type.value, device.media,
             device.charger_included, False, S.PLEDGED.value, stamp(device.created_at), stamp(device.created_at),
             stamp(device.created_at))
            for device, tag in zip(devices, tags, strict=True)
        ])
        table = Device.__table__
        by_tag = dict(db.session.execute(select(table.c.asset_tag, table.c.id)).all())
        self.ids = [by_tag[tag] for tag in tags]
        donors = self.actors[K.DONOR]
        self.insert("device_events", EVENT, [
            self.event(index, EventKind.CREATED, donors[self.campaign.donations[device.donation].donor],
                       device.created_at, to_status=S.PLEDGED)
            for index, device in enumerate(devices)
        ])

    def _step(self, number: int, on_the_way: list[tuple[int, DevicePlan]]) -> None:
        """Step `number` of the devices whose paths have it: what it needs, the status change, its events."""
        moves = [
            (index, device, device.steps[number - 1] if number else (S.PLEDGED, device.created_at), device.steps[number])
            for index, device in on_the_way
        ]
        self._wipe([move for move in moves if move[3][0] == S.WIPED])
        self._check([move for move in moves if move[3][0] == S.READY])
        self._hand_out([move for move in moves if move[3][0] == S.HANDED_OUT])
        self._end_handouts([move for move in moves if move[3][0] in LEAVES_THE_HANDOUT])
        events, changes = [], {}
        for index, device, (current, _since), (step, at) in moves:
            deltas = self._new_state(index, device, step, at)
            changes.setdefault((current, step), []).append((self.ids[index], self.stamp(at), *self.state[index]))
            events.append(self.event(index, EventKind.STATUS_CHANGED, self.actor(device, step), at,
                                     from_status=current, to_status=step, note=NOTES.get(step), deltas=deltas))
        self._analyse_grown()
        for (current, step), rows in changes.items():
            change_status(current, step, rows)
        self.insert("device_events", EVENT, events)

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        insert_rows(table, columns, rows)
        self.written[table] += len(rows)

    def _analyse_grown(self) -> None:
        """Fresh statistics for each table of ANALYSED that has more than doubled since its last ANALYZE."""
        grown = [table for table in ANALYSED if self.written[table] > 2 * self.analysed[table]]
        if grown:
            analyse(*grown)
            self.analysed.update({table: self.written[table] for table in grown})

    def _new_state(self, index: int, device: DevicePlan, step: S, at: datetime) -> dict | None:
        """What the step changes besides the status (DEVICE_STATE); the custody move for the event."""
        state = self.state[index]
        if step == S.ALLOCATED:
            state[1] = self.claim_ids[device.care, claim_number(self.campaign, at)]
        elif step == S.HANDED_OUT:
            state[2] = self.handouts[self.ids[index]]
        elif step in LEAVES_THE_HANDOUT:
            state[1] = state[2] = None
            if step == S.RETURNED:  # back from a person: the account locks need a new check
                state[3] = False
        custodian = CUSTODY.get(step)
        if custodian is None:
            return None
        after = self.actor(device, S.HANDED_OUT if custodian == K.CARE else step).organisation_id
        before, state[0] = state[0], after
        return {"custodian_id": [before, after]}

    def _wipe(self, moves: list) -> None:
        """A passed wipe record for every medium, between the intake and the wiped step, each in the history."""
        records, events, stamp = [], [], self.stamp
        for index, device, (_intake, since), (step, at) in moves:
            started, finished = since + (at - since) * 0.3, since + (at - since) * 0.7
            actor = self.actor(device, step)
            technique = WipeTechnique.BLOCK_ERASE if device.kind == DeviceKind.LAPTOP else WipeTechnique.FACTORY_RESET_ENCRYPTED
            for medium in range(device.media):
                serial = f"{device.serial_number}-M{medium + 1}"
                records.append((
                    self.ids[index], device.storage_type.value, serial, device.storage_gb, WipeLevel.PURGE.value,
                    technique.value, "nwipe", "0.36", WipeVerification.FULL.value, True, actor.user_id,
                    actor.organisation_id, stamp(started), stamp(finished), stamp(finished),
                ))
                events.append(self.event(index, EventKind.WIPE_RECORDED, actor, finished, deltas={
                    "medium_serial": serial, "level": WipeLevel.PURGE.value, "passed": True}))
        self.insert("wipe_records", WIPE, records)
        self.insert("device_events", EVENT, events)

    def _check(self, moves: list) -> None:
        """A check that finds the device good and its account locks cleared, before it is ready."""
        checks, events, grades = [], [], list(ConditionGrade)
        for index, device, (_wiped, since), (step, at) in moves:
            checked, actor = since + (at - since) * 0.5, self.actor(device, step)
            grade = self.rng.choice(grades)
            system = self.rng.choice(SYSTEMS[device.kind if device.kind == DeviceKind.LAPTOP else device.brand])
            self.state[index][3:] = [True, grade.value, system]
            laptop = device.kind == DeviceKind.LAPTOP
            checks.append((
                self.ids[index], actor.user_id, actor.organisation_id, self.stamp(checked), grade.value,
                self.rng.randint(62, 100), True, True, True, True, "Oplader" if device.charger_included else None,
                system, device.brand == "Apple", device.brand == "Samsung", False, laptop,
            ))
            events.append(self.event(index, EventKind.CHECK_RECORDED, actor, checked, deltas={
                "condition_grade": grade.value, "os_installed": system, "account_locks_cleared": True}))
        self.insert("device_checks", CHECK, checks)
        self.insert("device_events", EVENT, events)

    def _hand_out(self, moves: list) -> None:
        """The handover form of each device handed out (a pseudonym, never a name), before the step."""
        rows = []
        for index, device, _before, (step, at) in moves:
            actor, loan = self.actor(device, step), self.rng.random() < 0.3
            until = (at + timedelta(days=365)).date().isoformat() if loan else None
            rows.append((
                self.ids[index], actor.organisation_id, f"CL-{self.rng.randrange(10**6):06d}",
                (HandoutKind.LOAN if loan else HandoutKind.GIFT).value, until, self.stamp(at), actor.user_id,
            ))
        self.insert("handouts", HANDOUT, rows)
        table = Handout.__table__
        self.handouts = dict(db.session.execute(select(table.c.device_id, table.c.id)).all())

    def _end_handouts(self, moves: list) -> None:
        update_rows("handouts", ("returned_at",), [
            (self.state[index][2], self.stamp(at))
            for index, _device, _before, (_step, at) in moves if self.state[index][2]
        ])
