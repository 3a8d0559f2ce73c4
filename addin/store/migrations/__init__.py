"""Alembic migrations of the store's schema (run by addin/store/migrate.py; no alembic.ini)."""
