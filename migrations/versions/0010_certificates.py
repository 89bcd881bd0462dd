"""data-wipe certificates: each one issued, with its verification code, hash and PDF

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=14), nullable=False),
    sa.Column('donation_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('device_count', sa.Integer(), nullable=False),
    sa.Column('pending_count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_certificates_sha256_length')),
    sa.CheckConstraint('pending_count >= 0 AND pending_count <= device_count',
                       name=op.f('ck_certificates_pending_within_devices')),
    sa.ForeignKeyConstraint(['donation_id'], ['donations.id'], name=op.f('fk_certificates_donation_id_donations')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_certificates_issued_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_donation_id'), ['donation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_donation_id'))

    op.drop_table('certificates')
