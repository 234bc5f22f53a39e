"""comment counters and thread indexes for keyset pages

Revision ID: 0009_counts
Revises: 0006_via
Create Date: 2026-11-29 19:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009_counts"
down_revision = "0010_insight"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "comment_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("point_key", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_counters")),
        sa.UniqueConstraint(
            "subject_type", "subject_id", "point_key", name=op.f("uq_comment_counters_subject_type_subject_id_point_key")
        ),
    )
    # Partial (top-level comments only) so both databases read them in the order of the page; the
    # parent index holds replies only, so SQLite no longer takes "parent_id IS NULL" for selective.
    top_level = sa.text("parent_id IS NULL")
    replies = sa.text("parent_id IS NOT NULL")
    op.drop_index("ix_comments_parent_id", table_name="comments")
    op.create_index(
        "ix_comments_parent_id", "comments", ["parent_id"], sqlite_where=replies, postgresql_where=replies
    )
    op.create_index(
        "ix_comments_thread_time",
        "comments",
        ["subject_type", "subject_id", "created_at", "id"],
        sqlite_where=top_level,
        postgresql_where=top_level,
    )
    op.create_index(
        "ix_comments_thread_helpful",
        "comments",
        ["subject_type", "subject_id", "helpful_count", "created_at", "id"],
        sqlite_where=top_level,
        postgresql_where=top_level,
    )
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.create_index("ix_experiences_listing", ["status", "hidden_at", "approved_at", "id"], unique=False)
    # Count what is there now, in one grouped statement (as `flask wijkstem recount` does).
    op.execute(
        "INSERT INTO comment_counters (subject_type, subject_id, point_key, count) "
        "SELECT subject_type, subject_id, COALESCE(point_id, 0), "
        "SUM(CASE WHEN hidden_at IS NULL AND deleted_at IS NULL THEN 1 ELSE 0 END) "
        "FROM comments GROUP BY subject_type, subject_id, COALESCE(point_id, 0)"
    )


def downgrade():
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.drop_index("ix_experiences_listing")
    op.drop_index("ix_comments_thread_helpful", table_name="comments")
    op.drop_index("ix_comments_thread_time", table_name="comments")
    op.drop_index("ix_comments_parent_id", table_name="comments")
    op.create_index("ix_comments_parent_id", "comments", ["parent_id"])
    op.drop_table("comment_counters")
