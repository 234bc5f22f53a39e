"""council responses, griffie marks, milestones, follows, digests; outbox headers

Revision ID: 0011_council
Revises: 0010_insight
Create Date: 2026-11-29 20:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0011_council"
down_revision = "0009_counts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest_frequency", sa.String(length=10), server_default="weekly", nullable=False))
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))

    op.create_table(
        "council_clerks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["marked_by_id"], ["users.id"], name=op.f("fk_council_clerks_marked_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], name=op.f("fk_council_clerks_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_council_clerks_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_clerks")),
        sa.UniqueConstraint("user_id", "municipality_id", name=op.f("uq_council_clerks_user_id_municipality_id")),
    )
    with op.batch_alter_table("council_clerks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_clerks_user_id"), ["user_id"], unique=False)

    op.create_table(
        "council_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("respondent_name", sa.String(length=80), nullable=False),
        sa.Column("respondent_role", sa.String(length=40), nullable=False),
        sa.Column("respondent_body", sa.String(length=120), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("document_url", sa.String(length=500), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_council_responses_author_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], name=op.f("fk_council_responses_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_responses")),
    )
    with op.batch_alter_table("council_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_responses_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_responses_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_council_responses_place_date", ["municipality_id", "happened_on"], unique=False)

    op.create_table(
        "council_response_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("document_url", sa.String(length=500), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["council_responses.id"], name=op.f("fk_council_response_revisions_response_id_council_responses"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_response_revisions")),
    )
    with op.batch_alter_table("council_response_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_response_revisions_response_id"), ["response_id"], unique=False)

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], name=op.f("fk_milestones_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("municipality_id", "threshold", name=op.f("uq_milestones_municipality_id_threshold")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_reached_at"), ["reached_at"], unique=False)

    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("pillar_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(municipality_id IS NULL) <> (pillar_id IS NULL)", name=op.f("ck_follows_one_subject")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], name=op.f("fk_follows_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pillar_id"], ["pillars.id"], name=op.f("fk_follows_pillar_id_pillars"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_follows_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follows")),
        sa.UniqueConstraint("user_id", "municipality_id", name=op.f("uq_follows_user_id_municipality_id")),
        sa.UniqueConstraint("user_id", "pillar_id", name=op.f("uq_follows_user_id_pillar_id")),
    )
    with op.batch_alter_table("follows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follows_user_id"), ["user_id"], unique=False)

    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("covers_from", sa.DateTime(), nullable=False),
        sa.Column("covers_until", sa.DateTime(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["outbox_message_id"], ["outbox_messages.id"], name=op.f("fk_digests_outbox_message_id_outbox_messages"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_digests_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
        sa.UniqueConstraint("user_id", "period", name=op.f("uq_digests_user_id_period")),
    )


def downgrade():
    op.drop_table("digests")
    with op.batch_alter_table("follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follows_user_id"))
    op.drop_table("follows")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_reached_at"))
    op.drop_table("milestones")
    with op.batch_alter_table("council_response_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_response_revisions_response_id"))
    op.drop_table("council_response_revisions")
    with op.batch_alter_table("council_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_council_responses_place_date")
        batch_op.drop_index(batch_op.f("ix_council_responses_created_at"))
        batch_op.drop_index(batch_op.f("ix_council_responses_author_id"))
    op.drop_table("council_responses")
    with op.batch_alter_table("council_clerks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_clerks_user_id"))
    op.drop_table("council_clerks")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("headers")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("digest_frequency")
