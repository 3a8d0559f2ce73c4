"""The embedded VBA project: xlwings' own plus our wrappers, every macro a button calls, the config it reads.

olevba (oletools) lists the modules of xl/vbaProject.bin in workbooks/znnial.xlsm;
each button's macro — from the plan and from the `<x:FmlaMacro>` XlsxWriter wrote
into the drawing — must be a public, argument-less Sub of a standard module there.
"""

from __future__ import annotations

import html
import importlib.util
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.excel_eval import TEMPLATE, bundled_plan
from udfs.catalogue import FUNCTIONS
from workbooks.sheets import conf

olevba = pytest.importorskip("oletools.olevba")

VBA_MEMBER = "xl/vbaProject.bin"
# A procedure header: [Public|Private|Friend] [Static] Sub|Function name(params)
PROCEDURE = re.compile(r"^[ \t]*(?:(public|private|friend)[ \t]+)?(?:static[ \t]+)?(sub|function)[ \t]+(\w+)"
                       r"[ \t]*\(([^)]*)\)", re.IGNORECASE | re.MULTILINE)


@pytest.fixture(scope="module")
def modules() -> dict[str, str]:
    """VBA module file name (Module1.bas, xlwings.bas, ThisWorkbook.cls, …) -> source code."""
    parser = olevba.VBA_Parser(str(TEMPLATE))
    try:
        assert parser.detect_vba_macros(), "no VBA project in the workbook"
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def button_macros_in_the_file() -> list[str]:
    """Macros the file's form buttons call: <x:FmlaMacro>[0]!Name</x:FmlaMacro> in the VML drawings."""
    with zipfile.ZipFile(TEMPLATE) as book:
        vml = [book.read(n).decode("utf-8") for n in book.namelist()
               if re.fullmatch(r"xl/drawings/vmlDrawing\d+\.vml", n)]
    return [html.unescape(m.split("!", 1)[-1])
            for text in vml for m in re.findall(r"<x:FmlaMacro>([^<]*)</x:FmlaMacro>", text)]


def callable_subs(modules: dict[str, str]) -> dict[str, str]:
    """Sub name -> module, for the subs a button can call: public, no arguments, in a standard module."""
    found = {}
    for module, code in modules.items():
        if not module.endswith(".bas"):
            continue  # class and sheet modules (.cls) are not reachable as "[0]!Name"
        for scope, kind, name, params in PROCEDURE.findall(code):
            if kind.lower() == "sub" and scope.lower() != "private" and not params.strip():
                found[name] = module
    return found


def test_the_project_is_xlwings_standalone(modules):
    # xlwings' own modules, byte for byte (tests/test_vba_project.py), plus the functions' wrappers
    assert "xlwings.bas" in modules and "Module1.bas" in modules
    assert "Function GetConfigFromSheet" in modules["xlwings.bas"]


def callable_with_one_argument(modules: dict[str, str]) -> set[str]:
    """Public procedures of a standard module taking exactly one argument: what "'Name \"arg\"'" can call."""
    return {name for module, code in modules.items() if module.endswith(".bas")
            for scope, kind, name, params in PROCEDURE.findall(code)
            if scope.lower() != "private" and params.strip() and "," not in params}


def test_every_button_macro_is_a_sub_of_the_project(modules):
    plan = bundled_plan()
    planned = sorted(b.macro for s in plan.sheets for b in s.buttons)
    written = sorted(button_macros_in_the_file())
    assert planned, "the plan has no buttons"
    assert written == planned  # the file carries exactly the plan's buttons
    subs, with_argument = callable_subs(modules), callable_with_one_argument(modules)
    for macro in planned:
        call = re.fullmatch(r"'(\w+) \"([^\"]*)\"'", macro)  # Assign Macro's call with an argument
        if call:
            assert call.group(1) in with_argument, macro
        else:
            assert macro in subs, f"{macro} not found as a public Sub; have {sorted(subs)[:20]}…"


def test_refresh_runs_znnial_whatever_the_file_is_called():
    # <x:FmlaMacro>[0]!'RunPython "import znnial; znnial.main()"'</x:FmlaMacro>: xlwings' RunPython runs the
    # command as given, so znnial_2020_01.xlsm or "znnial 2020-01.xlsm" refresh like znnial.xlsm
    with zipfile.ZipFile(TEMPLATE) as book:
        vml = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".vml"))
    assert "<x:FmlaMacro>[0]!'RunPython &quot;import znnial; znnial.main()&quot;'</x:FmlaMacro>" in vml or \
        "<x:FmlaMacro>[0]!'RunPython \"import znnial; znnial.main()\"'</x:FmlaMacro>" in vml
    assert "SampleCall" not in vml


def _installed_xlwings_project() -> bytes:
    package = Path(importlib.util.find_spec("xlwings").origin).parent
    with zipfile.ZipFile(package / "quickstart_standalone.xlsm") as source:
        return source.read(VBA_MEMBER)


def test_the_template_carries_the_wrappers_import_functions_would_write(modules):
    # every znnial function has its VBA wrapper in the template: no Import step before the first recalculation
    declared = re.findall(r"^Function (\w+)\(", modules["xlwings_udfs.bas"], flags=re.MULTILINE)
    assert sorted(declared) == sorted(spec.name for spec in FUNCTIONS)
    assert "XLPy.CallUDF(" in modules["xlwings_udfs.bas"] and "Function XLPy()" in modules["xlwings.bas"]


@pytest.mark.slow  # builds a whole workbook
def test_build_with_vba_xlwings_embeds_xlwings_project_unchanged(tmp_path):
    from addin.cli import main

    target = tmp_path / "plain.xlsm"
    assert main(["build", "--out", str(target), "--vba", "xlwings"]) == 0
    with zipfile.ZipFile(target) as ours:
        assert ours.read(VBA_MEMBER) == _installed_xlwings_project()
        workbook_xml = ours.read("xl/workbook.xml").decode("utf-8")
    # no category or argument help for wrappers that project does not have ([MS-OFFMACRO2] 2.2.5.3)
    assert "<functionGroups" not in workbook_xml and "<extLst" not in workbook_xml


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_xlwings_conf_sheet_is_read_from_a1(modules):
    # xlwings' GetConfigFromSheet reads keys from A1 down to the last cell before the first blank
    # (Range("A1").End(xlDown)), value in column B, keys upper-cased into a dictionary.
    assert 'Sheets(PROJECT_NAME & ".conf")' in modules["xlwings.bas"]
    assert 'Range("A1").End(xlDown)' in modules["xlwings.bas"]
    ws = openpyxl.load_workbook(TEMPLATE)[conf.SHEET]
    assert ws["A1"].value == "UDF Modules" and ws["B1"].value == "udfs;addin.store_udfs"
    keys = []
    for row in range(1, ws.max_row + 2):
        key = ws.cell(row, 1).value
        if key in (None, ""):
            break
        keys.append(key)
    everything = [c.value for c in ws["A"] if c.value not in (None, "")]
    assert keys == everything, "a blank in column A hides the keys below it from xlwings"
    assert len({k.upper() for k in keys}) == len(keys), "duplicate key: Dictionary.Add would fail"
    # the modules xlwings will import: it splits the setting on ";" (xlwings/udfs.py, import_udfs)
    assert all(importlib.util.find_spec(name) is not None for name in ws["B1"].value.split(";"))
    # every key is one the VBA asks for: GetConfig("UDF MODULES"), … (a misspelt key is silently ignored)
    asked = set(re.findall(r'GetConfig\("([^"]+)"', modules["xlwings.bas"]))
    assert [k for k in keys if k.upper() not in asked] == [k for k, _, _ in conf.ZNNIAL_SETTINGS]  # znnial's own keys
    assert [k for k, _, _ in conf.ZNNIAL_SETTINGS] == [conf.STORE_KEY, conf.MAPPING_KEY, conf.FETCH_KEY]
