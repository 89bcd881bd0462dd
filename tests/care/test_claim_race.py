"""A withdrawal, a change, an approval and a rejection of one claim at the same moment: exactly one wins."""
import threading

from sqlalchemy import select

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.care.claims import approve_claim, change_claim, create_claim, reject_claim, withdraw_claim
from allemaaldigitaal.core.enums import ClaimStatus, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Organisation, User
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db

from ..conftest import app_builder, migrated_database

ROUNDS = 5
ACTIONS = {
    "withdraw": lambda claim, care, coordinator: withdraw_claim(claim, care),
    "change": lambda claim, care, coordinator: change_claim(claim, care, 7, 7, "Gewijzigd", None),
    "approve": lambda claim, care, coordinator: approve_claim(claim, coordinator),
    "reject": lambda claim, care, coordinator: reject_claim(claim, coordinator, "Op"),
}


def test_one_of_simultaneous_decisions_and_withdrawals_wins(fresh_database):
    url = migrated_database(fresh_database, "claimrace")
    with app_builder(url, SQLITE_BUSY_TIMEOUT_MS=30_000) as build:
        first, second = build(), build()
        with first.app_context():
            care = create_user("z@claimrace.example", "Z", Organisation(kind=K.CARE, name="Zorg"), None)
            coordinator = create_user("c@claimrace.example", "C", Organisation(kind=K.COORDINATOR, name="Regie"), None)
            claims = [create_claim(care.organisation, care, 1, 1, "Voor de buurt") for _ in range(ROUNDS)]
            db.session.commit()
            ids, care_id, coordinator_id = [claim.id for claim in claims], care.id, coordinator.id
            db.session.remove()
        wins: dict[int, list[str]] = {claim_id: [] for claim_id in ids}
        failures: list[str] = []
        for claim_id in ids:
            start = threading.Barrier(len(ACTIONS))

            def act(application, name, claim_id=claim_id, start=start):
                with application.app_context():
                    try:
                        claim = db.session.get(Claim, claim_id)
                        care, coordinator = db.session.get(User, care_id), db.session.get(User, coordinator_id)
                        db.session.commit()
                        start.wait()
                        commit_or_rollback(lambda: ACTIONS[name](claim, care, coordinator))
                        wins[claim_id].append(name)
                    except DomainError:
                        pass
                    except Exception as error:  # noqa: BLE001  (reported below)
                        failures.append(repr(error))
                    finally:
                        db.session.remove()

            threads = [threading.Thread(target=act, args=((first, second)[n % 2], name))
                       for n, name in enumerate(ACTIONS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        assert failures == []
        with second.app_context():
            stored = {claim.id: claim for claim in db.session.scalars(select(Claim))}
            for claim_id, won in wins.items():
                claim = stored[claim_id]
                assert won, "the first to write always wins"
                decided = [name for name in won if name != "change"]
                assert len(decided) <= 1, won
                expected = {"withdraw": ClaimStatus.CANCELLED, "approve": ClaimStatus.APPROVED,
                            "reject": ClaimStatus.REJECTED}
                assert claim.status == (expected[decided[0]] if decided else ClaimStatus.SUBMITTED)
                assert (claim.laptops_requested == 7) == ("change" in won)
