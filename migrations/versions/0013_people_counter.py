"""people counters: a municipality's supporters, each counted once

Revision ID: 0013_people_counter
Revises: 0012_verification_binding
Create Date: 2026-12-06 06:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0013_people_counter"
down_revision = "0012_verification_binding"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counted_named", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "people_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("perspective", sa.String(length=20), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_people_counters_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people_counters")),
        sa.UniqueConstraint(
            "municipality_id",
            "perspective",
            "verified",
            "named",
            name=op.f("uq_people_counters_municipality_id_perspective_verified_named"),
        ),
    )
    # Fill them from the endorsements as they are counted now (`flask wijkstem recount` does the same).
    op.execute(
        sa.text(
            "UPDATE endorsements SET counted_named = :yes WHERE counted_verified = :yes "
            "AND counted_perspective IS NOT NULL "
            "AND user_id IN (SELECT id FROM users WHERE show_name = :yes)"
        ).bindparams(yes=True)
    )
    op.execute(
        "INSERT INTO people_counters (municipality_id, perspective, verified, named, count) "
        "SELECT counted_municipality_id, counted_perspective, counted_verified, counted_named, COUNT(DISTINCT user_id) "
        "FROM endorsements WHERE counted_perspective IS NOT NULL AND counted_municipality_id IS NOT NULL "
        "GROUP BY counted_municipality_id, counted_perspective, counted_verified, counted_named"
    )


def downgrade():
    op.drop_table("people_counters")
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.drop_column("counted_named")
