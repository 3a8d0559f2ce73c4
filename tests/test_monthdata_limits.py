"""Size limits, zip bombs, encodings and file types the reader refuses."""

import io
import zipfile

import pytest

from workbooks.monthdata import MonthFileError, read_month_file
from workbooks.monthdata import file_cells

GOOD = "month,metal,item,value,unit,source\n2019-11,al,full_cost,13085,CNY/t,SMM\n"


def one_problem(path) -> str:
    with pytest.raises(MonthFileError) as err:
        read_month_file(path)
    (p,) = err.value.problems
    assert path.name in str(err.value)
    return p.message


def test_csv_over_20_mb_is_refused(tmp_path, monkeypatch):
    assert file_cells.MAX_CSV_BYTES == 20 * 1024 * 1024
    monkeypatch.setattr(file_cells, "MAX_CSV_BYTES", 1000)
    p = tmp_path / "big.csv"
    p.write_text(GOOD + "#" * 2000, encoding="utf-8")
    msg = one_problem(p)
    assert "limit" in msg and "MB" in msg


def _xlsx_bytes() -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, line in enumerate(GOOD.strip().splitlines()):
        for c, cell in enumerate(line.split(",")):
            ws.write(r, c, float(cell) if cell.isdigit() and c == 3 else cell)
    wb.close()
    return buf.getvalue()


def test_plain_xlsx_reads(tmp_path):
    p = tmp_path / "ok.xlsx"
    p.write_bytes(_xlsx_bytes())
    (o,) = read_month_file(p)
    assert (o.month, o.item, o.value) == ("2019-11", "full_cost", 13085.0)  # FIGURES.md Table 4


def _with_padding(size: int) -> bytes:
    """A valid xlsx plus one extra member of `size` zero bytes (compresses ~1000:1)."""
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("xl/media/padding.bin", b"\0" * size)
    return buf.getvalue()


def test_zip_bomb_ratio_is_refused(tmp_path):
    assert file_cells.MAX_XLSX_RATIO == 100
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(_with_padding(5 * 1024 * 1024))  # 5 MB of zeros in ~5 KB
    msg = one_problem(p)
    assert "compression ratio" in msg and "zip bomb" in msg


def test_uncompressed_size_over_limit_is_refused(tmp_path, monkeypatch):
    assert file_cells.MAX_XLSX_UNCOMPRESSED == 50 * 1024 * 1024
    monkeypatch.setattr(file_cells, "MAX_XLSX_UNCOMPRESSED", 200_000)
    monkeypatch.setattr(file_cells, "MAX_XLSX_RATIO", 10**9)  # isolate the size rule
    p = tmp_path / "huge.xlsx"
    p.write_bytes(_with_padding(300_000))
    assert "uncompressed size exceeds" in one_problem(p)


def test_zip_whose_header_understates_its_size_is_measured_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cells, "MAX_XLSX_UNCOMPRESSED", 200_000)
    monkeypatch.setattr(file_cells, "MAX_XLSX_RATIO", 10**9)
    data = bytearray(_with_padding(300_000))
    # Declare the padding member's uncompressed size as 10 bytes, in its local header and central directory entry.
    name = b"xl/media/padding.bin"
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    data[info.header_offset + 22:info.header_offset + 26] = (10).to_bytes(4, "little")
    central = bytes(data).rfind(name) - 46
    assert data[central:central + 4] == b"PK\x01\x02"
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    p = tmp_path / "liar.xlsx"
    p.write_bytes(bytes(data))
    msg = one_problem(p)
    assert "exceeds" in msg or "damaged" in msg  # refused either way, never handed to calamine


@pytest.mark.parametrize("name,content,expect", [
    ("notzip.xlsx", b"month,metal\n", "not an XLSX file"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "unsupported file type"),
    ("data.json", b"{}", "unsupported file type"),
    ("utf16.csv", GOOD.encode("utf-16"), "UTF-16"),
    ("binary.csv", b"month\x00metal", "NUL"),
])
def test_refused_file_types(tmp_path, name, content, expect):
    p = tmp_path / name
    p.write_bytes(content)
    assert expect in one_problem(p)


def test_missing_file(tmp_path):
    assert "not found" in one_problem(tmp_path / "nope.csv")


def test_gb18030_fallback_only_when_not_utf8():
    # "元/吨" in GBK is not valid UTF-8 -> GB18030; the same text in UTF-8 stays UTF-8.
    assert file_cells.decode_csv("元/吨".encode("gbk"), "x.csv") == "元/吨"
    assert file_cells.decode_csv("\ufeff元/吨".encode("utf-8"), "x.csv") == "元/吨"
