"""Public pages."""
from flask import Blueprint, render_template
from sqlalchemy import func, select

from ..access import public
from ..enums import DeviceStatus
from ..extensions import db
from ..models import Device

bp = Blueprint("public", __name__)


@bp.get("/")
@public
def home():
    counts = dict(db.session.execute(select(Device.status, func.count()).group_by(Device.status)).all())
    return render_template("public/home.html", counts=counts, statuses=DeviceStatus)
