"""Two donations made at the same moment, by two app instances on one database, get different references."""
import threading

from flask_migrate import upgrade
from sqlalchemy import select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Donation, Organisation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.donations import services
from allemaaldigitaal.extensions import db

from ..conftest import app_builder
from .pledge_world import pickup

PER_INSTANCE = 5


def test_simultaneous_pledges_from_two_app_instances_get_different_numbers(fresh_database):
    url = fresh_database("race").url
    with app_builder(url) as build:
        first, second = build(), build()
        with first.app_context():
            upgrade()
            donor = Organisation(kind=K.DONOR, name="Gelijktijdig BV")
            db.session.add(donor)
            db.session.commit()
            donor_id = donor.id
        start = threading.Barrier(2 * PER_INSTANCE)
        made, failed = [], []

        def pledge(application):
            with application.app_context():
                try:
                    start.wait()
                    organisation = db.session.get(Organisation, donor_id)
                    donation = commit_or_rollback(lambda: services.create_donation(organisation, None, pickup()))
                    made.append(donation.reference)
                except Exception as error:  # noqa: BLE001  (reported below)
                    failed.append(repr(error))
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=pledge, args=(application,))
                   for application in (first, second) for _ in range(PER_INSTANCE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert failed == []
        assert len(made) == len(set(made)) == 2 * PER_INSTANCE
        with second.app_context():
            stored = db.session.scalars(select(Donation.reference)).all()
            numbers = sorted(int(reference[-5:]) for reference in stored)
            assert numbers == list(range(1, 2 * PER_INSTANCE + 1))
