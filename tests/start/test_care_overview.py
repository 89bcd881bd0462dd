"""The care organisation's start page: loans overdue and ending soon (the first to end first), and returned devices
to bring to the workshop; its own only, each list linking to the loans page."""
from datetime import date, timedelta

from sqlalchemy import update

from allemaaldigitaal.care.returns import return_device
from allemaaldigitaal.core.enums import DeviceStatus as S, HandoutKind, OrganisationKind as K
from allemaaldigitaal.core.models import Handout

from ..web.test_layout import parse
from .test_queues import section, tags


def lend(campaign, care, days: int, reference: str):
    """A device this care organisation lent out, ending `days` from today (in the past too)."""
    donor, workshop = campaign.make.one(K.DONOR), campaign.make.one(K.REFURBISHER)
    device = campaign.device(campaign.donation(donor, workshop), donor, S.HANDED_OUT, workshop, care=care)
    campaign.make.session.execute(update(Handout).where(Handout.id == device.handout_id).values(
        kind=HandoutKind.LOAN, loan_until=date.today() + timedelta(days=days), recipient_reference=reference))
    campaign.make.session.refresh(device.handout)
    return device


def test_a_care_organisation_sees_its_overdue_and_ending_loans_the_first_to_end_first(client, make, login, campaign):
    mine, other = make.user(K.CARE), make.user(K.CARE)
    later = lend(campaign, mine, 45, "CL-LATER")
    soon, sooner = lend(campaign, mine, 20, "CL-SOON"), lend(campaign, mine, 2, "CL-SOONER")
    late, later_late = lend(campaign, mine, -30, "CL-LATE"), lend(campaign, mine, -1, "CL-JUST")
    theirs = lend(campaign, other, -3, "CL-THEIRS")
    login(client, mine)
    overdue, ending = section(client, "queue-loans_overdue"), section(client, "queue-loans_ending")
    assert [tag for tag in tags(late, later_late, theirs) if tag in overdue] == tags(late, later_late)
    assert overdue.index(tags(late)[0]) < overdue.index(tags(later_late)[0])
    assert "CL-LATE" in overdue and "CL-THEIRS" not in overdue
    assert [tag for tag in tags(later, soon, sooner, late) if tag in ending] == tags(soon, sooner)
    assert ending.index(tags(sooner)[0]) < ending.index(tags(soon)[0])
    page = parse(client.get("/start").get_data(as_text=True))
    assert page.find(id="queue-loans_overdue").find("h3").text().split() == ["Bruikleen", "te", "laat", "terug", "(2)"]
    assert "/bruikleen" in {link.attrs.get("href") for link in page.find(id="queue-loans_ending").find_all("a")}


def test_a_returned_device_waits_in_bring_back_until_the_workshop_takes_it_in(client, make, login, campaign):
    care = make.user(K.CARE)
    device = lend(campaign, care, 10, "CL-TERUG")
    return_device(care, device)
    make.session.flush()
    login(client, care)
    assert tags(device)[0] in section(client, "queue-bring_back")
    assert tags(device)[0] not in section(client, "queue-loans_ending")
    return_device(make.one(K.REFURBISHER), device)
    make.session.flush()
    assert tags(device)[0] not in section(client, "queue-bring_back")
