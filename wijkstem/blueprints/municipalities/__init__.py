from flask import Blueprint

bp = Blueprint("municipalities", __name__)

from wijkstem.blueprints.municipalities import routes  # noqa: E402,F401
