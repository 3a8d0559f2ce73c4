"""The store's tables, as SQLAlchemy Core (the migrations in ./migrations create them; this module reads them).

Two tables hold the figures: ``loads`` (one row per month file loaded: its name, the sha256 of its bytes,
who loaded it and when) and ``revisions`` (one row per figure a load added or changed). Nothing is ever
updated or deleted: a figure's history is its revisions in ``id`` order, and a withdrawal is a revision too
(``withdrawn``). ``writer_lock`` has one row that
every load locks first, so loads happen one after another (see loading.py).
"""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, DateTime, Double, ForeignKey, Index, Integer, MetaData, String, Table,
                        UniqueConstraint, false)

metadata = MetaData()

loads = Table(
    "loads", metadata,
    Column("id", Integer, primary_key=True),
    Column("file_name", String(255), nullable=False),  # the name only: another analyst's path means nothing
    Column("file_digest", String(64), nullable=False),  # sha256 of the file's bytes, hex
    Column("loader", String(128), nullable=False),  # the OS user (SQLite) or the database role (PostgreSQL)
    Column("loaded_at", DateTime(timezone=True), nullable=False),  # UTC
    Column("figures", Integer, nullable=False),  # figures in the file
    Column("revisions", Integer, nullable=False),  # of which new or changed: the rows it added to `revisions`
    UniqueConstraint("file_digest", name="uq_loads_file_digest"),
)

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", Integer, ForeignKey("loads.id", name="fk_revisions_load"), nullable=False),
    Column("month", String(10), nullable=False),  # "YYYY-MM", or "YYYY-MM-DD" for a daily quote (migration 0003)
    Column("metal", String(2), nullable=False),
    Column("item", String(64), nullable=False),
    Column("source", String(255), nullable=False),  # month files keep at most 255 characters (monthdata/text.py)
    Column("value", Double, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("file_row", Integer, nullable=False),  # the figure's row in the loaded file, header = 1 (0: a withdrawal)
    # True: this revision withdraws the figure (migration 0002); its value is the one withdrawn
    Column("withdrawn", Boolean, nullable=False, server_default=false()),
    Index("ix_revisions_key", "month", "metal", "item", "source", "id"),
)

writer_lock = Table(
    "writer_lock", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
)
