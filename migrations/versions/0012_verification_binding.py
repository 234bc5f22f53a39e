"""a verification is bound to one name, perspective, role and municipality (issue 25)

Existing verifications are bound to what the profile says at upgrade time: that is the only record
there is of what was checked. Council responses already keep the name, role and party they were
published under (respondent_name, respondent_role, respondent_body since 0011_council), so they need
no filling.

Revision ID: 0012_verification_binding
Revises: 0011_council
Create Date: 2026-12-06 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0012_verification_binding"
down_revision = "0011_council"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_name", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("verified_perspective", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("verified_role", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("verified_municipality_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_verified_municipality_id_municipalities"),
            "municipalities",
            ["verified_municipality_id"],
            ["id"],
        )
    op.execute(
        "UPDATE users SET verified_name = display_name, verified_perspective = perspective, "
        "verified_role = perspective_role, verified_municipality_id = municipality_id "
        "WHERE verified_at IS NOT NULL AND perspective IN ('professional', 'politician')"
    )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_users_verified_municipality_id_municipalities"), type_="foreignkey")
        batch_op.drop_column("verified_municipality_id")
        batch_op.drop_column("verified_role")
        batch_op.drop_column("verified_perspective")
        batch_op.drop_column("verified_name")
