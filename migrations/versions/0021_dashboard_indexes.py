"""Indexes for the coordinator's dashboard

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 00:00:00

Each of the dashboard's figures reads one of these in its own order instead of the whole table: devices counted per
status (and per status since when, for the stuck and the longest waiting), devices counted per donation, claim and
status for the breakdowns, received and handed-out events counted per month, and each device's first received, ready
and handed-out events for the throughput. The last two are partial indexes of those statuses only, so that each query
has exactly one index that fits, whatever the database's statistics say.
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

#: (table, index name, columns, partial index condition or None); the conditions as on the models
INDEXES = [
    ('devices', 'ix_devices_status_changed', ['status', 'status_changed_at', 'id'], None),
    ('devices', 'ix_devices_donation_claim_status', ['donation_id', 'claim_id', 'status'], None),
    ('device_events', 'ix_device_events_months', ['to_status', 'created_at'],
     "to_status IN ('received', 'handed_out')"),
    ('device_events', 'ix_device_events_firsts', ['device_id', 'to_status', 'created_at'],
     "to_status IN ('received', 'ready', 'handed_out')"),
]


def upgrade():
    for table, name, columns, where in INDEXES:
        condition = {} if where is None else {'sqlite_where': sa.text(where), 'postgresql_where': sa.text(where)}
        op.create_index(name, table, columns, **condition)


def downgrade():
    for table, name, _columns, _where in reversed(INDEXES):
        op.drop_index(name, table_name=table)
