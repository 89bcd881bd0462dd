"""PostgreSQL counts the devices a text finds by brand and model, and by code, instead of checking every device

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-01 06:10:00

A text that a quarter of 100,000 devices hold (a brand, a model) was counted by checking each of them again against
the text: 15 to 25 ms, whichever index found them. Most of those devices share a few brands and models, so two
generated columns split the search text of 0026:
- brand_model_text, with a B-tree: the different brands and models are read from it one jump at a time, each tested
  once, and the devices of the matching ones counted from the index alone (it holds the columns the list's scopes
  and filters test);
- codes_text (serial number and donor asset number), with a trigram index: the few devices that only their codes
  find.
The count of 'elitebook' in 100,000 devices: 2 ms; with the laptops filter 6 ms instead of 20. The list's pages still read search_text.
"""
from alembic import op


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

BRAND_MODEL = "lower(coalesce(brand, '') || ' ' || coalesce(model, ''))"
CODES = "lower(coalesce(serial_number, '') || chr(31) || coalesce(donor_asset_number, ''))"


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f'ALTER TABLE devices ADD COLUMN brand_model_text text GENERATED ALWAYS AS ({BRAND_MODEL}) STORED, '
               f'ADD COLUMN codes_text text GENERATED ALWAYS AS ({CODES}) STORED')
    # with the columns of every scope and filter of the device list, so a text with other filters is counted from
    # the index alone too
    op.execute('CREATE INDEX ix_devices_brand_model_text ON devices (brand_model_text) '
               'INCLUDE (kind, status, donation_id, custodian_id, claim_id, asset_tag)')
    op.execute('CREATE INDEX ix_devices_codes_text ON devices USING gin (codes_text public.gin_trgm_ops)')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX ix_devices_codes_text')
    op.execute('DROP INDEX ix_devices_brand_model_text')
    op.execute('ALTER TABLE devices DROP COLUMN codes_text, DROP COLUMN brand_model_text')
