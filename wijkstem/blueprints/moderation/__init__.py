from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderatie")

from wijkstem.blueprints.moderation import routes  # noqa: E402,F401
