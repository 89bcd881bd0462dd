"""typed device history: an event kind and the deltas of what changed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 15:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

EVENT_KINDS = (
    'created', 'status_changed', 'label_printed', 'scanned', 'details_edited', 'custody_moved',
    'wipe_recorded', 'check_recorded', 'handover_printed',
)
STATUSES = (
    'pledged', 'received', 'wiped', 'ready', 'allocated', 'delivered', 'handed_out', 'returned', 'recycled',
    'cancelled', 'lost',
)
STATUS_ONLY_ON_STATUS_EVENTS = "(kind IN ('created', 'status_changed')) = (to_status IS NOT NULL)"
CREATION_HAS_NO_FROM_STATUS = "kind != 'created' OR from_status IS NULL"
#: SQLite rebuilds the table in batch mode, which drops its triggers: they are made again afterwards
SQLITE_APPEND_ONLY = [
    f"""CREATE TRIGGER device_events_no_{action} BEFORE {action.upper()} ON device_events
    BEGIN SELECT RAISE(ABORT, 'device_events is append-only'); END"""
    for action in ('update', 'delete')
]


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _history_writable(writable: bool) -> None:
    """The append-only trigger is lifted only while this migration rewrites the history itself."""
    if _is_sqlite():
        if writable:
            for action in ('update', 'delete'):
                op.execute(f'DROP TRIGGER IF EXISTS device_events_no_{action}')
        else:
            for statement in SQLITE_APPEND_ONLY:
                op.execute(statement)
    else:
        op.execute(f"ALTER TABLE device_events {'DISABLE' if writable else 'ENABLE'} TRIGGER device_events_append_only")


def upgrade():
    _history_writable(True)
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'kind', sa.Enum(*EVENT_KINDS, name='event_kind', native_enum=False, create_constraint=True),
            nullable=False, server_default='status_changed',
        ))
        batch_op.add_column(sa.Column('deltas', sa.JSON(), nullable=True))
        batch_op.alter_column('to_status', existing_type=sa.Enum(*STATUSES, name='event_to', native_enum=False),
                              nullable=True)
    op.execute("UPDATE device_events SET kind = 'created' WHERE from_status IS NULL")
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.alter_column('kind', server_default=None, existing_type=sa.String(16), existing_nullable=False)
        batch_op.create_check_constraint('status_only_on_status_events', STATUS_ONLY_ON_STATUS_EVENTS)
        batch_op.create_check_constraint('creation_has_no_from_status', CREATION_HAS_NO_FROM_STATUS)
    _history_writable(False)


def downgrade():
    _history_writable(True)
    op.execute("DELETE FROM device_events WHERE kind NOT IN ('created', 'status_changed')")
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_device_events_creation_has_no_from_status'), type_='check')
        batch_op.drop_constraint(op.f('ck_device_events_status_only_on_status_events'), type_='check')
        batch_op.drop_constraint(op.f('ck_device_events_event_kind'), type_='check')
        batch_op.alter_column('to_status', existing_type=sa.Enum(*STATUSES, name='event_to', native_enum=False),
                              nullable=False)
        batch_op.drop_column('deltas')
        batch_op.drop_column('kind')
    _history_writable(False)
