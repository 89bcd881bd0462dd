"""one_of: column IN (subquery), written so that PostgreSQL reads the ids first; the same rows on both databases."""
from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite

from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Claim, Device, Donation
from allemaaldigitaal.core.queries import one_of
from allemaaldigitaal.extensions import db


def _sql(statement, dialect) -> str:
    return " ".join(str(statement.compile(dialect=dialect)).split())


def test_postgresql_reads_the_ids_into_an_array_and_other_databases_get_in():
    ids = select(Claim.id).where(Claim.care_organisation_id == 4)
    statement = select(Device.id).where(or_(one_of(Device.claim_id, ids), Device.custodian_id == 4))
    assert "devices.claim_id = ANY(ARRAY((SELECT claims.id FROM claims WHERE" in _sql(statement, postgresql.dialect())
    on_sqlite = _sql(statement, sqlite.dialect())
    assert "devices.claim_id IN (SELECT claims.id FROM claims WHERE claims.care_organisation_id = ?) OR" in on_sqlite
    assert "= 1" not in on_sqlite  # a condition of its own, not a boolean value compared with true


def test_the_ids_are_read_on_their_own_even_beside_the_same_table():
    ids = select(Donation.id).where(Donation.donor_id == 2)
    joined = select(Device.id).join(Donation).where(one_of(Device.donation_id, ids))
    for dialect in (postgresql.dialect(), sqlite.dialect()):
        assert "(SELECT donations.id FROM donations WHERE donations.donor_id" in _sql(joined, dialect)


def _ids(condition) -> set[int]:
    return set(db.session.scalars(select(Device.id).where(condition)))


def test_beside_an_or_it_finds_what_either_side_finds(make):
    on_claim = make.device(S.ALLOCATED)  # reserved for the care organisation's claim, still at the workshop
    held = make.device(S.RECEIVED)
    make.device(S.PLEDGED)
    care, workshop = make.one(K.CARE).organisation, make.one(K.REFURBISHER).organisation
    nobody = make.organisation(K.CARE)
    db.session.flush()

    def claims_of(organisation):
        return one_of(Device.claim_id, select(Claim.id).where(Claim.care_organisation_id == organisation.id))

    assert _ids(claims_of(care)) == {on_claim.id}
    assert _ids(claims_of(nobody)) == set()
    assert _ids(or_(claims_of(care), Device.custodian_id == care.id)) == {on_claim.id}
    assert _ids(or_(claims_of(nobody), Device.custodian_id == workshop.id)) == {on_claim.id, held.id}
    assert _ids(or_(claims_of(nobody), Device.custodian_id == nobody.id)) == set()
