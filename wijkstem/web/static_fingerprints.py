"""Static files under names that carry a hash of their content, kept by browsers for a year.

url_for('static', filename='css/wijkstem.css') gives /static/css/wijkstem.<hash>.css; a changed file
gets a new name, so the old one may be cached as immutable. The plain name still works (with the
usual short caching) for links made before.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, current_app, send_from_directory
from werkzeug.exceptions import NotFound

HASH_LENGTH = 12
FINGERPRINTED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)$")
ONE_YEAR = 365 * 24 * 3600

_hashes: dict[str, str | None] = {}


def _static_folder() -> str:
    folder = current_app.static_folder
    if folder is None:  # create_app always has one
        raise RuntimeError("the app has no static folder")
    return folder


def content_hash(filename: str) -> str | None:
    """The hash of a file under static/ (None when there is no such file); remembered unless debugging."""
    if filename in _hashes and not current_app.debug:
        return _hashes[filename]
    folder = Path(_static_folder()).resolve()
    path = (folder / filename).resolve()
    digest = None
    if path.is_relative_to(folder) and path.is_file():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    _hashes[filename] = digest
    return digest


def fingerprinted_name(filename: str) -> str:
    digest = content_hash(filename)
    stem, dot, suffix = filename.rpartition(".")
    if digest is None or not dot or "/" in suffix:
        return filename
    return f"{stem}.{digest}.{suffix}"


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = fingerprinted_name(values["filename"])


def serve_static(filename: str):
    match = FINGERPRINTED.match(filename)
    if match:
        original = match["stem"] + match["suffix"]
        if content_hash(original) != match["hash"]:
            raise NotFound()  # an old version we no longer have; never serve new content under an old name
        response = send_from_directory(_static_folder(), original, max_age=ONE_YEAR)
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        return response
    return send_from_directory(_static_folder(), filename)


def init_app(app: Flask) -> None:
    app.url_defaults(_add_fingerprint)
    app.view_functions["static"] = serve_static
