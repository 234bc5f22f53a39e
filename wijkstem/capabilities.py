"""The one place where capabilities are wired into the app, called from create_app.

Nothing registers itself when its module is imported. What is wired where:

- moderation queues: registered below, in the order the workspace at /moderatie lists them;
- comment subjects and reportable items: the Subject enum in wijkstem.subjects (model and page);
- hiding and showing content: services.moderation.content_visibility, called by whoever decides;
- account deletion and the data download: services.accounts.personal_data, called by services.accounts.accounts;
- blocking: services.moderation.user_admin calls content_visibility and the endorsement counters itself;
- a confirmed e-mail address completes pending endorsements: services.accounts.accounts calls it;
- the audit log is append-only: a hook on every database session, installed below.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from wijkstem.services.accounts import verification
from wijkstem.services.discussion import comment_review, report_queue
from wijkstem.services.experiences import experience_moderation
from wijkstem.services.moderation import audit, moderation_queue
from wijkstem.services.organisations import organisation_verification

MODERATION_QUEUES = (
    experience_moderation.QUEUE_PROVIDER,
    report_queue.QUEUE_PROVIDER,
    comment_review.QUEUE_PROVIDER,
    verification.QUEUE_PROVIDER,
    organisation_verification.QUEUE_PROVIDER,
    organisation_verification.REPORT_QUEUE_PROVIDER,
)


def init_app(app: Flask) -> None:
    for provider in MODERATION_QUEUES:
        moderation_queue.register_queue(provider)
    if not event.contains(Session, "before_flush", audit.refuse_changes_to_audit_entries):
        event.listen(Session, "before_flush", audit.refuse_changes_to_audit_entries)
