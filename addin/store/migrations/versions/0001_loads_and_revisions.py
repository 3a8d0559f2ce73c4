"""The first schema: loads, revisions and the writer lock.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_digest", sa.String(64), nullable=False),
        sa.Column("loader", sa.String(128), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.Integer, nullable=False),
        sa.Column("revisions", sa.Integer, nullable=False),
        sa.UniqueConstraint("file_digest", name="uq_loads_file_digest"),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("load_id", sa.Integer, sa.ForeignKey("loads.id", name="fk_revisions_load"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("metal", sa.String(2), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("file_row", sa.Integer, nullable=False),
    )
    op.create_index("ix_revisions_key", "revisions", ["month", "metal", "item", "source", "id"])
    lock = op.create_table("writer_lock", sa.Column("id", sa.Integer, primary_key=True, autoincrement=False))
    op.bulk_insert(lock, [{"id": 1}])


def downgrade() -> None:
    op.drop_table("writer_lock")
    op.drop_index("ix_revisions_key", table_name="revisions")
    op.drop_table("revisions")
    op.drop_table("loads")
