"""indexes for the device list's sort orders (keyset paging at 100,000 devices)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 13:00:00
"""
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_devices_created_at_id': ['created_at', 'id'],
    'ix_devices_status_changed_at_id': ['status_changed_at', 'id'],
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, 'devices', columns)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name='devices')
