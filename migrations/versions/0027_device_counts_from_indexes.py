"""A workshop's, care organisation's or donor's devices are counted from an index alone

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01 05:50:00

The indexes on donation_id and claim_id grow by custodian_id, so a count of "their donations or claims, or what
they hold" reads only the index, not every device (a workshop with half of 100,000 devices: PostgreSQL 25 → 11 ms,
SQLite 25 → 7 ms). The wider indexes still serve every lookup by donation or claim.
"""
from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

WIDER = {'ix_devices_donation_id': ('ix_devices_donation_custodian', 'donation_id'),
         'ix_devices_claim_id': ('ix_devices_claim_custodian', 'claim_id')}


def upgrade():
    for narrow, (wide, column) in WIDER.items():
        op.create_index(wide, 'devices', [column, 'custodian_id'])
        op.drop_index(narrow, table_name='devices')


def downgrade():
    for narrow, (wide, column) in WIDER.items():
        op.create_index(narrow, 'devices', [column])
        op.drop_index(wide, table_name='devices')
