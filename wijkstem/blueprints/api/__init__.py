from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from wijkstem.blueprints.api import open_data, routes  # noqa: E402, F401
