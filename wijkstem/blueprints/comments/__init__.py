from flask import Blueprint

bp = Blueprint("comments", __name__, url_prefix="/reacties")

from wijkstem.blueprints.comments import routes  # noqa: E402, F401
