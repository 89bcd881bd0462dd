"""GET /api/v1/stats: the dashboard's figures as JSON, for coordinators only (others get 403)."""
from dataclasses import asdict

from flask_login import current_user

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.tags import format_tag

from .blueprint import blp
from .stats import STAGES, DashboardStats, dashboard_stats
from .stats_schemas import StatsSchema


@blp.route("/stats")
@allow(K.COORDINATOR)
@blp.response(200, StatsSchema)
def get_stats():
    """The campaign in figures, as on the dashboard (coordinators only). Counts and organisation names only.

    Devices per status, received and handed out per month, the largest provinces and organisations per stage,
    median throughput, the devices waiting longest, open claims and overdue loans.
    """
    return stats_document(dashboard_stats(current_user))


def stats_document(figures: DashboardStats) -> dict:
    """The figures in the shape of StatsSchema."""
    def groups(rows):
        return [asdict(row) for row in rows]

    return {
        "generated_at": figures.generated_at,
        "total_devices": figures.total_devices,
        "pipeline": [asdict(row) for row in figures.pipeline],
        "stuck": [asdict(row) for row in figures.stuck],
        "months": [{"month": row.month.strftime("%Y-%m"), "intake": row.intake, "handout": row.handout}
                   for row in figures.months],
        "stages": [{"key": stage.key, "statuses": list(stage.statuses)} for stage in STAGES],
        "provinces": groups(figures.provinces),
        "workshops": groups(figures.workshops),
        "care_organisations": groups(figures.care_organisations),
        "donors": groups(figures.donors),
        "throughput": asdict(figures.throughput),
        "waiting": [{"status": status, "devices": [
            {"tag": format_tag(row.asset_tag), "since": row.since, "days": row.days, "holder": row.holder}
            for row in rows
        ]} for status, rows in figures.waiting.items()],
        "claims": {"submitted": figures.submitted_claims, "approved_waiting": figures.approved_claims_open,
                   "devices_to_allocate": figures.devices_to_allocate},
        "overdue_loans": figures.overdue_loans,
    }
