"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 00:58:48.735564

"""
from alembic import op
import sqlalchemy as sa

WIPE_PROVEN = "('ready', 'allocated', 'delivered', 'handed_out')"
NO_PASSED_WIPE = "NOT EXISTS (SELECT 1 FROM wipe_records w WHERE w.device_id = NEW.id AND w.passed = TRUE)"
APPEND_ONLY = ('device_events', 'wipe_records')

SQLITE_SAFETY_NET = [
    *(
        f"""CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
        for table in APPEND_ONLY
        for action in ('update', 'delete')
    ),
    f"""CREATE TRIGGER devices_wipe_before_issue_insert BEFORE INSERT ON devices
    WHEN NEW.status IN {WIPE_PROVEN}
    BEGIN SELECT RAISE(ABORT, 'a device needs a passed wipe record before it is ready'); END""",
    f"""CREATE TRIGGER devices_wipe_before_issue_update BEFORE UPDATE OF status ON devices
    WHEN NEW.status IN {WIPE_PROVEN} AND {NO_PASSED_WIPE}
    BEGIN SELECT RAISE(ABORT, 'a device needs a passed wipe record before it is ready'); END""",
]
POSTGRESQL_SAFETY_NET = [
    """CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$""",
    *(
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()"""
        for table in APPEND_ONLY
    ),
    f"""CREATE FUNCTION require_passed_wipe() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status IN {WIPE_PROVEN} AND {NO_PASSED_WIPE} THEN
        RAISE EXCEPTION 'a device needs a passed wipe record before it is ready';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER devices_require_passed_wipe BEFORE INSERT OR UPDATE OF status ON devices
    FOR EACH ROW EXECUTE FUNCTION require_passed_wipe()""",
]
SQLITE_DROP = [
    *(f'DROP TRIGGER {table}_no_{action}' for table in APPEND_ONLY for action in ('update', 'delete')),
    'DROP TRIGGER devices_wipe_before_issue_insert',
    'DROP TRIGGER devices_wipe_before_issue_update',
]
POSTGRESQL_DROP = [
    *(f'DROP TRIGGER {table}_append_only ON {table}' for table in APPEND_ONLY),
    'DROP TRIGGER devices_require_passed_wipe ON devices',
    'DROP FUNCTION refuse_change()',
    'DROP FUNCTION require_passed_wipe()',
]


def _run(statements_by_dialect):
    for statement in statements_by_dialect[op.get_bind().dialect.name]:
        op.execute(statement)


def create_safety_net():
    """The database refuses what the lifecycle refuses: history edits and unwiped devices on issue."""
    _run({'sqlite': SQLITE_SAFETY_NET, 'postgresql': POSTGRESQL_SAFETY_NET})


def drop_safety_net():
    _run({'sqlite': SQLITE_DROP, 'postgresql': POSTGRESQL_DROP})


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    create_tables()
    create_safety_net()


def create_tables():
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('coordinator', 'donor', 'refurbisher', 'care', name='organisation_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('province', sa.String(length=40), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lower_case')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('care_organisation_id', sa.Integer(), nullable=False),
    sa.Column('laptops_requested', sa.Integer(), nullable=False),
    sa.Column('tablets_requested', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'approved', 'rejected', 'fulfilled', 'cancelled', name='claim_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('laptops_requested + tablets_requested > 0', name=op.f('ck_claims_asks_for_something')),
    sa.CheckConstraint('laptops_requested >= 0 AND tablets_requested >= 0', name=op.f('ck_claims_counts_not_negative')),
    sa.ForeignKeyConstraint(['care_organisation_id'], ['organisations.id'], name=op.f('fk_claims_care_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_claims_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_care_organisation_id'), ['care_organisation_id'], unique=False)

    op.create_table('donations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('donor_id', sa.Integer(), nullable=False),
    sa.Column('pickup_address', sa.String(length=200), nullable=True),
    sa.Column('pickup_postcode', sa.String(length=10), nullable=True),
    sa.Column('pickup_city', sa.String(length=100), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('pickup_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pickup_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('refurbisher_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_donations_created_by_id_users')),
    sa.ForeignKeyConstraint(['donor_id'], ['organisations.id'], name=op.f('fk_donations_donor_id_organisations')),
    sa.ForeignKeyConstraint(['refurbisher_id'], ['organisations.id'], name=op.f('fk_donations_refurbisher_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_donations')),
    sa.UniqueConstraint('reference', name=op.f('uq_donations_reference'))
    )
    with op.batch_alter_table('donations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_donations_donor_id'), ['donor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_donations_refurbisher_id'), ['refurbisher_id'], unique=False)

    op.create_table('devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_tag', sa.String(length=10), nullable=False),
    sa.Column('donation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('laptop', 'tablet', name='device_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('brand', sa.String(length=100), nullable=True),
    sa.Column('model', sa.String(length=100), nullable=True),
    sa.Column('serial_number', sa.String(length=100), nullable=True),
    sa.Column('donor_asset_number', sa.String(length=100), nullable=True),
    sa.Column('cpu', sa.String(length=100), nullable=True),
    sa.Column('ram_gb', sa.Integer(), nullable=True),
    sa.Column('storage_gb', sa.Integer(), nullable=True),
    sa.Column('storage_type', sa.Enum('hdd', 'ssd', 'nvme', 'emmc', 'other', name='storage_type', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('storage_media_count', sa.Integer(), nullable=False),
    sa.Column('charger_included', sa.Boolean(), nullable=True),
    sa.Column('condition_grade', sa.Enum('A', 'B', 'C', name='condition_grade', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('os_installed', sa.String(length=100), nullable=True),
    sa.Column('account_locks_cleared', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('pledged', 'received', 'wiped', 'ready', 'allocated', 'delivered', 'handed_out', 'returned', 'recycled', 'cancelled', 'lost', name='device_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('custodian_id', sa.Integer(), nullable=True),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('handout_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ram_gb IS NULL OR ram_gb >= 0', name=op.f('ck_devices_ram_not_negative')),
    sa.CheckConstraint('storage_gb IS NULL OR storage_gb >= 0', name=op.f('ck_devices_storage_not_negative')),
    sa.CheckConstraint('storage_media_count >= 1', name=op.f('ck_devices_at_least_one_medium')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_devices_claim_id_claims')),
    sa.ForeignKeyConstraint(['custodian_id'], ['organisations.id'], name=op.f('fk_devices_custodian_id_organisations')),
    sa.ForeignKeyConstraint(['donation_id'], ['donations.id'], name=op.f('fk_devices_donation_id_donations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices')),
    sa.UniqueConstraint('asset_tag', name=op.f('uq_devices_asset_tag'))
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_custodian_id'), ['custodian_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_donation_id'), ['donation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_handout_id'), ['handout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_status'), ['status'], unique=False)

    op.create_table('device_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('pledged', 'received', 'wiped', 'ready', 'allocated', 'delivered', 'handed_out', 'returned', 'recycled', 'cancelled', 'lost', name='event_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_status', sa.Enum('pledged', 'received', 'wiped', 'ready', 'allocated', 'delivered', 'handed_out', 'returned', 'recycled', 'cancelled', 'lost', name='event_to', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_device_events_actor_id_users')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_device_events_device_id_devices')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_device_events_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_events'))
    )
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_events_device_id'), ['device_id'], unique=False)

    op.create_table('handouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('care_organisation_id', sa.Integer(), nullable=False),
    sa.Column('recipient_reference', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('gift', 'loan', name='handout_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('loan_until', sa.Date(), nullable=True),
    sa.Column('handed_out_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handed_out_by_id', sa.Integer(), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("(kind = 'loan' AND loan_until IS NOT NULL) OR (kind = 'gift' AND loan_until IS NULL)", name=op.f('ck_handouts_loan_has_end_date')),
    sa.ForeignKeyConstraint(['care_organisation_id'], ['organisations.id'], name=op.f('fk_handouts_care_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_handouts_device_id_devices')),
    sa.ForeignKeyConstraint(['handed_out_by_id'], ['users.id'], name=op.f('fk_handouts_handed_out_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handouts'))
    )
    with op.batch_alter_table('handouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handouts_care_organisation_id'), ['care_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handouts_device_id'), ['device_id'], unique=False)

    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_devices_handout_id_handouts'), 'handouts', ['handout_id'], ['id'])

    op.create_table('wipe_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('medium_type', sa.Enum('hdd', 'ssd', 'nvme', 'emmc', 'other', name='medium_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('medium_serial', sa.String(length=100), nullable=False),
    sa.Column('medium_capacity_gb', sa.Integer(), nullable=True),
    sa.Column('level', sa.Enum('clear', 'purge', 'destroy', name='wipe_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('technique', sa.Enum('overwrite', 'block_erase', 'crypto_erase', 'factory_reset_encrypted', 'physical_destruction', name='wipe_technique', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('tool', sa.String(length=100), nullable=False),
    sa.Column('tool_version', sa.String(length=50), nullable=True),
    sa.Column('verification', sa.Enum('none', 'sample', 'full', name='wipe_verification', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('result_note', sa.Text(), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('report_reference', sa.String(length=200), nullable=True),
    sa.Column('report_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('finished_at >= started_at', name=op.f('ck_wipe_records_finished_after_start')),
    sa.CheckConstraint('report_sha256 IS NULL OR length(report_sha256) = 64', name=op.f('ck_wipe_records_sha256_length')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_wipe_records_device_id_devices')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_wipe_records_operator_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_wipe_records_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wipe_records'))
    )
    with op.batch_alter_table('wipe_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wipe_records_device_id'), ['device_id'], unique=False)



def downgrade():
    drop_safety_net()
    drop_tables()


def drop_tables():
    with op.batch_alter_table('wipe_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wipe_records_device_id'))

    op.drop_table('wipe_records')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_devices_handout_id_handouts'), type_='foreignkey')

    with op.batch_alter_table('handouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handouts_device_id'))
        batch_op.drop_index(batch_op.f('ix_handouts_care_organisation_id'))

    op.drop_table('handouts')
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_events_device_id'))

    op.drop_table('device_events')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_status'))
        batch_op.drop_index(batch_op.f('ix_devices_handout_id'))
        batch_op.drop_index(batch_op.f('ix_devices_donation_id'))
        batch_op.drop_index(batch_op.f('ix_devices_custodian_id'))
        batch_op.drop_index(batch_op.f('ix_devices_claim_id'))

    op.drop_table('devices')
    with op.batch_alter_table('donations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_donations_refurbisher_id'))
        batch_op.drop_index(batch_op.f('ix_donations_donor_id'))

    op.drop_table('donations')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_care_organisation_id'))

    op.drop_table('claims')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))

    op.drop_table('users')
    op.drop_table('organisations')
