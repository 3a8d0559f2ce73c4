"""Daily quotes: a revision's period may be a trading date (``2020-01-02``), not only a month (``2020-01``).

An item whose vocabulary row takes daily quotes (workbooks/monthdata/vocabulary.py, DAILY_TOO: the spot
prices) may carry a trading date in the month column of a month file; the store keeps it in the same
column, ``revisions.month``, which held 7 characters and now holds 10. Text order is still time order
("2020-01" < "2020-01-02" < "2020-02"), which the readers' month bounds rely on (addin/store/reading.py).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostgreSQL alters the column in place; SQLite (which does not enforce a VARCHAR length) copies the table
    with op.batch_alter_table("revisions") as batch:
        batch.alter_column("month", type_=sa.String(10), existing_type=sa.String(7), existing_nullable=False)


def downgrade() -> None:
    # a store holding daily quotes refuses this (PostgreSQL: value too long): withdraw them first
    with op.batch_alter_table("revisions") as batch:
        batch.alter_column("month", type_=sa.String(7), existing_type=sa.String(10), existing_nullable=False)
