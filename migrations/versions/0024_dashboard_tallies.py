"""Running tallies for the dashboard, kept by triggers: devices per donor, workshop, care organisation and status;
status events per period; each device's first received, ready and handed out, and the days between

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 03:00:00

At 100,000 devices the dashboard spent most of its time counting: every device for the breakdowns, every intake and
handout event for the months, and each device's history for the throughput. These tables hold those counts and
times. The database changes them in the same statement as the devices, events, donations or claims they depend on,
whoever writes those (the app, an import, the demo data). PostgreSQL adds up a whole statement's devices and events
at once (statement triggers with transition tables), so a step of 50,000 devices changes each tally once; SQLite
runs its triggers per row. A tally's key holds the organisations themselves, so a donation that moves to another
workshop moves its devices' counts along.

Periods are UTC months, with the last two hours of a month's last day apart: each month in Amsterdam is a range of
whole periods. For the throughput each device's days from received to ready, and from ready to handed out, are
stored with an index, and counted per period and whole day (milestone_days): the counts tell which whole day holds
the median and how far into it, so the median itself is a short walk along the index.

The three indexes of 0021 that counted the same things at every request are dropped; open loans get an index
(the overdue ones are counted on the dashboard and listed on the loans page).
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

STATUSES = ('pledged', 'received', 'wiped', 'ready', 'allocated', 'delivered', 'handed_out', 'returned',
            'recycled', 'cancelled', 'lost')
COUNTED = "('received', 'handed_out')"
MILESTONES = ('received', 'ready', 'handed_out')
MILESTONE_STATUSES = "('received', 'ready', 'handed_out')"
#: 0021's indexes, put back on downgrade: (table, name, columns, partial index condition or None)
DROPPED = [
    ('devices', 'ix_devices_donation_claim_status', ['donation_id', 'claim_id', 'status'], None),
    ('device_events', 'ix_device_events_months', ['to_status', 'created_at'], f"to_status IN {COUNTED}"),
    ('device_events', 'ix_device_events_firsts', ['device_id', 'to_status', 'created_at'],
     f"to_status IN {MILESTONE_STATUSES}"),
]

# ---- the SQL both databases share ----

#: each tally: its key's columns with their types, what it counts, its unique key, and the table where PostgreSQL's
#: triggers leave their changes until the commit folds them in
TALLIES = {
    'device_tallies': ((('donor_id', 'integer NOT NULL'), ('workshop_id', 'integer'),
                        ('care_organisation_id', 'integer'), ('status', 'varchar(10) NOT NULL')), 'devices',
                       'donor_id, (COALESCE(workshop_id, 0)), (COALESCE(care_organisation_id, 0)), status',
                       'device_tally_changes'),
    'status_event_periods': ((('to_status', 'varchar(10) NOT NULL'), ('period_start', 'timestamptz NOT NULL')),
                             'events', 'to_status, period_start', 'status_event_period_changes'),
    'milestone_days': ((('milestone', 'varchar(10) NOT NULL'), ('period_start', 'timestamptz NOT NULL'),
                        ('days', 'integer NOT NULL')), 'devices', 'milestone, period_start, days', 'milestone_day_changes'),
}


def _add(tally: str, counted: str, later: bool = False) -> str:
    """Add counted rows (the key's columns, then the change) to a tally; or, later=True, to its changes table."""
    columns, count, unique, changes = TALLIES[tally]
    names = ', '.join(name for name, _type in columns)
    if later:
        return f"INSERT INTO {changes} ({names}, change) {counted}"
    return f"""INSERT INTO {tally} ({names}, {count}) {counted}
      ON CONFLICT ({unique}) DO UPDATE SET {count} = {tally}.{count} + excluded.{count}"""


def _add_to_tallies(counted: str, later: bool = False) -> str:
    return _add('device_tallies', counted, later)


def _counted(rows: str, key: str) -> str:
    """The rows' changes added up per key, in key order (every statement then locks the tallies in one order)."""
    return (f"SELECT {key}, sum(change) FROM ({rows}) AS changed WHERE true "
            f"GROUP BY {key} HAVING sum(change) != 0 ORDER BY {key}")


def _device_changes(rows: str) -> str:
    """Rows of (donation_id, claim_id, status, change) counted per key, in key order (so every statement locks the
    tallies it changes in one order); the key's organisations read from the donation and claim as they are now."""
    key = "donations.donor_id, donations.refurbisher_id, claims.care_organisation_id, changed.status"
    return f"""SELECT {key}, sum(changed.change) FROM ({rows}) AS changed
      JOIN donations ON donations.id = changed.donation_id LEFT JOIN claims ON claims.id = changed.claim_id
      WHERE true GROUP BY {key} HAVING sum(changed.change) != 0 ORDER BY {key}"""


def _moved(sign: str, record: str, donation: bool) -> str:
    """The devices of a donation (or claim) counted under its organisations as they were (OLD, sign '-') or are
    (NEW, '+'): the other organisations read as they are now."""
    if donation:
        return f"""SELECT {record}.donor_id, {record}.refurbisher_id, claims.care_organisation_id, devices.status,
          {sign}count(*) FROM devices LEFT JOIN claims ON claims.id = devices.claim_id
          WHERE devices.donation_id = {record}.id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"""
    return f"""SELECT donations.donor_id, donations.refurbisher_id, {record}.care_organisation_id, devices.status,
      {sign}count(*) FROM devices JOIN donations ON donations.id = devices.donation_id
      WHERE devices.claim_id = {record}.id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"""


#: (table, the columns of the organisations it holds, is it the donation) whose change moves its devices' counts
MOVES = [('donations', ('donor_id', 'refurbisher_id'), True), ('claims', ('care_organisation_id',), False)]


def _milestone_times(dialect: str) -> str:
    """The earlier of the two times (the one that is there when one is missing)."""
    earliest = 'LEAST({1}.{0}, excluded.{0})' if dialect == 'postgresql' else 'COALESCE(min({1}.{0}, excluded.{0}), {1}.{0}, excluded.{0})'
    return ', '.join(f"{status}_at = {earliest.format(f'{status}_at', 'device_milestones')}" for status in MILESTONES)


def _milestones(dialect: str, firsts: str) -> str:
    return f"""INSERT INTO device_milestones (device_id, received_at, ready_at, handed_out_at) {firsts}
      ON CONFLICT (device_id) DO UPDATE SET {_milestone_times(dialect)}"""


def _days_between(dialect: str, start: str, end: str) -> str:
    if dialect == 'sqlite':
        days = f"julianday({end}) - julianday({start})"
    else:
        days = f"CAST(EXTRACT(EPOCH FROM {end} - {start}) / 86400 AS double precision)"
    return f"CASE WHEN {end} >= {start} THEN {days} END"


def _days(dialect: str, devices: str) -> str:
    return f"""UPDATE device_milestones SET
      days_to_ready = {_days_between(dialect, 'received_at', 'ready_at')},
      days_to_handout = {_days_between(dialect, 'ready_at', 'handed_out_at')}
      WHERE device_id IN ({devices})"""


def _period_start(dialect: str, column: str) -> str:
    """The start of the period a time falls in: its UTC month, except the last two hours of the month's last day,
    which are a period each. A month in Amsterdam begins at 22:00 or 23:00 UTC on the last day of the month before,
    so every such month is a range of whole periods (at most four)."""
    if dialect == 'sqlite':
        last_hours = f"strftime('%H', {column}) >= '22' AND strftime('%m', {column}, '+1 day') != strftime('%m', {column})"
        return (f"CASE WHEN {last_hours} THEN strftime('%Y-%m-%d %H:00:00.000000', {column}) "
                f"ELSE strftime('%Y-%m-01 00:00:00.000000', {column}) END")
    last_hours = (f"EXTRACT(HOUR FROM {column} AT TIME ZONE 'UTC') >= 22 "
                  f"AND date_trunc('month', {column} + interval '1 day', 'UTC') != date_trunc('month', {column}, 'UTC')")
    return (f"CASE WHEN {last_hours} THEN date_trunc('hour', {column}, 'UTC') "
            f"ELSE date_trunc('month', {column}, 'UTC') END")


def _periods(dialect: str, events: str, later: bool = False) -> str:
    rows = (f"SELECT to_status, {_period_start(dialect, 'created_at')} AS period_start, 1 AS change "
            f"FROM ({events}) AS events WHERE to_status IN {COUNTED}")
    return _add('status_event_periods', _counted(rows, 'to_status, period_start'), later)


def _firsts(events: str) -> str:
    firsts = ', '.join(f"min(CASE WHEN to_status = '{status}' THEN created_at END)" for status in MILESTONES)
    return (f"SELECT device_id, {firsts} FROM ({events}) AS events WHERE to_status IN {MILESTONE_STATUSES} "
            "GROUP BY device_id ORDER BY device_id")


#: (milestone, when it was reached, the days it took) of each median
MEASURES = (('ready', 'ready_at', 'days_to_ready'), ('handed_out', 'handed_out_at', 'days_to_handout'))


def _whole_days(dialect: str, column: str) -> str:
    return f"CAST({column} AS INTEGER)" if dialect == 'sqlite' else f"CAST(floor({column}) AS integer)"


def _milestone_rows(dialect: str, prefix: str, source: str, change: int) -> str:
    """Rows of (milestone, period, whole days, change) of the milestones reached, from a table (prefix '') or a
    trigger's row (source '', prefix 'NEW.' or 'OLD.')."""
    return ' UNION ALL '.join(
        f"SELECT '{milestone}' AS milestone, {_period_start(dialect, prefix + reached)} AS period_start, "
        f"{_whole_days(dialect, prefix + days)} AS days, {change} AS change {source} WHERE {prefix}{days} IS NOT NULL"
        for milestone, reached, days in MEASURES
    )


def _add_to_milestone_days(rows: str, later: bool = False) -> str:
    return _add('milestone_days', _counted(rows, 'milestone, period_start, days'), later)


# ---- SQLite: triggers per row ----

NEW_DEVICE = "SELECT NEW.donation_id AS donation_id, NEW.claim_id AS claim_id, NEW.status AS status, 1 AS change"
OLD_DEVICE = "SELECT OLD.donation_id AS donation_id, OLD.claim_id AS claim_id, OLD.status AS status, -1 AS change"
NEW_EVENT = "SELECT NEW.device_id AS device_id, NEW.to_status AS to_status, NEW.created_at AS created_at"


def _sqlite_moves() -> list[str]:
    triggers = []
    for table, columns, donation in MOVES:
        changed = ' OR '.join(f'OLD.{column} IS NOT NEW.{column}' for column in columns)
        triggers.append(
            f"""CREATE TRIGGER {table}_move_tallies AFTER UPDATE OF {', '.join(columns)} ON {table} WHEN {changed}
            BEGIN {_add_to_tallies(_moved('-', 'OLD', donation))}; {_add_to_tallies(_moved('', 'NEW', donation))}; END"""
        )
    return triggers


def _sqlite_triggers() -> list[str]:
    return [
        f"""CREATE TRIGGER devices_tally_insert AFTER INSERT ON devices
        BEGIN {_add_to_tallies(_device_changes(NEW_DEVICE))}; END""",
        f"""CREATE TRIGGER devices_tally_update AFTER UPDATE OF donation_id, claim_id, status ON devices
        WHEN NEW.donation_id != OLD.donation_id OR NEW.claim_id IS NOT OLD.claim_id OR NEW.status != OLD.status
        BEGIN {_add_to_tallies(_device_changes(f'{NEW_DEVICE} UNION ALL {OLD_DEVICE}'))}; END""",
        f"""CREATE TRIGGER devices_tally_delete AFTER DELETE ON devices
        BEGIN {_add_to_tallies(_device_changes(OLD_DEVICE))}; END""",
        *_sqlite_moves(),
        f"""CREATE TRIGGER device_events_tally_period AFTER INSERT ON device_events WHEN NEW.to_status IN {COUNTED}
        BEGIN {_periods('sqlite', NEW_EVENT)}; END""",
        f"""CREATE TRIGGER device_events_milestones AFTER INSERT ON device_events
        WHEN NEW.to_status IN {MILESTONE_STATUSES}
        BEGIN {_milestones('sqlite', _firsts(NEW_EVENT))}; {_days('sqlite', 'NEW.device_id')}; END""",
        f"""CREATE TRIGGER device_milestones_days_insert AFTER INSERT ON device_milestones
        BEGIN {_add_to_milestone_days(_milestone_rows('sqlite', 'NEW.', '', 1))}; END""",
        f"""CREATE TRIGGER device_milestones_days_update AFTER UPDATE ON device_milestones
        BEGIN {_add_to_milestone_days(_milestone_rows('sqlite', 'NEW.', '', 1) + ' UNION ALL '
                                      + _milestone_rows('sqlite', 'OLD.', '', -1))}; END""",
    ]


SQLITE_TRIGGER_NAMES = ['devices_tally_insert', 'devices_tally_update', 'devices_tally_delete',
                        'donations_move_tallies', 'claims_move_tallies', 'device_events_tally_period',
                        'device_events_milestones', 'device_milestones_days_insert', 'device_milestones_days_update']

# ---- PostgreSQL: triggers per statement (transition tables), and per row for the rare moves ----
# Their changes wait in a table of changes (each statement only adds rows there, which never waits for another
# transaction) until the commit, when one deferred trigger folds all of the transaction's changes into the tallies
# in key order: two transactions then lock the tallies they share in the same order and never deadlock, and hold
# those locks only while committing.

PG_DEVICE_ROWS = {
    'inserted': "SELECT donation_id, claim_id, status, 1 AS change FROM new_devices",
    'deleted': "SELECT donation_id, claim_id, status, -1 AS change FROM old_devices",
}
PG_DEVICE_ROWS['updated'] = f"{PG_DEVICE_ROWS['inserted']} UNION ALL {PG_DEVICE_ROWS['deleted']}"
PG_TRANSITIONS = {
    'inserted': ('INSERT', 'NEW TABLE AS new_devices'),
    'updated': ('UPDATE', 'OLD TABLE AS old_devices NEW TABLE AS new_devices'),
    'deleted': ('DELETE', 'OLD TABLE AS old_devices'),
}
NEW_EVENTS = "SELECT device_id, to_status, created_at FROM new_events"


def _pg_function(name: str, body: str) -> str:
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {body}; RETURN NULL; END $$"""


def _pg_triggers() -> list[str]:
    statements = []
    for name, (operation, transition) in PG_TRANSITIONS.items():
        statements += [
            _pg_function(f'tally_{name}_devices', _add_to_tallies(_device_changes(PG_DEVICE_ROWS[name]), later=True)),
            f"""CREATE TRIGGER devices_tally_{name} AFTER {operation} ON devices REFERENCING {transition}
            FOR EACH STATEMENT EXECUTE FUNCTION tally_{name}_devices()""",
        ]
    for table, columns, donation in MOVES:
        changed = ' OR '.join(f'OLD.{column} IS DISTINCT FROM NEW.{column}' for column in columns)
        body = (f"{_add_to_tallies(_moved('-', 'OLD', donation), later=True)}; "
                f"{_add_to_tallies(_moved('', 'NEW', donation), later=True)}")
        statements += [
            _pg_function(f'move_{table}_tallies', body),
            f"""CREATE TRIGGER {table}_move_tallies AFTER UPDATE OF {', '.join(columns)} ON {table}
            FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION move_{table}_tallies()""",
        ]
    events = (f"{_periods('postgresql', NEW_EVENTS, later=True)}; {_milestones('postgresql', _firsts(NEW_EVENTS))}; "
              f"{_days('postgresql', f'SELECT device_id FROM new_events WHERE to_status IN {MILESTONE_STATUSES}')}")
    new_days = _milestone_rows('postgresql', '', 'FROM new_milestones', 1)
    old_days = _milestone_rows('postgresql', '', 'FROM old_milestones', -1)
    return statements + [
        _pg_function('tally_device_events', events),
        """CREATE TRIGGER device_events_tally AFTER INSERT ON device_events REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION tally_device_events()""",
        _pg_function('tally_inserted_milestones', _add_to_milestone_days(new_days, later=True)),
        """CREATE TRIGGER device_milestones_days_insert AFTER INSERT ON device_milestones
        REFERENCING NEW TABLE AS new_milestones FOR EACH STATEMENT EXECUTE FUNCTION tally_inserted_milestones()""",
        _pg_function('tally_updated_milestones', _add_to_milestone_days(f'{new_days} UNION ALL {old_days}', later=True)),
        """CREATE TRIGGER device_milestones_days_update AFTER UPDATE ON device_milestones
        REFERENCING OLD TABLE AS old_milestones NEW TABLE AS new_milestones
        FOR EACH STATEMENT EXECUTE FUNCTION tally_updated_milestones()""",
        *_pg_folds(),
    ]


def _fold(tally: str) -> str:
    """This transaction's changes of a tally taken out of its changes table and added to it, in key order."""
    columns, _count, _unique, changes = TALLIES[tally]
    names = ', '.join(name for name, _type in columns)
    folded = f"SELECT {names}, change FROM folded"
    return (f"WITH folded AS (DELETE FROM {changes} WHERE xact = txid_current() RETURNING {names}, change) "
            f"{_add(tally, _counted(folded, names))}")


def _pg_folds() -> list[str]:
    """The tables of changes and the trigger that folds them in at the commit (a deferred constraint trigger runs
    for every row of changes; the first one folds them all, the others find none left)."""
    statements = [_pg_function('fold_tally_changes', '; '.join(_fold(tally) for tally in TALLIES))]
    for columns, _count, _unique, changes in TALLIES.values():
        typed = ', '.join(f'{name} {kind}' for name, kind in columns)
        statements += [
            f"""CREATE UNLOGGED TABLE {changes} (xact bigint NOT NULL DEFAULT txid_current(), {typed},
            change integer NOT NULL)""",
            f"CREATE INDEX ix_{changes}_xact ON {changes} (xact)",
            f"""CREATE CONSTRAINT TRIGGER {changes}_fold AFTER INSERT ON {changes} DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION fold_tally_changes()""",
        ]
    return statements


PG_DROP = [
    *(f'DROP TRIGGER devices_tally_{name} ON devices' for name in PG_TRANSITIONS),
    *(f'DROP FUNCTION tally_{name}_devices()' for name in PG_TRANSITIONS),
    *(f'DROP TRIGGER {table}_move_tallies ON {table}' for table, _columns, _donation in MOVES),
    *(f'DROP FUNCTION move_{table}_tallies()' for table, _columns, _donation in MOVES),
    'DROP TRIGGER device_events_tally ON device_events',
    'DROP FUNCTION tally_device_events()',
    *(f'DROP TRIGGER device_milestones_days_{name} ON device_milestones' for name in ('insert', 'update')),
    *(f'DROP FUNCTION tally_{name}_milestones()' for name in ('inserted', 'updated')),
    *(f'DROP TABLE {changes}' for _columns, _count, _unique, changes in TALLIES.values()),
    'DROP FUNCTION fold_tally_changes()',
]

# ---- tables ----


def _status(name: str) -> sa.Enum:
    return sa.Enum(*STATUSES, name=name, native_enum=False, create_constraint=True, length=10)


def _create_tables() -> None:
    op.create_table(
        'device_tallies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('donor_id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=True),
        sa.Column('care_organisation_id', sa.Integer(), nullable=True),
        sa.Column('status', _status('tally_status'), nullable=False),
        sa.Column('devices', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_device_tallies')),
    )
    op.create_index('uq_device_tallies_key', 'device_tallies', [
        'donor_id', sa.text('COALESCE(workshop_id, 0)'), sa.text('COALESCE(care_organisation_id, 0)'), 'status',
    ], unique=True)
    op.create_table(
        'status_event_periods',
        sa.Column('to_status', _status('period_status'), nullable=False),
        sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('events', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('to_status', 'period_start', name=op.f('pk_status_event_periods')),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'device_milestones',
        sa.Column('device_id', sa.Integer(), autoincrement=False, nullable=False),
        *(sa.Column(f'{status}_at', sa.DateTime(timezone=True), nullable=True) for status in MILESTONES),
        sa.Column('days_to_ready', sa.Float(), nullable=True),
        sa.Column('days_to_handout', sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_milestones')),
    )
    for _milestone, reached, days in MEASURES:
        op.create_index(f'ix_device_milestones_{days}', 'device_milestones', [days, reached])
    op.create_table(
        'milestone_days',
        sa.Column('milestone', _status('milestone_status'), nullable=False),
        sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('devices', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('milestone', 'period_start', 'days', name=op.f('pk_milestone_days')),
        sqlite_with_rowid=False,
    )


def _fill(dialect: str) -> None:
    """The tallies of what is already there."""
    op.execute(_add_to_tallies(_device_changes("SELECT donation_id, claim_id, status, 1 AS change FROM devices")))
    every_event = "SELECT device_id, to_status, created_at FROM device_events"
    op.execute(_periods(dialect, every_event))
    op.execute(_milestones(dialect, _firsts(every_event)))
    op.execute(_days(dialect, 'SELECT device_id FROM device_milestones'))
    op.execute(_add_to_milestone_days(_milestone_rows(dialect, '', 'FROM device_milestones', 1)))


def upgrade():
    dialect = op.get_bind().dialect.name
    _create_tables()
    _fill(dialect)
    for statement in _sqlite_triggers() if dialect == 'sqlite' else _pg_triggers():
        op.execute(statement)
    for table, name, _columns, _where in DROPPED:
        op.drop_index(name, table_name=table)
    op.create_index('ix_handouts_open_loans', 'handouts', ['kind', 'returned_at', 'loan_until'])


def downgrade():
    dialect = op.get_bind().dialect.name
    op.drop_index('ix_handouts_open_loans', table_name='handouts')
    for table, name, columns, where in DROPPED:
        condition = {} if where is None else {'sqlite_where': sa.text(where), 'postgresql_where': sa.text(where)}
        op.create_index(name, table, columns, **condition)
    for statement in [f'DROP TRIGGER {name}' for name in SQLITE_TRIGGER_NAMES] if dialect == 'sqlite' else PG_DROP:
        op.execute(statement)
    for table in ('milestone_days', 'device_milestones', 'status_event_periods', 'device_tallies'):
        op.drop_table(table)
