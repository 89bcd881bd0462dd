"""The demo organisations and their people: a small set, and organisations in every province for a large campaign."""
from dataclasses import dataclass

from allemaaldigitaal.accounts.passwords import hash_password
from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.extensions import db

from .plan import SMALL_CAMPAIGN, Places

DEMO_DOMAIN = "demo.allemaaldigitaal.nl"
ORGANISATIONS = [
    (K.COORDINATOR, "Campagnebureau allemaaldigitaal", "Den Haag", "Zuid-Holland", "2511 AA"),
    (K.DONOR, "Ministerie van Voorbeeldzaken", "Den Haag", "Zuid-Holland", "2515 XP"),
    (K.DONOR, "Zuiderzee Verzekeringen", "Zwolle", "Overijssel", "8011 CW"),
    (K.DONOR, "Stedelijk Lyceum Noord", "Groningen", "Groningen", "9712 HV"),
    (K.REFURBISHER, "Repair Werkplaats Utrecht", "Utrecht", "Utrecht", "3511 LX"),
    (K.REFURBISHER, "Digiwerkplaats Eindhoven", "Eindhoven", "Noord-Brabant", "5611 AB"),
    (K.CARE, "Bibliotheek Midden-Limburg", "Roermond", "Limburg", "6041 GR"),
    (K.CARE, "Welzijn Friesland", "Leeuwarden", "Friesland", "8911 BK"),
    (K.CARE, "Zorggroep Gelderse Vallei", "Ede", "Gelderland", "6711 AA"),
    (K.CARE, "Buurtteam Amsterdam-Oost", "Amsterdam", "Noord-Holland", "1093 HN"),
]
#: added for a large campaign, so every province gives, refurbishes or hands out
MORE_ORGANISATIONS = [
    (K.DONOR, "Brabantse Bouwgroep", "Tilburg", "Noord-Brabant", "5038 AA"),
    (K.DONOR, "Hogeschool Veluwezoom", "Arnhem", "Gelderland", "6811 AA"),
    (K.DONOR, "Waterschap Voorbeeld-Drenthe", "Assen", "Drenthe", "9401 AA"),
    (K.DONOR, "Zeeuwse Havendiensten", "Vlissingen", "Zeeland", "4381 AA"),
    (K.DONOR, "Polderbank", "Almere", "Flevoland", "1315 AA"),
    (K.DONOR, "Kennemer Energie", "Haarlem", "Noord-Holland", "2011 AA"),
    (K.DONOR, "Maasland Verzekeraars", "Maastricht", "Limburg", "6211 AA"),
    (K.DONOR, "Friese Zuivelcoöperatie", "Drachten", "Friesland", "9201 AA"),
    (K.DONOR, "Universiteit Domstad", "Utrecht", "Utrecht", "3512 AA"),
    (K.REFURBISHER, "Haagse Herstelwerkplaats", "Den Haag", "Zuid-Holland", "2512 AA"),
    (K.REFURBISHER, "Twentse Techniekwerkplaats", "Enschede", "Overijssel", "7511 AA"),
    (K.REFURBISHER, "Stadjers Repaircafé", "Groningen", "Groningen", "9711 AA"),
    (K.REFURBISHER, "Werkplaats Arnhem", "Arnhem", "Gelderland", "6812 AA"),
    (K.REFURBISHER, "Computerhulp Zaanstreek", "Zaandam", "Noord-Holland", "1502 AA"),
    (K.REFURBISHER, "Limburgse Leerwerkplaats", "Maastricht", "Limburg", "6221 AA"),
    (K.CARE, "Bibliotheek Rotterdam-Zuid", "Rotterdam", "Zuid-Holland", "3072 AA"),
    (K.CARE, "Welzijn Twente", "Hengelo", "Overijssel", "7551 AA"),
    (K.CARE, "Stichting Samen Stad", "Utrecht", "Utrecht", "3514 AA"),
    (K.CARE, "Buurtwerk Brabant-Oost", "Helmond", "Noord-Brabant", "5701 AA"),
    (K.CARE, "Welzijn Zuidoost-Drenthe", "Emmen", "Drenthe", "7811 AA"),
    (K.CARE, "Zeeuwse Bibliotheken", "Middelburg", "Zeeland", "4331 AA"),
    (K.CARE, "Wijkteam Almere-Haven", "Almere", "Flevoland", "1354 AA"),
    (K.CARE, "Bibliotheek Groningen-Noord", "Groningen", "Groningen", "9723 AA"),
]
#: the first organisation of each kind gets the documented demo login
ACCOUNT_NAMES = {K.COORDINATOR: "coordinator", K.DONOR: "donor", K.REFURBISHER: "refurbisher", K.CARE: "care"}


@dataclass
class People:
    """The demo people who act in the histories: one user per organisation, by kind, in the order made."""

    users: dict[K, list[User]]

    @property
    def coordinator(self) -> User:
        return self.users[K.COORDINATOR][0]

    def places(self) -> Places:
        def provinces(kind: K) -> list[str]:
            return [user.organisation.province for user in self.users[kind]]

        return Places(donors=provinces(K.DONOR), workshops=provinces(K.REFURBISHER), cares=provinces(K.CARE))


def demo_email(name: str) -> str:
    return f"{name}@{DEMO_DOMAIN}"


def make_people(password: str, devices: int) -> People:
    """The demo organisations, each with one user; the extra ones of a large campaign get no password."""
    users: dict[K, list[User]] = {kind: [] for kind in K}
    secret = hash_password(password)  # one slow hash for all the demo logins
    rows = [(row, secret) for row in ORGANISATIONS]
    if devices >= SMALL_CAMPAIGN:
        rows += [(row, None) for row in MORE_ORGANISATIONS]
    for (kind, name, city, province, postcode), password_hash in rows:
        organisation = Organisation(
            kind=kind, name=name, city=city, province=province, postcode=postcode,
            address="Voorbeeldstraat 1", contact_email=demo_email("contact"), is_demo=True,
        )
        db.session.add(organisation)
        number = len(users[kind])
        login = ACCOUNT_NAMES[kind] if number == 0 else f"{ACCOUNT_NAMES[kind]}{number + 1}"
        user = create_user(demo_email(login), f"Demo {name}", organisation, None)
        user.password_hash = password_hash
        users[kind].append(user)
    db.session.flush()
    return People(users)
