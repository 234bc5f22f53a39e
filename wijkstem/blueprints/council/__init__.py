from flask import Blueprint

bp = Blueprint("council", __name__)

from wijkstem.blueprints.council import routes  # noqa: E402,F401
