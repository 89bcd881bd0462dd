"""The care organisation's e-mails: a claim decided, devices ready to collect, a loan that ends soon (once)."""
from datetime import timedelta

from sqlalchemy import select

from allemaaldigitaal.care.allocation import allocate_auto, allocate_tags
from allemaaldigitaal.care.claims import approve_claim, create_claim, reject_claim
from allemaaldigitaal.care.reminders import REMINDER_DAYS, send_loan_reminders
from allemaaldigitaal.core.enums import DeviceStatus, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.models import OutboxMail
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.core.tags import format_tag

from ..mailbox import empty_outbox, links_in
from .handout_world import handout


def queued(session, template: str) -> list[OutboxMail]:
    return list(session.scalars(select(OutboxMail).where(OutboxMail.template == template).order_by(OutboxMail.id)))


def members(world, session):
    """A second active member and a deactivated one in the world's care organisation."""
    colleague = world.make.user(K.CARE, organisation=world.care.organisation)
    gone = world.make.user(K.CARE, organisation=world.care.organisation)
    gone.active = False
    session.flush()
    return colleague, gone


def post(client, url: str, **data):
    response = client.post(url, **data)
    response.close()  # the mail goes out once the response is closed
    return response


def test_every_active_member_hears_that_the_claim_was_approved(app, client, login, world, session):
    colleague, gone = members(world, session)
    claim = world.claim(approved=False)
    session.commit()
    outbox = empty_outbox(app)
    login(client, world.coordinator)
    assert post(client, f"/aanvragen/{claim.id}/goedkeuren").status_code == 302
    assert sorted(message.to[0] for message in outbox) == sorted([world.care.email, colleague.email])
    assert gone.email not in {message.to[0] for message in outbox}, "a deactivated member gets nothing"
    mail = outbox[0]
    assert f"Aanvraag {claim.id} is goedgekeurd" == mail.subject
    assert any(link.endswith(f"/aanvragen/{claim.id}") for link in links_in(mail))
    outbox.clear()
    assert post(client, f"/aanvragen/{claim.id}/goedkeuren").status_code == 302
    assert outbox == [], "a refused second approval sends nothing"


def test_a_rejection_mail_gives_the_reason(world, session):
    claim = world.claim(approved=False)
    reject_claim(claim, world.coordinator, "Geen laptops meer in jullie regio")
    mail, = queued(session, "care_claim_rejected")
    assert mail.recipient == world.care.email and f"Aanvraag {claim.id} is afgewezen" == mail.subject
    assert "Geen laptops meer in jullie regio" in mail.text and "Geen laptops meer in jullie regio" in mail.html


def test_a_demo_organisation_gets_no_mail(world, session):
    world.care.organisation.is_demo = True
    approve_claim(create_claim(world.care.organisation, world.care, 1, 0, "Voor de bibliotheek"), world.coordinator)
    assert queued(session, "care_claim_approved") == []


def test_one_mail_per_allocation_lists_the_devices_and_each_workshop_to_collect_them_from(world, session):
    near = world.workshop("utrecht")
    near.organisation.address, near.organisation.city = "Werkplaatsweg 3", "Utrecht"
    near.organisation.contact_phone = "030 123 45 67"
    far = world.workshop("groningen", province="Groningen", postcode="9711 AA")
    devices = [world.device(workshop=near), world.device(workshop=near), world.device(workshop=far)]
    claim = world.claim(laptops=3, tablets=0)
    before = len(queued(session, "care_devices_allocated"))
    allocate_tags(claim, world.coordinator, [device.asset_tag for device in devices])
    mail, = queued(session, "care_devices_allocated")[before:]
    assert mail.recipient == world.care.email
    assert f"Voor aanvraag {claim.id} staan 3 apparaten klaar om op te halen." in mail.text
    assert f"{near.organisation.name}: 2 apparaten" in mail.text and "Werkplaatsweg 3, 3511 AA, Utrecht" in mail.text
    assert "030 123 45 67" in mail.text and f"{far.organisation.name}: 1 apparaat" in mail.text


def test_an_allocation_that_finds_nothing_sends_nothing(world, session):
    claim = world.claim(laptops=1, tablets=0)
    assert allocate_auto(claim, world.coordinator) == []
    assert queued(session, "care_devices_allocated") == []
    world.device()
    assert len(allocate_auto(claim, world.coordinator)) == 1
    assert len(queued(session, "care_devices_allocated")) == 1


def test_a_refused_allocation_by_tags_sends_nothing(app, client, login, world, session):
    claim = world.claim(laptops=1, tablets=0)
    device = world.device(DeviceStatus.WIPED)
    session.commit()
    outbox = empty_outbox(app)
    login(client, world.coordinator)
    assert post(client, f"/aanvragen/{claim.id}/toewijzen", data={"tags": device.asset_tag}).status_code == 422
    assert outbox == [] and queued(session, "care_devices_allocated") == []


# loan reminders ---------------------------------------------------------------------------------------------------

def reminders_in(outbox) -> list:
    """The reminders among the mails sent (the world's claims were approved, with mails of their own)."""
    return [message for message in outbox if message.subject.startswith("Bruikleen van ")]


def loan(world, days_left: int, **fields):
    return handout(world, HandoutKind.LOAN, loan_until=utcnow().date() + timedelta(days=days_left), **fields)


def test_a_loan_within_fourteen_days_is_reminded_once_and_the_mail_names_only_the_device(app, world, session):
    due = loan(world, REMINDER_DAYS, reference="KL-LEEN-7")
    later = loan(world, REMINDER_DAYS + 1)
    session.flush()
    outbox = empty_outbox(app)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-loan-reminders"])
    assert result.exit_code == 0, result.output
    assert "Reminded care organisations of 1 loans" in result.output and f"handout {due.id}" in result.output
    mail, = reminders_in(outbox)
    tag = format_tag(due.device.asset_tag)
    assert mail.to == [world.care.email] and mail.subject == f"Bruikleen van {tag} loopt af"
    assert f"De bruikleen van apparaat {tag} loopt af op" in mail.body
    assert "KL-LEEN-7" not in mail.body and "KL-LEEN-7" not in result.output
    assert any(link.endswith(f"/D/{due.device.asset_tag}") for link in links_in(mail))
    again = runner.invoke(args=["send-loan-reminders"])
    assert again.exit_code == 0 and "of 0 loans" in again.output and len(reminders_in(outbox)) == 1
    session.refresh(due), session.refresh(later)
    assert due.loan_reminder_sent_at is not None and later.loan_reminder_sent_at is None


def test_an_overdue_loan_still_out_is_reminded_as_ended(world, session):
    overdue = loan(world, -3)
    reminded, = send_loan_reminders()
    assert reminded.handout_id == overdue.id
    mail, = queued(session, "care_loan_ends")
    assert "is afgelopen op" in mail.text and "nog niet teruggemeld" in mail.text


def test_gifts_returned_loans_and_erased_loans_get_no_reminder(world, session):
    handout(world, HandoutKind.GIFT)
    loan(world, 3, returned=utcnow())
    erased = loan(world, 3)
    erased.personal_data_erased_at = utcnow()
    session.flush()
    assert send_loan_reminders() == []
    assert queued(session, "care_loan_ends") == []
