"""Every refusal of issue 19 through the real command line (addin.cli.main): one message naming the file and
what to do, exit status 2, no traceback, and every file byte-identical."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from addin.cli import main as cli
from addin.progress import counted, end_progress_line, progress_for
from workbooks.build import TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "workbooks" / "data"
DECEMBER = DATA / "months" / "2019-12.csv"
PRICES = sorted((DATA / "prices").glob("*.csv"))
USERS_WORK = b"a workbook the user edited"  # refused before it is read: its bytes must stay

# (command line with {tmp} for the test's folder, words the message must hold)
REFUSALS = [
    (["export", "--values", "{tmp}/missing.xlsm", "{tmp}/copy.xlsx"], "missing.xlsm: no such workbook"),
    (["export", "--values", "{tmp}/desk.xlsm", "{tmp}/no-such-folder/copy.xlsx"],
     "the folder {tmp}/no-such-folder does not exist"),
    (["export", "--values", "{tmp}/desk.xlsm", "{tmp}/desk.xlsm"], "is the workbook being copied"),
    (["export", "--values", "{tmp}/desk.xlsm", "{tmp}/copy.xlsm"], "a values copy holds no macros (.xlsx); name it copy.xlsx"),
    (["export", "--values", "{tmp}/desk.xlsm", "{tmp}/kept.xlsx"], "kept.xlsx exists and may hold your work"),
    (["build", "--out", "{tmp}/no-such-folder/new.xlsm"], "the folder {tmp}/no-such-folder does not exist"),
    (["build", "--out", "{tmp}/desk.xlsm"], "desk.xlsm exists and may hold your work"),
    (["build", "--out", "{tmp}/new.xlsx"], "holds macros (Excel opens it only as .xlsm); name it new.xlsm"),
    (["build", *map(str, PRICES), "--out", "{tmp}/new.xlsm"], "no survey figures"),
    (["build", "--template", "--out", "{tmp}/new.xlsm"], "--template builds the package's template"),
    (["refresh", "{tmp}/book.xlsx", str(DECEMBER)], "book.xlsx: a refresh writes a macro-enabled workbook"),
    (["refresh", "{tmp}/missing.xlsm", str(DECEMBER)], "missing.xlsm: no such workbook"),
    (["refresh", "{tmp}", str(DECEMBER)], "{tmp}: is a folder, not a workbook"),
    (["export", "--values", "{tmp}/desk.xlsm", "{tmp}"], "{tmp}: is a folder; name the file to write in it"),
    (["build", "--out", "{tmp}"], "{tmp}: is a folder; name the file to write in it"),
    (["refresh", "{tmp}/desk.xlsm", str(DECEMBER)], "desk.xlsm: cannot be read as a workbook"),
]


@pytest.mark.parametrize(("argv", "says"), REFUSALS, ids=[" ".join(a[:2]) + f" ({s[:24]})" for a, s in REFUSALS])
def test_each_refusal_is_one_line_and_changes_nothing(tmp_path, capsys, argv, says):
    for name in ("desk.xlsm", "kept.xlsx", "book.xlsx"):
        (tmp_path / name).write_bytes(USERS_WORK)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    template = TEMPLATE.read_bytes()
    assert cli([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    out, err = capsys.readouterr()
    # one message (a month file's lists its problems one per line below its head), and nothing else
    assert err.startswith("znnial: ") and err.count("znnial: ") == 1 and "Traceback" not in err, err
    assert says.replace("{tmp}", str(tmp_path)) in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written, nothing replaced
    assert TEMPLATE.read_bytes() == template


@pytest.mark.slow  # builds two workbooks
def test_build_force_keeps_the_old_workbook_and_build_never_defaults_to_the_package(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = TEMPLATE.read_bytes()
    assert cli(["build"]) == 0  # no --out: znnial.xlsm in the current folder, not the package's template
    assert (tmp_path / "znnial.xlsm").read_bytes() == template  # the bundled data, as the template holds it
    (tmp_path / "znnial.xlsm").write_bytes(USERS_WORK)
    assert cli(["build", "--force"]) == 0
    assert (tmp_path / "znnial.xlsm.bak").read_bytes() == USERS_WORK
    assert (tmp_path / "znnial.xlsm").read_bytes() == template
    assert "the previous one kept as znnial.xlsm.bak" in capsys.readouterr().out


@pytest.mark.slow  # two whole runs
def test_make_run_twice_keeps_the_users_edit(tmp_path, capsys, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    assert cli(["run"]) == 0
    first = capsys.readouterr().out
    built = tmp_path / "out" / "znnial.xlsm"
    # the bundled December adds four figures (report Table 1: alumina 572, primary 305, zinc 53.81, nickel 1.61)
    assert "4 figures added, 0 replaced" in first and "identical to the committed template" in first
    assert first.rstrip().endswith(f"Open {built.resolve()} in Excel (first use: docs/windows.md).")
    # the unit and the source on each added line, as the bundled December file gives them
    assert ("added   2019-12 al.alumina_output = 572 10kt  (倍特期货《2019年报·锌镍铝》(2019-12-20) §二(一) 产量调研; "
            "SMM December estimate)") in first
    book = openpyxl.load_workbook(built, keep_vba=True)
    book["说明 Guide"]["H40"] = "my note"  # a note beside the tables, which a rebuild would lose
    book.save(built)
    edited = built.read_bytes()
    assert cli(["run"]) == 0
    second = capsys.readouterr().out
    assert "exists: refreshing it (your edits are kept" in second and "0 figures added" in second
    assert (tmp_path / "out" / "znnial.xlsm.bak").read_bytes() == edited and "your edits kept: 1" in second
    assert openpyxl.load_workbook(built)["说明 Guide"]["H40"].value == "my note"


def test_counts_are_in_plain_words():
    assert [counted(n, "figure") for n in (0, 1, 2)] == ["0 figures", "1 figure", "2 figures"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_only_on_a_terminal_and_an_error_starts_its_own_line():
    assert progress_for(io.StringIO()) is None  # a file or a pipe: no bar
    terminal = _Terminal()
    progress_for(terminal)(1, 4, "reading desk.xlsm")
    end_progress_line(terminal)  # a failure after step 1 of 4
    terminal.write("znnial: the message\n")
    assert terminal.getvalue().splitlines()[-1] == "znnial: the message"
    end_progress_line(terminal)  # nothing open: nothing written
    assert terminal.getvalue().endswith("the message\n")
