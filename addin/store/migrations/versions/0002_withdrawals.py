"""Withdrawals: a revision may withdraw a figure (a mistyped month, a figure loaded in error).

A withdrawal is a revision like any other — a row of `revisions`, under a row of `loads` naming the
withdrawal — marked `withdrawn`: the figure's latest revision being a withdrawal means the store no longer
holds it, while `--as-of` before it still shows it and `history` lists it. Nothing is updated or deleted.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a NOT NULL column only with a default: every revision before this one is a figure
    op.add_column("revisions", sa.Column("withdrawn", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("revisions") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("withdrawn")
