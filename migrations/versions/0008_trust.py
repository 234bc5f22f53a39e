"""outbox messages know whom they name, so deleting that account drops them

Revision ID: 0008_trust
Revises: 0006_via
Create Date: 2026-11-29 20:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_trust"
down_revision = "0006_via"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_messages_about_user_id"), ["about_user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_about_user_id_users"), "users", ["about_user_id"], ["id"], ondelete="CASCADE"
        )


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_messages_about_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_about_user_id"))
        batch_op.drop_column("about_user_id")
