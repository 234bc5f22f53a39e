"""hourly endorsement history for the dashboard and the open data time series

Revision ID: 0010_insight
Revises: 0006_via
Create Date: 2026-11-29 19:50:00

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


revision = '0010_insight'
down_revision = "0008_trust"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'endorsement_hourly',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pillar_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('perspective', sa.String(length=20), nullable=False),
        sa.Column('verified', sa.Boolean(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('hour', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_endorsement_hourly_municipality_id_municipalities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['pillar_id'], ['pillars.id'],
                                name=op.f('fk_endorsement_hourly_pillar_id_pillars'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_endorsement_hourly')),
        sa.UniqueConstraint('pillar_id', 'municipality_id', 'perspective', 'verified', 'day', 'hour',
                            name=op.f('uq_endorsement_hourly_key')),
    )
    with op.batch_alter_table('endorsement_hourly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsement_hourly_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_endorsement_hourly_municipality_id'), ['municipality_id'], unique=False)
    # Fill the history from the endorsements that exist (the same rule as `flask wijkstem recount`).
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT pillar_id, counted_municipality_id, counted_perspective, counted_verified, created_at "
        "FROM endorsements WHERE counted_perspective IS NOT NULL AND counted_municipality_id IS NOT NULL"
    )).all()
    totals = {}
    for pillar_id, municipality_id, perspective, verified, created_at in rows:
        if isinstance(created_at, str):
            created_at = datetime.fromisoformat(created_at)
        key = (pillar_id, municipality_id, perspective, bool(verified), created_at.date(), created_at.hour)
        totals[key] = totals.get(key, 0) + 1
    if totals:
        table = sa.table('endorsement_hourly', *(sa.column(c) for c in
                         ('pillar_id', 'municipality_id', 'perspective', 'verified', 'day', 'hour', 'count')))
        op.bulk_insert(table, [
            dict(zip(('pillar_id', 'municipality_id', 'perspective', 'verified', 'day', 'hour'), key), count=n)
            for key, n in totals.items()
        ])


def downgrade():
    with op.batch_alter_table('endorsement_hourly', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsement_hourly_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_endorsement_hourly_day'))
    op.drop_table('endorsement_hourly')
