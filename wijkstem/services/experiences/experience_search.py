"""Full-text search over experiences: one function, SQLite FTS5 or PostgreSQL with Dutch stemming.

The FTS5 table and the stored tsvector column with its GIN index are made by the migrations, and for
create_all by DDL events on the experiences table (models/experiences.py).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, func, literal_column, text

from wijkstem.extensions import db
from wijkstem.models import Experience
from wijkstem.models.experiences import SEARCH_TABLE, SEARCH_VECTOR

WORD = re.compile(r"\w+", re.UNICODE)


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def index_experience(experience: Experience) -> None:
    """Keeps the SQLite index in step with the visible text (PostgreSQL indexes the column itself)."""
    if not _is_sqlite():
        return
    db.session.flush()
    db.session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": experience.id})  # noqa: S608
    db.session.execute(
        text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, story) VALUES (:id, :title, :story)"),  # noqa: S608
        {"id": experience.id, "title": experience.title, "story": experience.story},
    )


def remove_from_index(experience_id: int) -> None:
    if _is_sqlite():
        db.session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": experience_id})  # noqa: S608


def matches(query: str) -> ColumnElement[bool] | None:
    """A WHERE clause for experiences whose title or story match the words typed; None for no words."""
    words = WORD.findall(query or "")[:12]
    if not words:
        return None
    if _is_sqlite():
        # Each word quoted (no FTS syntax from users) and as a prefix: a poor man's stemming.
        fts_query = " ".join(f'"{word}"*' for word in words)
        ids = text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q").bindparams(q=fts_query)  # noqa: S608
        return Experience.id.in_(ids)
    dutch: ColumnElement[str] = literal_column("'dutch'::regconfig")
    # to_tsvector('dutch', title || ' ' || story), stored in the row (models/experiences.py).
    document: ColumnElement[str] = literal_column(f"experiences.{SEARCH_VECTOR}")
    # Dutch stems, each also as a prefix ('fiets' stems to 'fiet' but must find 'fietsen', stem 'fiets').
    # Words are \w+ only, so they carry no tsquery syntax.
    tsquery = func.to_tsquery(dutch, " & ".join(f"{word}:*" for word in words))
    return document.op("@@")(tsquery)
