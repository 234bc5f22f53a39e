from flask import Blueprint

bp = Blueprint("embed", __name__)

from wijkstem.blueprints.embed import routes  # noqa: E402,F401
