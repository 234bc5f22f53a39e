"""statements, answers (Eens/Oneens/Weet ik niet), their counters and the common-ground results

Revision ID: 0015_statements
Revises: 0014_council_voice
Create Date: 2026-12-06 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0015_statements"
down_revision = "0014_council_voice"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=True),
        sa.Column("bridging", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], name=op.f("fk_statements_comment_id_comments"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pillar_id"], ["pillars.id"], name=op.f("fk_statements_pillar_id_pillars"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["point_id"], ["points.id"], name=op.f("fk_statements_point_id_points"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_statements_comment_id")),
        sa.UniqueConstraint("point_id", name=op.f("uq_statements_point_id")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_pillar_id"), ["pillar_id"], unique=False)

    op.create_table(
        "statement_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("counted_perspective", sa.String(length=20), nullable=True),
        sa.Column("counted_municipality_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], name=op.f("fk_statement_votes_statement_id_statements"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_statement_votes_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_votes")),
        sa.UniqueConstraint("statement_id", "user_id", name=op.f("uq_statement_votes_statement_id_user_id")),
    )
    with op.batch_alter_table("statement_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_votes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "statement_vote_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("perspective", sa.String(length=20), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], name=op.f("fk_statement_vote_counters_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], name=op.f("fk_statement_vote_counters_statement_id_statements"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_vote_counters")),
        sa.UniqueConstraint("statement_id", "perspective", "municipality_id", "choice", name=op.f("uq_statement_vote_counters_statement_id_perspective_municipality_id_choice")),
    )
    with op.batch_alter_table("statement_vote_counters", schema=None) as batch_op:
        batch_op.create_index("ix_statement_vote_counters_municipality_id", ["municipality_id"], unique=False)

    op.create_table(
        "common_ground_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["pillar_id"], ["pillars.id"], name=op.f("fk_common_ground_results_pillar_id_pillars"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_common_ground_results")),
        sa.UniqueConstraint("pillar_id", "scope", name=op.f("uq_common_ground_results_pillar_id_scope")),
    )


def downgrade():
    op.drop_table("common_ground_results")
    with op.batch_alter_table("statement_vote_counters", schema=None) as batch_op:
        batch_op.drop_index("ix_statement_vote_counters_municipality_id")
    op.drop_table("statement_vote_counters")
    with op.batch_alter_table("statement_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_votes_user_id"))
    op.drop_table("statement_votes")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_pillar_id"))
    op.drop_table("statements")
