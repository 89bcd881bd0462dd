"""What a page needs to show the dashboard: the figures, the stages and the chart with its month names.

The dashboard page and the coordinator's start page both show it (templates/reports/_dashboard.html).
"""
from babel.dates import format_date

from allemaaldigitaal.core.models import User
from allemaaldigitaal.web.formatting import format_locale

from .chart import month_chart
from .stats import STAGES, dashboard_stats


def dashboard_context(user: User) -> dict:
    figures = dashboard_stats(user)
    locale = format_locale()
    chart = month_chart([(format_date(row.month, "MMM yy", locale=locale), row.intake, row.handout)
                         for row in figures.months])
    month_names = {row.month: format_date(row.month, "MMMM y", locale=locale) for row in figures.months}
    return {"figures": figures, "stages": STAGES, "chart": chart, "month_names": month_names}
