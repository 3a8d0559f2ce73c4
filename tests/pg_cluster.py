"""A real PostgreSQL server for the store tests, and the desk set up on it exactly as docs/store.md says.

`ZNNIAL_TEST_PG_URL` names a superuser URL of a throwaway server (CI may provide one); without it
`start_cluster` runs initdb and pg_ctl from the installed PostgreSQL in a temporary folder, listening only on
a Unix socket in that folder (listen_addresses=''), as the `postgres` user when we are root (initdb refuses
root). `Desk` runs the SQL blocks of docs/store.md — the superuser's, `znnial init-store` as the owner, the
owner's grants, the analysts — so the page's instructions are what the tests exercise.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "store.md"
ENV_URL = "ZNNIAL_TEST_PG_URL"
DATABASE = "znnial"
OWNER, READER, LOADER = "znnial_owner", "ann", "bob"  # as docs/store.md names them
WITH_PASSWORD = "carol"  # the one role our own cluster makes give a password (scram-sha-256); others: trust
GROUPS = ("znnial_readers", "znnial_loaders")
INSTALL = "PostgreSQL is not installed: `apt-get install postgresql` (Debian), or set ZNNIAL_TEST_PG_URL"


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps initdb off PATH), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


@dataclass
class Cluster:
    folder: Path
    bindir: Path
    as_postgres: list[str]

    @property
    def url(self) -> URL:
        return URL.create("postgresql+psycopg", username="postgres", database="postgres",
                          query={"host": str(self.folder)})

    def stop(self) -> None:
        subprocess.run([*self.as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w", "stop"], check=False, capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(bindir: Path, passwords_for_all: bool = False) -> Cluster:
    """A throwaway cluster on a Unix socket in a temporary folder. ``passwords_for_all``: every role but the
    superuser `postgres` must give a password (scram-sha-256), as on a desk's server; else only WITH_PASSWORD."""
    folder = Path(tempfile.mkdtemp(prefix="znnial-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(folder, bindir, as_postgres)
    try:
        subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
                        "--auth=trust", "--encoding=UTF8", "--no-locale"], check=True, capture_output=True)
        hba = folder / "data" / "pg_hba.conf"
        # pg_hba.conf: the first line that matches decides (PostgreSQL manual, "The pg_hba.conf File")
        rules = ("local all postgres trust\nlocal all all scram-sha-256\n" if passwords_for_all
                 else f"local all {WITH_PASSWORD} scram-sha-256\n")
        hba.write_text(rules + hba.read_text(encoding="utf-8"), encoding="utf-8")
        # No TCP at all; fsync off: the tests kill clients, never this throwaway server.
        options = f"-c listen_addresses='' -k {folder} -c fsync=off -c max_connections=40"
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l",
                        str(folder / "server.log"), "-o", options, "-w", "start"], check=True, capture_output=True)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def doc_block(kind: str, block: str) -> str:
    """The text of one ``<!-- store-KIND:BLOCK -->`` fenced block of docs/store.md (KIND: sql, psql, cli)."""
    found = re.search(rf"<!-- store-{kind}:{block} -->\n```[a-z]*\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    if found is None:
        raise AssertionError(f"docs/store.md has no store-{kind}:{block} block")
    return found.group(1)


def doc_sql(block: str) -> list[str]:
    """The statements of one ``<!-- store-sql:BLOCK -->`` fenced block of docs/store.md."""
    found = re.search(rf"<!-- store-sql:{block} -->\n```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    if found is None:
        raise AssertionError(f"docs/store.md has no store-sql:{block} block")
    body = "\n".join(line.split("--")[0] for line in found.group(1).splitlines())
    return [s.strip() for s in body.split(";") if s.strip()]


def run_sql(url: URL, statements: list[str]) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")  # CREATE DATABASE runs outside a transaction
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


@dataclass
class Desk:
    superuser: URL
    checks_passwords: bool = False  # our own cluster: WITH_PASSWORD must give one

    def url(self, role: str) -> str:
        return self.superuser.set(username=role, database=DATABASE, password=None).render_as_string(
            hide_password=False)

    @property
    def owner(self) -> str:
        return self.url(OWNER)

    @property
    def reader(self) -> str:
        return self.url(READER)

    @property
    def loader(self) -> str:
        return self.url(LOADER)

    def set_up(self) -> None:
        from addin.store import open_store

        self.tear_down()  # what an interrupted earlier run on the same server left
        run_sql(self.superuser, doc_sql("superuser"))
        open_store(self.owner).close()  # `znnial init-store` as the owner
        run_sql(make_url(self.owner), doc_sql("owner"))
        run_sql(self.superuser, doc_sql("people"))

    def tear_down(self) -> None:
        run_sql(self.superuser, [f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
                                 *(f"DROP ROLE IF EXISTS {r}" for r in (READER, LOADER, WITH_PASSWORD, *GROUPS, OWNER))])

    def empty(self) -> None:
        """Remove every load (as the owner: znnial's roles cannot), so each test starts from nothing."""
        run_sql(make_url(self.owner), ["DELETE FROM revisions", "DELETE FROM loads"])

    def backends(self, role: str) -> list[int]:
        engine = create_engine(self.superuser)
        try:
            with engine.connect() as connection:
                return list(connection.execute(text(
                    "SELECT pid FROM pg_stat_activity WHERE usename = :role AND datname = :db"),
                    {"role": role, "db": DATABASE}).scalars())
        finally:
            engine.dispose()

    def terminate(self, pid: int) -> bool:
        engine = create_engine(self.superuser)
        try:
            with engine.connect() as connection:
                return bool(connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}))
        finally:
            engine.dispose()
