from flask import Blueprint

bp = Blueprint("comments", __name__)

from wijkstem.blueprints.comments import routes  # noqa: E402, F401
