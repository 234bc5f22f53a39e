from flask import Blueprint

bp = Blueprint("public", __name__)

from wijkstem.blueprints.public import routes  # noqa: E402,F401
