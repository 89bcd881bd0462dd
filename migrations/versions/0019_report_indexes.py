"""Indexes for the audit trail and report filters

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 23:30:00
"""
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

#: (table, index name, columns): the audit trail pages newest first, on its own or within one filter; the device
#: list counts and pages by kind
INDEXES = [
    ('device_events', 'ix_device_events_created_at_id', ['created_at', 'id']),
    ('device_events', 'ix_device_events_device_created', ['device_id', 'created_at', 'id']),
    ('device_events', 'ix_device_events_organisation_created', ['organisation_id', 'created_at', 'id']),
    ('device_events', 'ix_device_events_actor_created', ['actor_id', 'created_at', 'id']),
    ('device_events', 'ix_device_events_kind_created', ['kind', 'created_at', 'id']),
    ('audit_events', 'ix_audit_events_created_at_id', ['created_at', 'id']),
    ('audit_events', 'ix_audit_events_organisation_created', ['organisation_id', 'created_at', 'id']),
    ('audit_events', 'ix_audit_events_actor_created', ['actor_id', 'created_at', 'id']),
    ('audit_events', 'ix_audit_events_action_created', ['action', 'created_at', 'id']),
    # the device list's kind filter, and each status in the order of ids (sorting by status)
    ('devices', 'ix_devices_kind_id', ['kind', 'id']),
    ('devices', 'ix_devices_status_id', ['status', 'id']),
]


def upgrade():
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
