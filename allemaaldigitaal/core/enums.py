"""Choices stored as strings, each carrying its Dutch label (translatable), with their groups beside them."""
import enum

from flask_babel import lazy_gettext as _l


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a translatable label."""

    def __new__(cls, value: str, label, tone: str = "neutral"):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        #: the Utrecht status badge variant that shows it (templates/macros/badges.html)
        member.tone = tone
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


class OrganisationKind(LabelledEnum):
    COORDINATOR = "coordinator", _l("Coördinator")
    DONOR = "donor", _l("Donateur")
    REFURBISHER = "refurbisher", _l("Werkplaats")
    CARE = "care", _l("Zorgorganisatie")


class DeviceStatus(LabelledEnum):
    """Where a device is; the tone is its badge: waiting, at work, ready, done, needs a look, ended, or lost."""

    PLEDGED = "pledged", _l("Toegezegd"), "neutral"
    RECEIVED = "received", _l("Ontvangen"), "active"
    WIPED = "wiped", _l("Gewist"), "active"
    READY = "ready", _l("Klaar voor uitgifte"), "safe"
    ALLOCATED = "allocated", _l("Toegewezen"), "active"
    DELIVERED = "delivered", _l("Afgeleverd"), "active"
    HANDED_OUT = "handed_out", _l("Uitgereikt"), "success"
    RETURNED = "returned", _l("Teruggebracht"), "warning"
    RECYCLED = "recycled", _l("Gerecycled"), "inactive"
    CANCELLED = "cancelled", _l("Geannuleerd"), "inactive"
    LOST = "lost", _l("Kwijt"), "danger"


#: statuses in which a device has just come (back) into a workshop
INTAKE = frozenset({DeviceStatus.RECEIVED, DeviceStatus.RETURNED})
#: statuses that promise a wiped device; the database refuses them without a passed wipe
WIPE_PROVEN = frozenset({DeviceStatus.READY, DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED, DeviceStatus.HANDED_OUT})
#: on the way to a person: in a workshop or with a care organisation, not yet handed out
IN_PREPARATION = frozenset({
    DeviceStatus.RECEIVED, DeviceStatus.WIPED, DeviceStatus.READY, DeviceStatus.ALLOCATED, DeviceStatus.DELIVERED,
})


class EventKind(LabelledEnum):
    """What a device event records; only status changes (and creation) move the status."""

    CREATED = "created", _l("Aangemeld")
    STATUS_CHANGED = "status_changed", _l("Status gewijzigd")
    LABEL_PRINTED = "label_printed", _l("Label afgedrukt")
    SCANNED = "scanned", _l("Gescand")
    DETAILS_EDITED = "details_edited", _l("Gegevens aangepast")
    CUSTODY_MOVED = "custody_moved", _l("Van beheerder gewisseld")
    WIPE_RECORDED = "wipe_recorded", _l("Wissen vastgelegd")
    CHECK_RECORDED = "check_recorded", _l("Controle vastgelegd")
    HANDOVER_PRINTED = "handover_printed", _l("Uitgifteformulier afgedrukt")


#: the event kinds that carry a status (from and to)
STATUS_EVENTS = frozenset({EventKind.CREATED, EventKind.STATUS_CHANGED})


class DeviceKind(LabelledEnum):
    LAPTOP = "laptop", _l("Laptop")
    TABLET = "tablet", _l("Tablet")


class StorageType(LabelledEnum):
    HDD = "hdd", _l("Harde schijf (HDD)")
    SSD = "ssd", _l("SSD (SATA)")
    NVME = "nvme", _l("SSD (NVMe)")
    EMMC = "emmc", _l("eMMC (vast geheugen)")
    OTHER = "other", _l("Anders")


class ConditionGrade(LabelledEnum):
    A = "A", _l("A: als nieuw")
    B = "B", _l("B: lichte gebruikssporen")
    C = "C", _l("C: duidelijke gebruikssporen, werkt goed")


class WipeLevel(LabelledEnum):
    """NIST SP 800-88 sanitisation levels."""

    CLEAR = "clear", _l("Clear (overschrijven)")
    PURGE = "purge", _l("Purge (grondig wissen)")
    DESTROY = "destroy", _l("Destroy (vernietigen)")


class WipeTechnique(LabelledEnum):
    OVERWRITE = "overwrite", _l("Overschrijven")
    BLOCK_ERASE = "block_erase", _l("Block erase")
    CRYPTO_ERASE = "crypto_erase", _l("Crypto erase")
    FACTORY_RESET_ENCRYPTED = "factory_reset_encrypted", _l("Fabrieksreset van versleuteld apparaat")
    PHYSICAL_DESTRUCTION = "physical_destruction", _l("Fysieke vernietiging")


class WipeVerification(LabelledEnum):
    NONE = "none", _l("Niet gecontroleerd")
    SAMPLE = "sample", _l("Steekproef")
    FULL = "full", _l("Volledig gecontroleerd")


class ClaimStatus(LabelledEnum):
    SUBMITTED = "submitted", _l("Aangevraagd")
    APPROVED = "approved", _l("Goedgekeurd")
    REJECTED = "rejected", _l("Afgewezen")
    FULFILLED = "fulfilled", _l("Geleverd")
    CANCELLED = "cancelled", _l("Geannuleerd")


class HandoutKind(LabelledEnum):
    GIFT = "gift", _l("Schenking")
    LOAN = "loan", _l("Bruikleen")

