from flask import Blueprint

bp = Blueprint("insight", __name__)

from wijkstem.blueprints.insight import routes  # noqa: E402, F401
