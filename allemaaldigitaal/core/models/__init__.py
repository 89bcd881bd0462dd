"""All tables; importing this module registers them with the metadata."""
from .accounts import ApiToken, AuditEvent, Invitation
from .care import Claim, Handout
from .certificates import Certificate
from .checks import DeviceCheck, StorageMedium
from .devices import Device, Donation, DonationCounter
from .events import DeviceEvent
from .labels import AssetTag, PreprintedLabel
from .organisations import Organisation, User
from .outbox import OutboxMail
from .password_resets import PasswordReset
from .tallies import DeviceMilestone, DeviceTally, MilestoneDays, StatusEventPeriod
from .wiping import WipeRecord

__all__ = [
    "ApiToken", "AuditEvent", "Claim", "Device", "DeviceEvent", "Donation", "Handout", "Invitation", "Organisation",
    "User", "WipeRecord",
    "OutboxMail", "PasswordReset",
    "AssetTag", "PreprintedLabel",
    "DonationCounter",
    "Certificate",
    "DeviceCheck", "StorageMedium",
    "DeviceMilestone", "DeviceTally", "MilestoneDays", "StatusEventPeriod",
]
