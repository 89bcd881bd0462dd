"""Sign in, sign out, sign up and the profile."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
