"""organisations (issue 27): the organisation, where it works, who acts for it, the pillars it supports

Revision ID: 0016_org_organisations
Revises: 0015_statements
Create Date: 2026-12-06 08:46:00.250078

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_org_organisations'
down_revision = '0015_statements'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=140), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=True),
    sa.Column('work_email', sa.String(length=320), nullable=True),
    sa.Column('work_email_confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('share_code', sa.String(length=16), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('share_code', name=op.f('uq_organisations_share_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_status'), ['status'], unique=False)

    op.create_table('organisation_endorsements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('pillar_id', sa.Integer(), nullable=False),
    sa.Column('motivation', sa.String(length=280), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_endorsements_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pillar_id'], ['pillars.id'], name=op.f('fk_organisation_endorsements_pillar_id_pillars'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_endorsements')),
    sa.UniqueConstraint('organisation_id', 'pillar_id', name=op.f('uq_organisation_endorsements_organisation_id_pillar_id'))
    )
    with op.batch_alter_table('organisation_endorsements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_endorsements_pillar_id'), ['pillar_id'], unique=False)

    op.create_table('organisation_municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('wijk', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_organisation_municipalities_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_municipalities_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_municipalities')),
    sa.UniqueConstraint('organisation_id', 'municipality_id', name=op.f('uq_organisation_municipalities_organisation_id_municipality_id'))
    )
    with op.batch_alter_table('organisation_municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_municipalities_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('organisation_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_members_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_members')),
    sa.UniqueConstraint('organisation_id', 'user_id', name=op.f('uq_organisation_members_organisation_id_user_id'))
    )
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_members_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_members_user_id'))

    op.drop_table('organisation_members')
    with op.batch_alter_table('organisation_municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_municipalities_municipality_id'))

    op.drop_table('organisation_municipalities')
    with op.batch_alter_table('organisation_endorsements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_endorsements_pillar_id'))

    op.drop_table('organisation_endorsements')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_status'))
        batch_op.drop_index(batch_op.f('ix_organisations_kind'))

    op.drop_table('organisations')
