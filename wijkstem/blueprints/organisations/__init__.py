from flask import Blueprint

bp = Blueprint("organisations", __name__)

from wijkstem.blueprints.organisations import routes  # noqa: E402,F401
