"""the council's own voice: griffie e-mail address, member reaction vs answer on behalf of the council,
spokesperson marks, and the public council status

Revision ID: 0014_council_voice
Revises: 0013_people_counter
Create Date: 2026-12-06 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0014_council_voice"
down_revision = "0013_people_counter"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("griffie_email", sa.String(length=320), nullable=True))
    with op.batch_alter_table("council_clerks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), server_default="griffie", nullable=False))
    with op.batch_alter_table("council_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voice", sa.String(length=20), server_default="member", nullable=False))
    # What the griffie wrote before was already said on behalf of the council.
    op.execute("UPDATE council_responses SET voice = 'council' WHERE respondent_role = 'griffie'")

    op.create_table(
        "council_status_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("document_url", sa.String(length=500), nullable=True),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], name=op.f("fk_council_status_steps_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_by_id"], ["users.id"], name=op.f("fk_council_status_steps_set_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_status_steps")),
        sa.UniqueConstraint("municipality_id", "step", name=op.f("uq_council_status_steps_municipality_id_step")),
    )
    with op.batch_alter_table("council_status_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_status_steps_updated_at"), ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("council_status_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_status_steps_updated_at"))
    op.drop_table("council_status_steps")
    with op.batch_alter_table("council_responses", schema=None) as batch_op:
        batch_op.drop_column("voice")
    with op.batch_alter_table("council_clerks", schema=None) as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_column("griffie_email")
