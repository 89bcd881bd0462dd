"""Organisations and their people: invitations, members, deactivation."""
from flask import Blueprint

bp = Blueprint("organisations", __name__)
