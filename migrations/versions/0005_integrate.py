"""integrate: experiences can be hidden (after reports, by a moderator, or with a blocked author)

Revision ID: 0005_integrate
Revises: 0004_moderation
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_integrate"
down_revision = "0004_moderation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("hidden_reason", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.drop_column("hidden_reason")
        batch_op.drop_column("hidden_at")
