from flask import Blueprint

bp = Blueprint("verification", __name__, url_prefix="/account/verificatie")

from wijkstem.blueprints.verification import routes  # noqa: E402,F401
