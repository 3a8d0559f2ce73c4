"""The VBA project we write (workbooks/vba_project, workbooks/vba.py), checked by readers that are not ours.

olefile reads the compound file, oletools' olevba reads every module's source; xlwings' own project (the
installed package's quickstart_standalone.xlsm) and an Excel-saved one (tests/fixtures/xlsxwriter/macro01.xlsm)
are the references for the bytes and the structure. LibreOffice's reading is in tests/test_vba_libreoffice.py.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import decompress_stream

from tests.excel_eval import TEMPLATE
from tests.vba_readers import olevba_modules
from tests.test_vba_names import generated, xlwings_udfs  # noqa: F401  (fixtures: xlwings' own generator)
from udfs.catalogue import BY_NAME, FUNCTIONS
from workbooks import vba, vba_wrappers
from workbooks.vba_project import records as R
from workbooks.vba_project.cfb import Storage, compound_file
from workbooks.vba_project.compression import compress
from workbooks.vba_project.project import read_storage

EXCEL_SAVED = Path(__file__).parent / "fixtures" / "xlsxwriter" / "macro01.xlsm"
with zipfile.ZipFile(TEMPLATE) as _book:  # the template's sheets: the 14 of docs/screenshots and xlwings.conf
    SHEETS = _book.read("xl/workbook.xml").decode("utf-8").count("<sheet ")


def excel_project() -> bytes:
    with zipfile.ZipFile(EXCEL_SAVED) as book:
        return book.read(vba.MEMBER)


def streams(project: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(project), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    finally:
        ole.close()


def dir_records(project: bytes) -> list[tuple[int, bytes]]:
    return R.parse(bytes(decompress_stream(bytearray(streams(project)["VBA/dir"]))))


# --------------------------------------------------------------------------- MS-OVBA 2.4.1 compression


def test_compression_gives_xlwings_shipped_streams_back():
    # xlwings' dir stream (1,273 bytes) and xlwings module (19,531 bytes, source only) were compressed by a
    # tool following MS-OVBA 2.4.1; decompressing and compressing again must give the very same bytes.
    shipped = streams(vba.xlwings_vba_project())
    for name in ("VBA/dir", "VBA/xlwings"):
        assert compress(bytes(decompress_stream(bytearray(shipped[name])))) == shipped[name], name
    assert len(shipped["VBA/xlwings"]) == 19531


def test_compression_is_read_back_by_oletools():
    excel = streams(excel_project())
    plain = bytes(decompress_stream(bytearray(excel["VBA/dir"])))
    assert bytes(decompress_stream(bytearray(compress(plain)))) == plain
    # Excel's own matcher finds fewer matches: its dir stream is 560 bytes, ours 533 — both valid containers
    assert (len(excel["VBA/dir"]), len(compress(plain))) == (560, 533)
    incompressible = os.urandom(5000)  # a raw chunk (2.4.1.3.10): flag 0, 4096 bytes padded with zeros
    packed = compress(incompressible)
    assert packed[0] == 1 and struct.unpack_from("<H", packed, 1)[0] == 0x3FFF
    assert bytes(decompress_stream(bytearray(packed)))[:5000] == incompressible


def test_dir_records_read_and_write_back_byte_for_byte():
    # 2.3.4.2: every record Id/Size/Data, but PROJECTVERSION (Reserved 4, then 6 bytes); both real projects
    for project in (excel_project(), vba.xlwings_vba_project()):
        plain = bytes(decompress_stream(bytearray(streams(project)["VBA/dir"])))
        records = R.parse(plain)
        assert R.serialize(records) == plain
        assert len(dict(records)[R.PROJECTVERSION]) == 6 and b"\x09\x00\x04\x00\x00\x00" in plain
        assert R.codec(records) == "cp1252"  # PROJECTCODEPAGE 1252 in both
    assert [name for name in R.module_spans(dir_records(excel_project()))] == [b"Module1", b"ThisWorkbook", b"Sheet1"]


# --------------------------------------------------------------------------- MS-CFB container


def test_container_of_xlwings_streams_reads_back_identically():
    shipped = vba.xlwings_vba_project()
    rebuilt = compound_file(read_storage(shipped))
    assert streams(rebuilt) == streams(shipped)
    assert len(rebuilt) == len(shipped) == 54272  # 106 sectors of 512 bytes, like the tool xlwings used


def test_container_sorts_siblings_and_keeps_big_streams_out_of_the_mini_stream():
    root = Storage(streams={"b": b"x" * 5000, "A": b"small", "aa": b""},
                   storages={"Z": Storage(streams={"inner": b"y" * 100}, clsid=bytes(range(16)))})
    data = compound_file(root)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.openstream("b").read() == b"x" * 5000 and ole.openstream("Z/inner").read() == b"y" * 100
    assert ole.openstream("aa").read() == b"" and ole.openstream("A").read() == b"small"
    assert ole.getclsid("Z") == "03020100-0504-0706-0809-0A0B0C0D0E0F"  # little-endian GUID of bytes 0..15
    assert ole.get_size("b") == 5000 and ole.root.size == 192  # 64-byte mini sectors: 1 for "small", 2 for 100 × y


# --------------------------------------------------------------------------- the template's project


@pytest.fixture(scope="module")
def template_project() -> bytes:
    return vba.template_vba_project(SHEETS)


def test_xlwings_modules_are_byte_identical(template_project):
    ours, theirs = olevba_modules(template_project), olevba_modules(vba.xlwings_vba_project())
    assert sorted(theirs) == ["Dictionary.cls", "Module1.bas", "Sheet1.cls", "Sheet2.cls", "ThisWorkbook.cls",
                              "xlwings.bas"]
    for name, source in theirs.items():
        assert ours[name] == source, name
    shipped, written = streams(vba.xlwings_vba_project()), streams(template_project)
    for name in ("xlwings", "Dictionary", "Module1", "ThisWorkbook", "Sheet1", "Sheet2"):
        assert written[f"VBA/{name}"] == shipped[f"VBA/{name}"], name  # carried verbatim


def test_wrappers_module_is_what_import_functions_writes(template_project, generated):
    _, xlwings_text = generated  # xlwings' generate_vba_wrapper over the decorated udfs module
    expected = vba_wrappers.HEADER + xlwings_text  # import_udfs' three header lines, then the wrappers
    assert vba_wrappers.module_source(with_descriptions=False) == expected.replace("\n", "\r\n")
    source = olevba_modules(template_project)["xlwings_udfs.bas"]
    without = re.sub(r"^Attribute \w+\.VB_(Description|ProcData\.VB_Invoke_Func) = .*\r\n", "", source,
                     flags=re.MULTILINE)
    assert without == expected.replace("\n", "\r\n")


def test_each_function_has_its_wizard_description(template_project):
    source = olevba_modules(template_project)["xlwings_udfs.bas"]
    found = dict(re.findall(r'^Function (\w+)\(.*\)\r\nAttribute \1\.VB_Description = "(.*)"\r\n', source,
                            flags=re.MULTILINE))
    assert sorted(found) == sorted(spec.name for spec in FUNCTIONS)
    # a description Windows-1252 can hold (× included) is kept whole; other signs and Chinese glosses are
    # spelt as declared in workbooks/vba_wrappers.py
    for spec in FUNCTIONS:
        if spec.description.encode("cp1252", "ignore").decode("cp1252") == spec.description:
            assert found[spec.name] == spec.description, spec.name
    assert found["zn_cost_support"].endswith("chain P - mine profit - smelter profit.")  # was "P − mine profit"
    assert found["spread_structure"] == "Term structure of a near/far pair: contango, flat or backwardation."
    assert found["basis_change"] == ("Basis change, CNY/t: basis_close - basis_open; positive is a "
                                     "strengthening basis.")
    assert all(len(text) <= 255 for text in found.values())


def test_description_without_a_windows_1252_form_is_an_error():
    odd = dataclasses.replace(BY_NAME["zn_cost_support"], description="Cost ≈ support")
    with pytest.raises(ValueError, match=r"zn_cost_support: description character '≈'"):
        vba_wrappers.description_attribute(odd)


def test_description_with_a_backslash_is_an_error():
    odd = dataclasses.replace(BY_NAME["zn_cost_support"], description=r"cost\support")
    with pytest.raises(ValueError, match=r"zn_cost_support: description holds a backslash"):
        vba_wrappers.description_attribute(odd)


def test_every_sheet_has_a_document_module_named_as_its_code_name(template_project):
    modules = olevba_modules(template_project)
    for index in range(SHEETS):
        name = f"Sheet{index + 1}"
        assert modules[f"{name}.cls"] == vba.SHEET_MODULE.format(name=name)
    # Excel's own Sheet1 module text is the template of the others
    assert olevba_modules(excel_project())["Sheet1.cls"] == vba.SHEET_MODULE.format(name="Sheet1")


def test_structure_follows_an_excel_saved_project(template_project):
    ours, excel = dir_records(template_project), dir_records(excel_project())
    # PROJECTINFORMATION up to the references: the same record ids in the same order (2.3.4.2.1)
    assert [i for i, _ in ours[:13]] == [i for i, _ in excel[:13]]
    module_ids = {name: [i for i, _ in ours[a:b]] for name, (a, b) in R.module_spans(ours).items()}
    excel_ids = {name: [i for i, _ in excel[a:b]] for name, (a, b) in R.module_spans(excel).items()}
    assert module_ids[b"xlwings_udfs"] == excel_ids[b"Module1"]  # a procedural module: 0x0021
    assert module_ids[b"Sheet9"] == excel_ids[b"Sheet1"]  # a document module: 0x0022
    assert (ours[-1], excel[-1]) == ((0x0010, b""), (0x0010, b""))  # the dir Terminator and its Reserved
    count = struct.unpack("<H", dict(ours)[R.PROJECTMODULES])[0]
    assert SHEETS == 15 and count == len(R.module_spans(ours)) == 6 + 13 + 1  # xlwings' 6, Sheet3..15, wrappers
    ours_streams, excel_streams = set(streams(template_project)), set(streams(excel_project()))
    assert {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"} <= ours_streams & excel_streams
    assert {s for s in ours_streams if s.startswith("VBA/") and s not in ("VBA/dir", "VBA/_VBA_PROJECT")} == \
        {f"VBA/{name.decode()}" for name in R.module_spans(ours)}  # one stream per module, no cache


def test_project_stream_lists_every_module_before_its_name(template_project):
    text = streams(template_project)["PROJECT"].decode("cp1252").split("\r\n")
    excel = streams(excel_project())["PROJECT"].decode("cp1252").split("\r\n")
    modules = text[1:text.index('Name="VBAProject"')]
    assert text[0].startswith("ID=") and excel[0].startswith("ID=")
    assert "Module=xlwings_udfs" in modules and "Document=Sheet15/&H00000000" in modules
    assert excel[1:excel.index('Name="VBAProject"')] == ["Module=Module1", "Document=ThisWorkbook/&H00000000",
                                                         "Document=Sheet1/&H00000000"]
    wm = streams(template_project)["PROJECTwm"]
    assert b"xlwings_udfs\x00" + "xlwings_udfs".encode("utf-16-le") + b"\x00\x00" in wm and wm.endswith(b"\x00\x00")


def test_vba_project_header_makes_excel_compile_from_source(template_project):
    # 2.3.4.1: Version 0xFFFF and no PerformanceCache — xlwings' shipped header; Excel's fixture has p-code
    assert streams(template_project)["VBA/_VBA_PROJECT"] == streams(vba.xlwings_vba_project())["VBA/_VBA_PROJECT"] \
        == bytes.fromhex("cc61ffff000100")
    assert len(streams(excel_project())["VBA/_VBA_PROJECT"]) == 2615
    assert struct.unpack_from("<H", streams(excel_project())["VBA/_VBA_PROJECT"], 2)[0] != 0xFFFF


def test_the_same_registry_gives_the_same_bytes(template_project):
    vba.template_vba_project.cache_clear()
    assert vba.template_vba_project(SHEETS) == template_project
    assert vba.with_wrappers(template_project, SHEETS) is template_project  # nothing to change: untouched


def test_committed_template_is_not_stale():
    with zipfile.ZipFile(TEMPLATE) as book:
        committed = book.read(vba.MEMBER)
    assert olevba_modules(committed)["xlwings_udfs.bas"] == vba_wrappers.module_source(), \
        "the catalogue changed since workbooks/znnial.xlsm was built: regenerate it (python -m addin.cli build)"


def test_workbook_code_names_match_the_document_modules():
    with zipfile.ZipFile(TEMPLATE) as book:
        workbook_xml = book.read("xl/workbook.xml").decode("utf-8")
        sheet_xml = [book.read(f"xl/worksheets/sheet{i + 1}.xml").decode("utf-8") for i in range(SHEETS)]
        project = book.read(vba.MEMBER)
    assert '<workbookPr codeName="ThisWorkbook"' in workbook_xml
    modules = olevba_modules(project)
    for index, xml in enumerate(sheet_xml):
        code_name = re.search(r'<sheetPr[^>]*codeName="(\w+)"', xml).group(1)
        assert code_name == f"Sheet{index + 1}" and f"{code_name}.cls" in modules


# --------------------------------------------------------------------------- a refresh keeps the user's project


def workbook_with(project: bytes) -> bytes:
    """The committed template with its VBA project swapped for `project`."""
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, project if item.filename == vba.MEMBER else source.read(item.filename))
    return out.getvalue()


def test_kept_project_carries_the_users_streams_verbatim():
    user = excel_project()
    kept = vba.kept_project(workbook_with(user), SHEETS)
    before, after = streams(user), streams(kept)
    for name in ("VBA/Module1", "VBA/ThisWorkbook", "VBA/Sheet1"):
        assert after[name] == before[name], name  # the stream, p-code and all
    modules = olevba_modules(kept)
    assert modules["Module1.bas"] == olevba_modules(user)["Module1.bas"]
    assert 'Sub Macro1()\r\n' in modules["Module1.bas"] and 'ActiveCell.FormulaR1C1 = "123"' in modules["Module1.bas"]
    assert modules["xlwings_udfs.bas"] == vba_wrappers.module_source()
    assert not [name for name in after if "__SRP_" in name]  # Excel's caches dropped with the p-code
    assert vba.kept_project(workbook_with(kept), SHEETS) is not None
    assert vba.with_wrappers(kept, SHEETS) is kept  # a second refresh changes nothing


def test_stale_wrappers_are_replaced_and_nothing_else(template_project):
    stale_source = vba_wrappers.module_source(FUNCTIONS[:3])
    from workbooks.vba_project.project import Module, with_modules
    stale = with_modules(template_project, [Module(vba_wrappers.MODULE_NAME, stale_source)])
    assert olevba_modules(stale)["xlwings_udfs.bas"].count("End Function") == 3
    fresh = vba.with_wrappers(stale, SHEETS)
    assert olevba_modules(fresh) == olevba_modules(template_project)
    assert len(R.module_spans(dir_records(fresh))) == len(R.module_spans(dir_records(template_project)))


def test_unreadable_project_is_refused_with_a_message():
    with pytest.raises(vba.ProjectError, match="its VBA project cannot be read"):
        vba.kept_project(workbook_with(b"not a compound file" * 40), SHEETS)


@pytest.mark.slow  # a whole refresh: about a second or more
def test_refresh_keeps_an_excel_saved_users_macro(tmp_path):
    from addin.refresh import refresh

    book = tmp_path / "mine.xlsm"
    book.write_bytes(workbook_with(excel_project()))
    extra = tmp_path / "extra.csv"
    extra.write_text("month,metal,item,value,unit,source\n2019-12,zn,tc_domestic,5500,CNY/t,vba test\n",
                     encoding="utf-8")
    refresh(book, [extra])
    with zipfile.ZipFile(book) as refreshed:
        project = refreshed.read(vba.MEMBER)
    modules = olevba_modules(project)
    assert modules["Module1.bas"] == olevba_modules(excel_project())["Module1.bas"]  # Sub Macro1, not SampleCall
    assert "SampleCall" not in modules["Module1.bas"]
    assert streams(project)["VBA/Module1"] == streams(excel_project())["VBA/Module1"]
    assert modules["xlwings_udfs.bas"] == vba_wrappers.module_source()


def test_a_sheet_added_by_a_refresh_gives_the_project_a_build_gives(template_project):
    # a refresh adding a month sheet adds its document module; the wrappers stay last, streams sorted, so the
    # refreshed project is the one a fresh build with that many sheets carries (tests/test_refresh.py)
    one_less = vba.template_vba_project(SHEETS - 1)
    assert "Document=Sheet15/&H00000000" not in streams(one_less)["PROJECT"].decode("cp1252")
    assert vba.with_wrappers(one_less, SHEETS) == template_project


def test_a_rebuild_with_fewer_sheets_drops_only_the_sheet_modules_we_wrote(template_project):
    # `znnial refresh --as-of` can rebuild with a month sheet fewer: its empty module goes (the November
    # build's project is the result), a sheet module holding the user's code stays
    assert vba.with_wrappers(template_project, SHEETS - 1) == vba.template_vba_project(SHEETS - 1)
    from workbooks.vba_project.project import Module, with_modules
    code = vba.SHEET_MODULE.format(name="Sheet15") + "Private Sub Worksheet_Activate()\r\nEnd Sub\r\n"
    used = with_modules(template_project, [Module("Sheet15", code, document=True)], last=vba_wrappers.MODULE_NAME)
    assert olevba_modules(vba.with_wrappers(used, SHEETS - 1))["Sheet15.cls"] == code
