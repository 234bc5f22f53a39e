from flask import Blueprint

bp = Blueprint("endorsements", __name__)

from wijkstem.blueprints.endorsements import routes  # noqa: E402, F401
