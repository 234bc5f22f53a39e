"""Which new comments wait for a moderator before anyone else sees them (issue 6, abuse limits).

A person's first COMMENT_HOLD_FIRST comments and any comment with COMMENT_HOLD_LINKS or more links
are held. Moderators and verified professionals and politicians are trusted and never held.
"""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import func, select

from wijkstem.extensions import db
from wijkstem.models import Comment, User

# A web address in text people write; templating.linkify makes the same matches into links.
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def count_links(body: str) -> int:
    return len(LINK.findall(body or ""))


def is_trusted(author: User) -> bool:
    return author.is_moderator or author.is_verified


def _published_comments(author: User) -> int:
    # Held or hidden comments do not count: trust comes from what a moderator let through.
    return (
        db.session.scalar(select(func.count()).where(Comment.author_id == author.id, Comment.hidden_at.is_(None))) or 0
    )


def must_hold(author: User, body: str) -> bool:
    """Whether this new comment waits for review; the same rule for comments and replies."""
    if is_trusted(author):
        return False
    links = current_app.config.get("COMMENT_HOLD_LINKS", 0)
    if links and count_links(body) >= links:
        return True
    first = current_app.config.get("COMMENT_HOLD_FIRST", 0)
    return bool(first) and _published_comments(author) < first
