"""the lifecycle's safety net allows taking back a step just made (the scan station's undo)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 11:00:00
"""
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
