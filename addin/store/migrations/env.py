"""Alembic's environment: runs on the connection addin/store/migrate.py hands over (never offline)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
