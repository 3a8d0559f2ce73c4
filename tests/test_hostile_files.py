"""Hostile and broken month files through the headless refresh.

Each file in tests/fixtures/hostile/ (made by make_hostile.py there), plus big
ones generated here in a temporary folder, is refreshed into a copy of the
template: a broken or hostile file gives a clear message naming the file and
leaves the workbook byte-identical with no backup or temporary file written;
text that looks like a formula is stored as text, which the test proves by
reading the written workbook back.
"""

from __future__ import annotations

import collections
import contextlib
import importlib.util
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin import cli
from addin.refresh import refresh
from tests.reliability_report import count
from workbooks.build import TEMPLATE
from workbooks.monthdata import MonthFileError, file_cells, safe_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
MONTHS = ROOT / "workbooks" / "data" / "months"


def _maker():
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_hostile = _maker()


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "book" / "znnial.xlsm"
    path.parent.mkdir()
    shutil.copyfile(TEMPLATE, path)
    return path


def refused_by_cli(workbook: Path, month_file: Path, capsys) -> str:
    """Run `znnial refresh` in-process; check it refused with exit code 2 and nothing written."""
    before = workbook.read_bytes()
    status = cli.main(["refresh", str(workbook), str(month_file)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    message = err.rsplit("znnial: ", 1)[-1]
    assert month_file.name in message, message  # the message names the file
    assert workbook.read_bytes() == before
    assert sorted(p.name for p in workbook.parent.iterdir()) == [workbook.name], "a backup or temp file was written"
    return message


# --------------------------------------------------------------------------- refused, workbook untouched

REFUSED = [
    ("empty.csv", "no observations (the file is empty)"),
    ("blank_lines.csv", "no observations (the file is empty)"),
    ("header_only.csv", "no observations (only a header row)"),
    ("wrong_headers.csv", "missing required columns month, metal, item, value, unit, source"),
    ("bom_then_gbk.csv", "mixed encodings: line 1 is UTF-8 but line 2 is not"),
    ("mixed_encodings.csv", "mixed encodings: line 2 is UTF-8 but line 3 is not"),
    ("utf16.csv", "file is UTF-16"),
    ("nul_bytes.csv", "file contains NUL bytes"),
    ("binary_garbage.csv", "neither UTF-8 nor GBK"),
    ("formula_cells.csv", "7 problems"),
    ("entity_bomb.xlsx", "declares a DTD or XML entities"),
    ("external_entity.xlsx", "declares a DTD or XML entities"),
    ("zip_bomb.xlsx", "looks like a zip bomb"),
    ("far_cell.xlsx", "spans 1,048,576 rows × 16,384 columns"),
    ("not_a_zip.xlsx", "not an XLSX file"),
    ("truncated.xlsx", "not an XLSX file"),
]


@pytest.mark.parametrize(("name", "message"), REFUSED, ids=[n for n, _ in REFUSED])
@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_broken_file_is_refused_and_the_workbook_is_untouched(workbook, capsys, name, message):
    got = refused_by_cli(workbook, HOSTILE / name, capsys)
    assert message in got, got
    count("month files", "hostile or broken file (fixture)", "refused with a message, workbook byte-identical")


def test_formula_cells_are_refused_row_by_row(workbook):
    with pytest.raises(MonthFileError) as error:
        refresh(workbook, [HOSTILE / "formula_cells.csv"])
    rows = sorted(p.row for p in error.value.problems)
    assert rows == [2, 3, 4, 5, 6, 7, 8]  # row 9's tab and CR around "18000" and "CNY/t" are whitespace
    assert all(p.row is not None for p in error.value.problems)


_WATCHED: collections.Counter = collections.Counter()  # path -> times Python opened it while watched


def _count_opens(event: str, args: tuple) -> None:
    # Python's "open" audit event: builtin open, io.open and os.open all raise it (sys.addaudithook).
    if event == "open" and _WATCHED and isinstance(args[0], (str, bytes, os.PathLike)):
        path = Path(os.fsdecode(args[0])).absolute()
        if path in _WATCHED:
            _WATCHED[path] += 1


sys.addaudithook(_count_opens)  # an audit hook cannot be removed; it counts nothing while nothing is watched


@contextlib.contextmanager
def opens_counted(path: Path):
    """Count every time Python opens `path` inside the block (the counter, keyed by `path`)."""
    path = path.absolute()
    _WATCHED[path] = 0
    opened = collections.Counter()
    try:
        yield opened
    finally:
        opened[path] = _WATCHED.pop(path)


def _sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with open(path, "wb") as out:
        out.write(head)
        out.truncate(size)  # a hole: 100 MB long, next to nothing on disk
    return path


@pytest.mark.parametrize(("suffix", "limit"), [(".csv", "the limit is 20 MB"), (".xlsx", "the limit is 50 MB")])
def test_100_mb_file_is_refused_before_it_is_read(workbook, tmp_path, monkeypatch, capsys, suffix, limit):
    big = _sparse(tmp_path / f"big{suffix}", 100 * 1024 * 1024, b"month,metal,item,value,unit,source\n")

    def no_reading(*args, **kwargs):
        raise AssertionError("the reader opened a file it should have refused by its size")

    monkeypatch.setattr(file_cells, "open", no_reading, raising=False)
    with opens_counted(big) as opened:
        message = refused_by_cli(workbook, big, capsys)
    assert limit in message and "104.9 MB" in message, message
    assert opened[big] == 0  # refused by its size alone: not opened by any reader, so not one byte read
    count("month files", "100 MB file (sparse, CSV and XLSX)", "refused by its size before reading")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("million_lines.csv", b"month,metal,item,value,unit,source\n" + b"\n" * 1_100_000, "the limit is 1,000,000"),
    ("million_commas.csv", b"month,metal,item,value,unit,source\n" + b"," * 1_100_000, "the limit is 1,000,000"),
    ("huge_field.csv", b"month,metal,item,value,unit,source\n2019-12,zn,tc_domestic,5500,CNY/t,"
     + b"S" * 200_000 + b"\n", "field larger than field limit"),
    ("open_quote.csv", b"month,metal,item,value,unit,source\n\"" + b"a" * 200_000, "field larger than field limit"),
])
def test_files_that_would_blow_up_memory(workbook, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    got = refused_by_cli(workbook, path, capsys)
    assert message in got, got
    count("month files", "memory blow-up within the size limit (generated)", "refused with a message")


@pytest.mark.slow
def test_far_cell_in_a_memory_limited_process(tmp_path):
    """Before the check, calamine tried to allocate 550 GB for this 5 KB file and aborted Python."""
    book = tmp_path / "znnial.xlsm"
    shutil.copyfile(TEMPLATE, book)

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "addin.cli", "refresh", str(book), str(HOSTILE / "far_cell.xlsx")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, preexec_fn=limit_memory)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "spans 1,048,576 rows" in done.stderr
    assert book.read_bytes() == TEMPLATE.read_bytes()


# --------------------------------------------------------------------------- accepted: text stays text

MARK = "zzmark"


def _formula_texts(path: Path) -> list[str]:
    """Every <f> of every sheet of the written file, as raw XML text."""
    with zipfile.ZipFile(path) as book:
        return [f for name in book.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f[^>]*>(.*?)</f>", book.read(name).decode("utf-8"), re.S)]


def _up_to_data_rows(formulas: list[str]) -> set[str]:
    """The formulas with each reference to a row of the Data sheet's value column written as one row."""
    from workbooks.sheets.data import SHEET as DATA

    reference = re.compile(re.escape(f"'{DATA}'!") + r"\$D\$\d+")
    return {reference.sub(f"'{DATA}'!$D$<row>", f) for f in formulas}


@pytest.mark.slow
def test_formula_like_text_is_stored_as_text(workbook):
    before_formulas = _formula_texts(workbook)
    files = [HOSTILE / "formula_sources.csv", HOSTILE / "formula_cells.xlsx"]
    result = refresh(workbook, files)
    assert len(result.added) == 11  # ten CSV rows, and the XLSX's formula cells as their cached values
    assert ("tc_domestic", 5500.0, "zzmarkf") in [(c.item, c.new_value, c.source) for c in result.added]
    expected = {safe_text(s).strip() for s in make_hostile.FORMULA_SOURCES} | {"zzmarkf"}
    assert openpyxl.xml.DEFUSEDXML, "openpyxl must parse the written workbook through defusedxml"
    book = openpyxl.load_workbook(workbook)  # formulas as formulas, not cached values
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and MARK in cell.value:
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value, cell.data_type)
                    found.add(cell.value)
    assert found == expected  # one line each, no tab or CR, at most 255 characters
    # no formula of the written file comes from a month file
    after_formulas = _formula_texts(workbook)
    assert not [f for f in after_formulas if MARK in f or "5000+500" in f]
    # the new figures' cells on the report sheets read their rows of the Data sheet (issue 19 item 3), and rows
    # added there move others: equal up to the Data row a reference names, no formula of another kind
    assert _up_to_data_rows(after_formulas) == _up_to_data_rows(before_formulas)
    count("month files", "text starting with = + - @ tab CR (CSV sources, XLSX formulas)",
          "stored as text: read back as string cells, no formula added", len(expected))


@pytest.mark.slow
def test_tab_in_a_source_does_not_block_the_next_refresh(workbook):
    """The Data sheet kept "SMM zzmark9" while the layout note kept the tab: the next refresh refused."""
    refresh(workbook, [HOSTILE / "formula_sources.csv"])
    again = refresh(workbook, [MONTHS / "2019-12.csv"])
    assert again.changes == []
    count("month files", "refresh again after hostile text was stored", "accepted: the workbook stays refreshable")


def test_bom_file_is_read(workbook):
    result = refresh(workbook, [HOSTILE / "bom_utf8.csv"])
    assert [(c.item, c.new_value, c.source) for c in result.added] == [("tc_domestic", 5500.0, "上海有色网")]


# --------------------------------------------------------------------------- the fixtures


@pytest.mark.slow
def test_fixtures_are_what_the_script_makes():
    for name, data in make_hostile.all_files().items():
        committed = (HOSTILE / name).read_bytes()
        if name.endswith(".xlsx") and data[:2] == b"PK" and committed[:2] == b"PK":
            try:
                fresh, kept = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(committed))
                assert {i.filename: fresh.read(i) for i in fresh.infolist()} == \
                       {i.filename: kept.read(i) for i in kept.infolist()}, name
                continue
            except zipfile.BadZipFile:
                pass
        assert committed == data, name
    listed = {p.name for p in HOSTILE.iterdir() if p.suffix in (".csv", ".xlsx")}
    assert listed == set(make_hostile.all_files())
    assert max(p.stat().st_size for p in HOSTILE.iterdir()) < 64 * 1024
