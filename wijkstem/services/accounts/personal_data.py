"""What each capability keeps about a person: erased with the account, included in their download.

Both run in the caller's transaction and never commit. The order is fixed here, not by which
modules happen to be imported: a new capability that stores personal data adds its two
functions below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wijkstem.models import User
from wijkstem.services import statements
from wijkstem.services.accounts import mail, verification
from wijkstem.services.content import content_editing
from wijkstem.services.council import council_pdf, council_responses, digests, follows
from wijkstem.services.discussion import comments, reports
from wijkstem.services.endorsements import endorsements, referrals
from wijkstem.services.experiences import experience_data
from wijkstem.services.moderation import audit
from wijkstem.services.organisations import organisations

# Each returns (section name, JSON-ready data) for the download "mijn gegevens", in this order.
EXPORTERS: tuple[Callable[[User], tuple[str, Any]], ...] = (
    audit.export_decisions,
    reports.export_reports,
    comments.export_comments,
    verification.export_requests,
    endorsements.export_endorsements,
    statements.export_votes,
    experience_data.export_experiences,
    council_responses.export_council_responses,
    follows.export_follows,
    digests.export_digests,
    organisations.export_memberships,
)


def erase_account(user: User, keep_experiences: bool = False) -> None:
    """Everything about this person goes or is anonymised, before their account row is deleted.

    keep_experiences: the person chose to leave their published experiences, anonymised.
    """
    # Before audit.anonymise: it unlinks the entries from the person.
    audit.redact_audit_snapshots_of(user)
    mail.drop_mail_about(user)
    referrals.clear_share_code_of(user)
    audit.anonymise(user)
    reports.forget_reports(user)
    statements.forget_votes(user)  # before the comments: their statements go with them
    comments.forget_comments(user)
    verification.forget_requests(user)
    content_editing.anonymise_editor(user)
    endorsements.forget_endorsements(user)
    experience_data.forget_experiences(user, keep_experiences=keep_experiences)
    council_responses.forget_council_responses(user)
    council_pdf.forget_sender_pdfs(user)  # files, not rows: the dossiers with their name as sender
    follows.forget_follows(user)
    digests.forget_digests(user)
    # Acting rights end; an organisation others act for stays, one with nobody left goes (issue 27).
    organisations.forget_memberships(user)


def export_sections(user: User) -> dict[str, Any]:
    return dict(exporter(user) for exporter in EXPORTERS)
