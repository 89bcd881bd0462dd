"""asset tags handed out, and pre-printed labels

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00

asset_tags holds every tag ever handed out (to a device or a pre-printed label), so a tag is unique
across both; it starts with the tags of the devices already there. preprinted_labels keeps the labels
a workshop printed before their devices were registered, and the device each one went on.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('asset_tags',
    sa.Column('tag', sa.String(length=10), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tag', name=op.f('pk_asset_tags'))
    )
    op.execute('INSERT INTO asset_tags (tag, issued_at) SELECT asset_tag, created_at FROM devices')

    op.create_table('preprinted_labels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=10), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('printed_by_id', sa.Integer(), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_preprinted_labels_device_id_devices')),
    sa.ForeignKeyConstraint(['printed_by_id'], ['users.id'], name=op.f('fk_preprinted_labels_printed_by_id_users')),
    sa.ForeignKeyConstraint(['tag'], ['asset_tags.tag'], name=op.f('fk_preprinted_labels_tag_asset_tags')),
    sa.ForeignKeyConstraint(['workshop_id'], ['organisations.id'], name=op.f('fk_preprinted_labels_workshop_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_preprinted_labels')),
    sa.UniqueConstraint('device_id', name=op.f('uq_preprinted_labels_device_id')),
    sa.UniqueConstraint('tag', name=op.f('uq_preprinted_labels_tag'))
    )
    with op.batch_alter_table('preprinted_labels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_preprinted_labels_printed_at'), ['printed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_preprinted_labels_workshop_id'), ['workshop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('preprinted_labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_preprinted_labels_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_preprinted_labels_printed_at'))

    op.drop_table('preprinted_labels')
    op.drop_table('asset_tags')
