"""docs/store.md followed literally on a server that asks every role but the superuser for a password.

A cluster of its own (tests/pg_cluster.py, ``passwords_for_all``: scram-sha-256 for every role but
`postgres`, on a Unix socket): psql runs the page's SQL blocks and its ``\\password`` lines (answered on
stdin, as psql reads a prompt there when there is no terminal), znnial runs the page's commands, each
person's password is in their own ~/.pgpass, as the page says. Only the host part of the page's URLs changes
(`@dbserver/` is this cluster's socket folder).

Figures: the bundled data (workbooks/data/README.md: 69 + 4 + 120 + 312 = 505 rows) and al.full_cost
2019-11 = 13,085 CNY/t (the report's §二(三)铝2).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess

import pytest

from addin.cli import main
from tests.pg_cluster import DATABASE, doc_block, find_bindir, start_cluster

pytestmark = pytest.mark.slow
PASSWORDS = {"znnial_owner": "owner-secret", "ann": "ann-secret", "bob": "bob-secret"}


@pytest.fixture(scope="module")
def server():
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed")
    cluster = start_cluster(bindir, passwords_for_all=True)
    yield cluster
    cluster.stop()


def psql(server, home, user: str, database: str, *args: str, stdin: str = "") -> str:
    """psql as ``user``, with HOME (and so ~/.pgpass) of that person, no terminal: prompts read stdin."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["HOME"] = str(home)
    done = subprocess.run([str(server.bindir / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-h", str(server.folder),
                           "-U", user, "-d", database, *args], input=stdin, capture_output=True, text=True,
                          env=env, start_new_session=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def set_passwords(server, tmp_path, block: str) -> list[str]:
    """Each ``\\password NAME`` line of the block, typed into the superuser's psql (new password twice)."""
    names = []
    for line in doc_block("psql", block).splitlines():
        command, name = line.split()
        assert command == "\\password"
        psql(server, tmp_path, "postgres", "postgres", "-c", line, stdin=f"{PASSWORDS[name]}\n{PASSWORDS[name]}\n")
        names.append(name)
    return names


def pgpass(server, home, role: str, database: str = DATABASE) -> None:
    """The line docs/store.md gives (`dbserver:5432:znnial:ann:the-password`), for this cluster: a socket in
    a folder other than libpq's default is matched by that folder's path (PostgreSQL manual, "The Password
    File")."""
    home.mkdir(exist_ok=True)
    path = home / ".pgpass"
    path.write_text(f"{server.folder}:5432:{database}:{role}:{PASSWORDS[role]}\n", encoding="utf-8")
    path.chmod(0o600)  # libpq ignores a password file others can read


def znnial(server, line: str, monkeypatch, home) -> int:
    """One command of the page, with this cluster in place of `dbserver`, run as the person whose HOME it is."""
    words = shlex.split(re.sub(r"@dbserver/(\w+)", rf"@/\1?host={server.folder}", line))
    assert words[0] == "znnial"
    for name in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    return main(words[1:])


def test_the_page_followed_literally_on_a_password_server(server, tmp_path, monkeypatch, capsys):
    owner, ann, bob = tmp_path / "owner", tmp_path / "ann", tmp_path / "bob"
    sql = tmp_path / "step.sql"
    # 1. the superuser's SQL, then the owner's password
    sql.write_text(doc_block("sql", "superuser"), encoding="utf-8")
    psql(server, tmp_path, "postgres", "postgres", "-f", str(sql))
    assert set_passwords(server, tmp_path, "owner-password") == ["znnial_owner"]
    # 2. the owner, password in ~/.pgpass: init-store, then the grants in psql
    [init_store] = doc_block("cli", "owner").strip().splitlines()
    assert znnial(server, init_store, monkeypatch, owner) == 2  # before the password file: refused, one line
    assert "password" in capsys.readouterr().err
    pgpass(server, owner, "znnial_owner")
    assert znnial(server, init_store, monkeypatch, owner) == 0
    assert "schema at revision" in capsys.readouterr().out
    sql.write_text(doc_block("sql", "owner"), encoding="utf-8")
    psql(server, owner, "znnial_owner", DATABASE, "-f", str(sql))
    # 3. the analysts and their passwords
    sql.write_text(doc_block("sql", "people"), encoding="utf-8")
    psql(server, tmp_path, "postgres", "postgres", "-f", str(sql))
    assert set_passwords(server, tmp_path, "people-passwords") == ["ann", "bob"]
    pgpass(server, ann, "ann")
    pgpass(server, bob, "bob")
    # 4. a loader loads the bundled data in one command; a reader reads it
    [load] = doc_block("cli", "loader").strip().splitlines()
    assert znnial(server, load, monkeypatch, bob) == 0
    loaded = capsys.readouterr().out.splitlines()
    assert [int(line.split(": ")[1].split()[0]) for line in loaded] == [69, 4, 120, 312]
    reader_url = "postgresql+psycopg://ann@dbserver/znnial"
    assert znnial(server, f"znnial history al.full_cost 2019-11 --store {reader_url}", monkeypatch, ann) == 0
    history = capsys.readouterr().out.splitlines()
    assert history[0] == "al.full_cost 2019-11 (CNY/t): 1 revision" and "13085  2019-11.csv" in history[2]
    assert "by bob" in history[2]
    # a reader may not load: refused before anything is written
    assert znnial(server, load.replace("bob@", "ann@"), monkeypatch, ann) == 2
    assert "role 'ann' may not load figures" in capsys.readouterr().err


def test_history_as_the_owner_against_the_wrong_database_creates_no_tables(server, tmp_path, monkeypatch, capsys):
    # the owner role is the one the test above created, as step 1 of the page does
    psql(server, tmp_path, "postgres", "postgres", "-c", "CREATE DATABASE znnial_typo OWNER znnial_owner")
    home = tmp_path / "owner"
    pgpass(server, home, "znnial_owner", database="znnial_typo")
    url = "postgresql+psycopg://znnial_owner@dbserver/znnial_typo"
    assert znnial(server, f"znnial history al.full_cost 2019-11 --store {url}", monkeypatch, home) == 2
    assert "has no znnial tables" in capsys.readouterr().err
    tables = psql(server, tmp_path, "postgres", "znnial_typo", "-At", "-c",
                  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    assert tables.strip() == "0"
