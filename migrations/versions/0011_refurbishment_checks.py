"""refurbishment checks, the storage media of each device, and one wipe record per external report

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('device_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('condition_grade', sa.Enum('A', 'B', 'C', name='check_condition_grade', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('battery_health_pct', sa.Integer(), nullable=True),
    sa.Column('screen_ok', sa.Boolean(), nullable=False),
    sa.Column('screen_note', sa.String(length=200), nullable=True),
    sa.Column('keyboard_ok', sa.Boolean(), nullable=False),
    sa.Column('keyboard_note', sa.String(length=200), nullable=True),
    sa.Column('ports_ok', sa.Boolean(), nullable=False),
    sa.Column('ports_note', sa.String(length=200), nullable=True),
    sa.Column('camera_ok', sa.Boolean(), nullable=False),
    sa.Column('camera_note', sa.String(length=200), nullable=True),
    sa.Column('accessories', sa.Text(), nullable=True),
    sa.Column('os_installed', sa.String(length=100), nullable=True),
    sa.Column('activation_lock_cleared', sa.Boolean(), nullable=False),
    sa.Column('google_frp_cleared', sa.Boolean(), nullable=False),
    sa.Column('chromebook_enrolment_cleared', sa.Boolean(), nullable=False),
    sa.Column('locks_not_applicable', sa.Boolean(), nullable=False),
    sa.Column('drive_serials', sa.String(length=500), nullable=True),
    sa.CheckConstraint('battery_health_pct IS NULL OR (battery_health_pct >= 0 AND battery_health_pct <= 100)', name=op.f('ck_device_checks_battery_health_percentage')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_device_checks_checked_by_id_users')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_device_checks_device_id_devices')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_device_checks_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_checks'))
    )
    with op.batch_alter_table('device_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_checks_device_id'), ['device_id'], unique=False)

    op.create_table('storage_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=100), nullable=False),
    sa.Column('medium_type', sa.Enum('hdd', 'ssd', 'nvme', 'emmc', 'other', name='storage_medium_type', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('capacity_gb', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_storage_media_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storage_media')),
    sa.UniqueConstraint('serial', name=op.f('uq_storage_media_serial'))
    )
    with op.batch_alter_table('storage_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_storage_media_device_id'), ['device_id'], unique=False)

    # one external report, one wipe record: the same nwipe report imported twice at once is refused by the database
    # (a plain CREATE INDEX: wipe_records is append-only by triggers that a SQLite table rebuild would drop)
    op.create_index(op.f('ix_wipe_records_report_sha256'), 'wipe_records', ['report_sha256'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_wipe_records_report_sha256'), table_name='wipe_records')

    with op.batch_alter_table('storage_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_storage_media_device_id'))

    op.drop_table('storage_media')
    with op.batch_alter_table('device_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_checks_device_id'))

    op.drop_table('device_checks')
