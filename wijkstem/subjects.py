"""What people write about: one list of subject types, each with its model and the page showing it.

Comments and reports point at their subject with (subject_type, subject_id), where subject_type
is a Subject value. That pair has no foreign key (it points into several tables), so what a foreign
key would cascade is done by forget_subjects(), driven by this enum.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import delete, select

from wijkstem.extensions import db
from wijkstem.models import Comment, CouncilResponse, Experience, HelpfulMark, Municipality, Pillar, Report
from wijkstem.services.discussion import comment_counts


class Subject(StrEnum):
    PILLAR = "pillar"
    EXPERIENCE = "experience"
    COMMENT = "comment"
    COUNCIL_RESPONSE = "council_response"

    @property
    def model(self) -> type[Pillar] | type[Experience] | type[Comment] | type[CouncilResponse]:
        models: dict[Subject, type[Pillar] | type[Experience] | type[Comment] | type[CouncilResponse]] = {
            Subject.PILLAR: Pillar,
            Subject.EXPERIENCE: Experience,
            Subject.COMMENT: Comment,
            Subject.COUNCIL_RESPONSE: CouncilResponse,
        }
        return models[self]

    @property
    def authored_model(self) -> type[Experience] | type[Comment] | type[CouncilResponse]:
        """The model of a reportable subject: these have an author and can be hidden."""
        if self is Subject.EXPERIENCE:
            return Experience
        if self is Subject.COMMENT:
            return Comment
        if self is Subject.COUNCIL_RESPONSE:
            return CouncilResponse
        raise ValueError(f"{self} has no author")

    @property
    def is_commentable(self) -> bool:
        return self in (Subject.PILLAR, Subject.EXPERIENCE)

    @property
    def is_reportable(self) -> bool:
        """Reportable items have an author and can be hidden (see services.moderation.content_visibility)."""
        return self in (Subject.COMMENT, Subject.EXPERIENCE, Subject.COUNCIL_RESPONSE)

    def location(self, subject_id: int) -> tuple[str, dict]:
        """(endpoint, url values) of the page that shows this subject."""
        if self is Subject.PILLAR:
            slug = db.session.scalar(select(Pillar.slug).where(Pillar.id == subject_id))
            return "pillars.pillar", {"slug": slug}
        if self is Subject.EXPERIENCE:
            slug = db.session.scalar(select(Experience.slug).where(Experience.id == subject_id))
            return "experiences.show", {"experience_id": subject_id, "slug": slug}
        if self is Subject.COUNCIL_RESPONSE:
            slug = db.session.scalar(
                select(Municipality.slug)
                .join(CouncilResponse, CouncilResponse.municipality_id == Municipality.id)
                .where(CouncilResponse.id == subject_id)
            )
            return "municipalities.show", {"slug": slug, "_anchor": f"raad-{subject_id}"}
        row = db.session.execute(select(Comment.subject_type, Comment.subject_id).where(Comment.id == subject_id)).one()
        endpoint, values = Subject(row.subject_type).location(row.subject_id)
        return endpoint, {**values, "_anchor": f"reactie-{subject_id}"}


COMMENTABLE = tuple(subject for subject in Subject if subject.is_commentable)
REPORTABLE = tuple(subject for subject in Subject if subject.is_reportable)


def forget_subjects(subject: Subject, subject_ids: list[int]) -> None:
    """Before these items are deleted: the reports about them and every comment on them (with the
    comments' replies, helpful marks and reports) go too. Does not commit."""
    if not subject_ids:
        return
    comment_counts.forget_subjects(subject, subject_ids)
    db.session.execute(delete(Report).where(Report.subject_type == subject, Report.subject_id.in_(subject_ids)))
    if not subject.is_commentable:
        return
    comment_ids = list(
        db.session.scalars(
            select(Comment.id).where(Comment.subject_type == subject, Comment.subject_id.in_(subject_ids))
        )
    )
    if comment_ids:
        forget_subjects(Subject.COMMENT, comment_ids)
        db.session.execute(delete(HelpfulMark).where(HelpfulMark.comment_id.in_(comment_ids)))
        db.session.execute(delete(Comment).where(Comment.id.in_(comment_ids), Comment.parent_id.is_not(None)))
        db.session.execute(delete(Comment).where(Comment.id.in_(comment_ids)))
