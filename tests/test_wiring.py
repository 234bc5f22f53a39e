"""Wiring you can see: create_app alone sets up every capability, whatever was imported before.

Each check runs in a fresh interpreter, so that what other tests imported cannot help it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from wijkstem.subjects import COMMENTABLE, REPORTABLE, Subject

ROOT = Path(__file__).resolve().parent.parent


def run_fresh(tmp_path: Path, code: str) -> dict:
    """Run code in a new Python process with the test configuration; it prints one JSON object."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "WIJKSTEM_ENV")}
    env["WIJKSTEM_INSTANCE_DIR"] = str(tmp_path)
    env["RATELIMIT_STORAGE_URI"] = "memory://"
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_create_app_alone_registers_every_moderation_queue_and_hook(tmp_path):
    found = run_fresh(
        tmp_path,
        """
        import json
        from sqlalchemy import event
        from sqlalchemy.orm import Session
        from wijkstem.services.moderation import audit, moderation_queue
        from wijkstem.services.discussion import comment_review, report_queue
        from wijkstem.services.experiences import experience_moderation
        from wijkstem.services.accounts import verification

        def audit_guard():
            return event.contains(Session, "before_flush", audit.refuse_changes_to_audit_entries)

        imported_only = [q.name for q in moderation_queue.queues()] + (["audit guard"] if audit_guard() else [])
        from config import TestConfig
        from wijkstem import create_app

        create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
        queues = {q.name: sorted(q.actions) for q in moderation_queue.queues()}
        print(json.dumps({"imported_only": imported_only, "queues": queues, "order": list(queues), "guard": audit_guard()}))
        """,
    )
    assert found["imported_only"] == []  # importing a capability registers nothing
    assert found["order"] == [
        "ervaringen",
        "gemeld",
        "controle",
        "verificatie",
        "organisaties",
        "organisatie-meldingen",
    ]
    assert found["guard"]  # the audit log refuses changes
    assert found["queues"] == {
        "ervaringen": ["approve", "reject"],
        "gemeld": ["approve", "hide", "restore"],
        "controle": ["approve", "reject"],
        "verificatie": ["approve", "reject"],
        "organisaties": ["approve", "reject"],
        "organisatie-meldingen": ["approve", "hide"],
    }


def test_subjects_name_their_model_and_a_real_page(app):
    assert [s.value for s in Subject] == ["pillar", "experience", "comment", "council_response"]
    assert COMMENTABLE == (Subject.PILLAR, Subject.EXPERIENCE)
    assert REPORTABLE == (Subject.EXPERIENCE, Subject.COMMENT, Subject.COUNCIL_RESPONSE)
    assert {s: s.model.__tablename__ for s in Subject} == {
        Subject.PILLAR: "pillars",
        Subject.EXPERIENCE: "experiences",
        Subject.COMMENT: "comments",
        Subject.COUNCIL_RESPONSE: "council_responses",
    }
    assert {"pillars.pillar", "experiences.show", "municipalities.show"} <= set(app.view_functions)


DELETE_AND_BLOCK = """
    import json
    from sqlalchemy import func, select
    from config import TestConfig
    from wijkstem import create_app
    from wijkstem.extensions import db
    from wijkstem.models import (
        AuditEntry, Comment, Experience, HelpfulMark, Municipality, Pillar, Report, User, VerificationRequest
    )
    from wijkstem.services.content.content import load_municipalities, seed_content

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.test_request_context():
        db.create_all()
        seed_content()
        load_municipalities()
        # Only the two services whose rules are checked; no capability module is imported on purpose.
        from wijkstem.services.accounts import accounts
        from wijkstem.services.moderation import user_admin
        from wijkstem.services.accounts.passwords import hash_password

        place = db.session.scalar(select(Municipality).limit(1))
        pillar = db.session.scalar(select(Pillar).limit(1))

        def person(name, **extra):
            user = User(email=f"{name}@example.org", display_name=name, password_hash=hash_password("geheim-wachtwoord"),
                        perspective="resident", municipality=place, **extra)
            db.session.add(user)
            db.session.flush()
            return user

        def count(model, *where):
            return db.session.scalar(select(func.count()).select_from(model).where(*where))

        moderator, other, leaving = person("moderator", role="moderator"), person("other"), person("leaving")
        story = Experience(author_id=leaving.id, author_perspective="resident", title="Verhaal", slug="verhaal",
                           story="Tekst", municipality=place, kind="goes-well", status="approved")
        db.session.add(story)
        db.session.flush()
        said = Comment(subject_type="pillar", subject_id=pillar.id, author_id=leaving.id, body="Weg ermee")
        on_story = Comment(subject_type="experience", subject_id=story.id, author_id=other.id, body="Mooi")
        db.session.add_all([said, on_story])
        db.session.flush()
        db.session.add_all([
            HelpfulMark(comment_id=on_story.id, user_id=leaving.id),
            Report(subject_type="comment", subject_id=said.id, reporter_id=other.id, reason="spam"),
            Report(subject_type="comment", subject_id=on_story.id, reporter_id=leaving.id, reason="spam"),
            VerificationRequest(user_id=leaving.id, organisation="Gemeente", function="Wijkregisseur",
                                evidence_url="https://example.org"),
        ])
        db.session.commit()

        user_admin.block_user(moderator, leaving, "Spam", hide_content=True)
        hidden_by_block = [c.hidden_reason for c in (db.session.get(Comment, said.id), db.session.get(Experience, story.id))]
        user_admin.unblock_user(moderator, leaving, "Vergissing")
        shown_again = [c.hidden_at for c in (db.session.get(Comment, said.id), db.session.get(Experience, story.id))]

        accounts.delete_account(leaving, "geheim-wachtwoord")
        left = {
            "comments": count(Comment),
            "experiences": count(Experience),
            "reports": count(Report),
            "helpful": count(HelpfulMark),
            "verification": count(VerificationRequest),
            "audit_about_them": count(AuditEntry, AuditEntry.about_user_id.is_not(None)),
            "users": count(User),
        }
    print(json.dumps({"hidden_by_block": hidden_by_block, "shown_again": shown_again, "left": left}))
"""


def test_deleting_an_account_and_blocking_work_whatever_was_imported(tmp_path):
    found = run_fresh(tmp_path, DELETE_AND_BLOCK)
    assert found["hidden_by_block"] == ["blocked", "blocked"]
    assert found["shown_again"] == [None, None]
    assert found["left"] == {
        "comments": 0,  # their own, and the other person's on their experience
        "experiences": 0,
        "reports": 0,  # theirs, and those about what went
        "helpful": 0,
        "verification": 0,
        "audit_about_them": 0,  # the block and unblock records stay, anonymised
        "users": 2,
    }
