from flask import Blueprint

bp = Blueprint("experiences", __name__)
# The public API for experiences; its own blueprint so it can live beside the shared `api` one.
api_bp = Blueprint("experiences_api", __name__, url_prefix="/api/v1")

from wijkstem.blueprints.experiences import api, discussion, reading, writing  # noqa: E402,F401
