"""Names Excel and VBA will accept, and the VBA that xlwings itself generates for the add-in."""

from __future__ import annotations

import importlib
import io
import re
import sys
import types

import pytest

from udfs import wrappers
from udfs.catalogue import FUNCTIONS

# VBA reserved words (VBA language reference, "Keywords" and the statements/types that cannot be
# used as identifiers), plus the names the brief asks us to avoid. Compared case-insensitively.
VBA_KEYWORDS = frozenset(word.lower() for word in """
    AddressOf And Any As Boolean ByRef Byte ByVal Call Case CBool CByte CCur CDate CDbl CDec CInt CLng
    CLngLng CLngPtr Const CSng CStr Currency CVar CVErr Date Decimal Declare DefBool DefByte DefCur
    DefDate DefDbl DefDec DefInt DefLng DefLngLng DefLngPtr DefObj DefSng DefStr DefVar Dim Do Double
    Each Else ElseIf Empty End EndIf Enum Eqv Erase Error Event Exit False For Friend Function Get
    Global GoSub GoTo If Imp Implements In Integer Is LBound Let Lib Like Long LongLong LongPtr Loop
    LSet Me Mod New Next Not Nothing Null On Option Optional Or ParamArray Preserve Private Property
    PtrSafe Public RaiseEvent ReDim Rem Resume Return RSet Select Set Single Static Step Stop String Sub
    Then To True Type TypeOf UBound Until Variant Wend While With WithEvents Xor
    Attribute Base Binary Compare Explicit Text Input Len Lock Open Print Seek Width Write Close Output
    Random Access Read Shared Spc Tab Object Debug Name Line Put Unlock Database Module Append
""".split())

VBA_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_NAME = 31  # VBA allows 255; Excel's function wizard and defined names are happier short
MAX_COLUMN = 16384  # XFD
MAX_ROW = 1048576

ALL_NAMES = [(spec.name, "function") for spec in FUNCTIONS] + [
    (arg.name, f"argument of {spec.name}") for spec in FUNCTIONS for arg in spec.args]


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def reads_as_cell_reference(name: str) -> bool:
    """True when Excel would parse the name as an A1 or R1C1 reference (so it can't be a function)."""
    a1 = re.fullmatch(r"([A-Za-z]{1,3})(\d+)", name)
    if a1 and column_number(a1.group(1)) <= MAX_COLUMN and 1 <= int(a1.group(2)) <= MAX_ROW:
        return True
    r1c1 = re.fullmatch(r"[Rr](\d*)([Cc](\d*))?|[Cc](\d*)", name)
    return r1c1 is not None


def test_cell_reference_detector():
    # The detector itself must catch what Excel catches, or the name test below proves nothing.
    for name in ("ema20", "sma5", "A1", "xfd1048576", "R", "C", "r1c1", "RC2", "R2", "c3", "rc"):
        assert reads_as_cell_reference(name), name
    for name in ("ema", "sma", "xfe1", "a1048577", "a0", "profit", "r1c1x", "range_apex", "ni_npi_cost"):
        assert not reads_as_cell_reference(name), name


def test_keyword_list_is_complete_enough():
    for word in ("And", "Date", "Text", "Name", "Line", "LongPtr", "WithEvents", "Empty", "Seek"):
        assert word.lower() in VBA_KEYWORDS


@pytest.mark.parametrize(("name", "what"), ALL_NAMES, ids=[f"{w}:{n}" for n, w in ALL_NAMES])
def test_valid_vba_identifier(name, what):
    assert VBA_IDENTIFIER.fullmatch(name), f"{what} {name!r}: letter first, then letters/digits/_"
    assert len(name) <= MAX_NAME, f"{what} {name!r} is {len(name)} chars"
    assert name.lower() not in VBA_KEYWORDS, f"{what} {name!r} is a VBA keyword"


@pytest.mark.parametrize("spec", FUNCTIONS, ids=[s.name for s in FUNCTIONS])
def test_function_name_is_not_a_cell_reference(spec):
    assert not reads_as_cell_reference(spec.name)


# --------------------------------------------------------------------------- xlwings' own VBA generator


@pytest.fixture
def xlwings_udfs(monkeypatch):
    """xlwings.udfs (the Windows UDF server) importable on any OS.

    It imports pythoncom, pywintypes and win32com.client.Dispatch at module level, and builds a
    ThreadPoolExecutor with pythoncom.CoInitialize as initializer, so the stub needs that too.
    """
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None
    win32com.client = client
    for name, module in (("pythoncom", pythoncom), ("pywintypes", types.ModuleType("pywintypes")),
                         ("win32com", win32com), ("win32com.client", client)):
        monkeypatch.setitem(sys.modules, name, module)
    import xlwings

    saved = sys.modules.pop("xlwings.udfs", None), getattr(xlwings, "udfs", None)
    module = importlib.import_module("xlwings.udfs")
    yield module
    # Leave no xlwings.udfs bound to the stubs behind for other tests.
    sys.modules.pop("xlwings.udfs", None)
    if hasattr(xlwings, "udfs"):
        delattr(xlwings, "udfs")
    if saved[0] is not None:
        sys.modules["xlwings.udfs"] = saved[0]
    if saved[1] is not None:
        xlwings.udfs = saved[1]


@pytest.fixture
def generated(xlwings_udfs):
    """The module of freshly decorated wrappers and the VBA xlwings writes for it."""
    module = types.ModuleType("udfs")
    for spec in FUNCTIONS:
        wrapper = wrappers.decorate(wrappers.make_wrapper(spec), spec, xlwings_udfs.xlfunc, xlwings_udfs.xlarg)
        setattr(module, spec.name, wrapper)
    workbook = types.SimpleNamespace(Name="znnial.xlsm")
    out = io.StringIO()  # VBAWriter only calls f.write(str)
    xlwings_udfs.generate_vba_wrapper("udfs", module, out, workbook)
    return module, out.getvalue()


def test_generated_vba_declares_every_function(generated):
    _, vba = generated
    declared = re.findall(r"^Function (\w+)\((.*)\)$", vba, flags=re.MULTILINE)
    assert [name for name, _ in declared] == sorted(spec.name for spec in FUNCTIONS)  # xlwings uses dir()
    for name, params in declared:
        spec = next(s for s in FUNCTIONS if s.name == name)
        expected = [("Optional " if a.optional else "") + a.name for a in spec.args]
        assert params.split(", ") == expected
        # the call passes every argument, in order, to the Python function
        assert f'XLPy.CallUDF("udfs", "{name}", Array({", ".join(a.name for a in spec.args)}), ThisWorkbook' in vba
        assert f"{name} = Err.Description" in vba
    assert vba.count("End Function") == len(FUNCTIONS)


def test_xlwings_metadata_category_and_argument_docs(generated):
    module, _ = generated
    for spec in FUNCTIONS:
        meta = getattr(module, spec.name).__xlfunc__
        assert meta["name"] == spec.name
        assert meta["category"] == "znnial"
        assert meta["ret"]["doc"] == spec.description
        assert [a["name"] for a in meta["args"]] == [a.name for a in spec.args]
        for info, arg in zip(meta["args"], spec.args):
            assert info["doc"] == arg.help
            assert info["options"] == {"ndim": 2, "err_to_str": True}
            assert ("optional" in info) == arg.optional
            if arg.optional:
                assert info["optional"] == arg.default  # what call_udf passes for a missing argument


def test_generated_vba_lines_fit_the_editor(generated):
    _, vba = generated
    assert max(len(line) for line in vba.splitlines()) <= 1024  # VBAWriter.MAX_VBA_LINE_LENGTH
