"""Choices stored as strings, each carrying its Dutch label (translatable)."""
import enum

from flask_babel import lazy_gettext as _l


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a label and, where useful, a colour."""

    def __new__(cls, value: str, label, colour: str = "grey"):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.colour = colour
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
    PLEDGED = "pledged", _l("Toegezegd"), "grey"
    RECEIVED = "received", _l("Ontvangen"), "blue"
    WIPED = "wiped", _l("Gewist"), "purple"
    READY = "ready", _l("Klaar voor uitgifte"), "green"
    ALLOCATED = "allocated", _l("Toegewezen"), "teal"
    DELIVERED = "delivered", _l("Afgeleverd"), "teal"
    HANDED_OUT = "handed_out", _l("Uitgereikt"), "green"
    RETURNED = "returned", _l("Teruggebracht"), "orange"
    RECYCLED = "recycled", _l("Gerecycled"), "grey"
    CANCELLED = "cancelled", _l("Geannuleerd"), "grey"
    LOST = "lost", _l("Kwijt"), "red"


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
    SUBMITTED = "submitted", _l("Aangevraagd"), "blue"
    APPROVED = "approved", _l("Goedgekeurd"), "green"
    REJECTED = "rejected", _l("Afgewezen"), "red"
    FULFILLED = "fulfilled", _l("Geleverd"), "green"
    CANCELLED = "cancelled", _l("Geannuleerd"), "grey"


class HandoutKind(LabelledEnum):
    GIFT = "gift", _l("Schenking")
    LOAN = "loan", _l("Bruikleen")


PROVINCES = (
    "Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg",
    "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland",
)
