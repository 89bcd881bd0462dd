"""A device's history by id: the lifecycle's safety net and guards read a device's latest event per status change

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 23:50:00

With an index on device_id alone, PostgreSQL answers "the device's latest event" (WHERE device_id = ? ORDER BY id
DESC LIMIT 1) by walking the whole table backwards along its primary key: every status change then reads every
event. With (device_id, id) it reads one index entry.
"""
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_device_events_device_id_id', 'device_events', ['device_id', 'id'])
    op.drop_index('ix_device_events_device_id', table_name='device_events')


def downgrade():
    op.create_index('ix_device_events_device_id', 'device_events', ['device_id'])
    op.drop_index('ix_device_events_device_id_id', table_name='device_events')
