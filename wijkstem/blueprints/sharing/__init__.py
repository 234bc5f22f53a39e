from flask import Blueprint

bp = Blueprint("sharing", __name__)

from wijkstem.blueprints.sharing import routes  # noqa: E402,F401
