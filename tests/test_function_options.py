"""The functions' category and argument help, stored as Excel stores them after xlwings' *Import functions*.

The reference is a workbook Excel saved after that import (tests/fixtures/xlwings/udf_tests.xlsm, README
there): the function wizard's argument help in workbook.xml's extension list, the category in
<functionGroups> and in each procedure's VB_ProcData attribute (workbooks/function_options.py).
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter

from tests.excel_eval import TEMPLATE as TEMPLATE_BOOK
from tests.vba_readers import olevba_modules
from udfs.catalogue import BY_NAME, FUNCTIONS
from udfs.registry import Arg
from udfs.wrappers import CATEGORY
from workbooks import function_options as fo
from workbooks import vba, vba_wrappers
from workbooks.vba_project.project import Module, with_modules

EXCEL_SAVED = Path(__file__).parent / "fixtures" / "xlwings" / "udf_tests.xlsm"
M, X14 = f"{{{fo.MAIN}}}", f"{{{fo.X14}}}"


def part(book: bytes | Path, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(book) if isinstance(book, bytes) else book) as archive:
        return archive.read(name)


def excel_workbook_xml() -> ElementTree.Element:
    return ElementTree.fromstring(part(EXCEL_SAVED, fo.WORKBOOK_PART))


def xlsxwriter_workbook_xml() -> str:
    """workbook.xml as XlsxWriter writes it (one sheet, one defined name), before the options are added."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Sheet1")
    book.define_name("in_price", "=Sheet1!$A$1")
    book.close()
    return part(buffer.getvalue(), fo.WORKBOOK_PART).decode("utf-8")


def ours(options: fo.FunctionOptions = fo.TEMPLATE) -> ElementTree.Element:
    return ElementTree.fromstring(fo.with_function_options(xlsxwriter_workbook_xml(), options).encode("utf-8"))


def shape(element: ElementTree.Element) -> set[tuple[str, tuple[str, ...]]]:
    """Every (tag, attribute names) below an element: the structure, not the values."""
    return {(e.tag, tuple(sorted(e.attrib))) for e in element.iter()}


def argument_help(root: ElementTree.Element) -> dict[str, list[tuple[int, str]]]:
    found = {}
    for name in root.iterfind(f"{M}extLst/{M}ext/{X14}definedNames/{X14}definedName"):
        descriptions = name.find(f"{X14}argumentDescriptions")
        items = [(int(d.get("index")), d.text) for d in descriptions]
        assert int(descriptions.get("count")) == len(items)
        found[name.get("name")] = items
    return found


def test_argument_help_goes_where_excel_saved_it():
    excel, written = excel_workbook_xml(), ours()
    excel_ext = [e for e in excel.iterfind(f"{M}extLst/{M}ext") if e.get("uri") == fo.DEFINED_NAMES_EXT]
    written_ext = written.findall(f"{M}extLst/{M}ext")
    assert len(excel_ext) == 1 and len(written_ext) == 1
    assert written_ext[0].get("uri") == "{8193D73E-4604-4355-AFF4-8A2333D13BE4}"  # [MS-OFFMACRO2] 2.2.2.1.1
    assert shape(written_ext[0]) == shape(excel_ext[0])
    # Excel's entry for xlwings' test function default_args(x, Optional y, Optional z): xlwings' default help
    assert argument_help(excel)["default_args"] == [(0, "Positional argument 1"), (1, "Positional argument 2"),
                                                    (2, "Positional argument 3")]
    # and no plain <definedName> goes with a function: the VBA procedure is enough
    assert excel.find(f"{M}definedNames") is None
    assert [n.get("name") for n in written.iterfind(f"{M}definedNames/{M}definedName")] == ["in_price"]


def test_category_goes_after_the_sheets_as_excel_saved_it():
    excel, written = excel_workbook_xml(), ours()
    order = [child.tag.replace(M, "") for child in written]
    excel_order = [child.tag.replace(M, "") for child in excel]
    assert excel_order.index("functionGroups") == excel_order.index("sheets") + 1 and excel_order[-1] == "extLst"
    assert order.index("functionGroups") == order.index("sheets") + 1 and order[-1] == "extLst"
    assert excel.find(f"{M}functionGroups").get("builtInGroupCount") == "19"
    assert [(g.tag, g.attrib) for g in written.find(f"{M}functionGroups")] == [(f"{M}functionGroup",
                                                                                   {"name": "znnial"})]
    assert written.find(f"{M}functionGroups").get("builtInGroupCount") == "19"


def test_category_number_counts_on_from_the_built_in_categories():
    source = olevba_modules(part(EXCEL_SAVED, vba.MEMBER))["xlwings_udfs.bas"]
    numbers = dict(re.findall(r'^Attribute (\w+)\.VB_ProcData\.VB_Invoke_Func = " \\n(\d+)"\r$', source, re.M))
    # Excel's numbers: a built-in category as MacroOptions numbers it, then 19 + the custom group's place
    # (<functionGroup name="xlwings"/> first, "custom category" second)
    assert numbers["category_14"] == "14" and numbers["default_args"] == "20" and numbers["custom_category"] == "21"
    assert fo.TEMPLATE.category_number == 20
    assert fo.FunctionOptions(19, ("xlwings", CATEGORY)).category_number == 21
    excel_line = re.search(r'^Attribute default_args\.VB_ProcData.*\r$', source, re.M).group(0)[:-1] + "\n"
    assert vba_wrappers.category_attribute(BY_NAME["profit"], 20) == excel_line.replace("default_args", "profit")


def test_each_function_has_its_category_under_its_description():
    source = vba_wrappers.module_source()
    found = re.findall(r'^Function (\w+)\(.*\)\r\nAttribute \1\.VB_Description = ".*"\r\n'
                       r'Attribute \1\.VB_ProcData\.VB_Invoke_Func = " \\n(\d+)"\r\n', source, re.M)
    assert sorted(name for name, _ in found) == sorted(spec.name for spec in FUNCTIONS)
    assert {number for _, number in found} == {"20"}


def test_each_function_has_its_argument_help():
    written = argument_help(ours())
    assert sorted(written) == sorted(spec.name for spec in FUNCTIONS if spec.args)
    assert written["profit"] == [(0, "Selling price, CNY/t"), (1, "Full or cash cost, CNY/t")]  # udfs/catalogue
    # XML is UTF-8: the Chinese the VBA module's Windows-1252 cannot hold is kept here
    assert written["utilisation"][0] == (0, "Running capacity, 10kt/yr (万吨/年) or t/yr")


def test_argument_help_is_cut_as_import_functions_cuts_it():
    long = dataclasses.replace(BY_NAME["profit"], args=(Arg("price", "x" * 300),))
    assert fo.argument_help(long) == ("x" * 255,)
    many = dataclasses.replace(BY_NAME["profit"], args=tuple(Arg(f"a{i}", "h") for i in range(61)))
    with pytest.raises(ValueError, match="profit: 61 arguments; Excel keeps help for at most 60"):
        fo.argument_help(many)


def test_an_unexpected_workbook_xml_is_an_error():
    with pytest.raises(ValueError, match="already has functionGroups or extLst"):
        fo.with_function_options(fo.with_function_options(xlsxwriter_workbook_xml(), fo.TEMPLATE), fo.TEMPLATE)


def user_workbook(user_module: str) -> bytes:
    """Excel's saved workbook.xml (categories xlwings and custom category, argument help of hello and more) with
    the template's project plus a module of the user's."""
    project = with_modules(vba.template_vba_project(15), [Module("Module2", user_module)])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr(fo.WORKBOOK_PART, part(EXCEL_SAVED, fo.WORKBOOK_PART))
        book.writestr(vba.MEMBER, project)
    return out.getvalue()


def test_a_refresh_keeps_the_users_categories_and_argument_help():
    workbook = user_workbook('Attribute VB_Name = "Module2"\r\nFunction hello(name)\r\n    hello = name\r\n'
                             "End Function\r\n")
    options = vba.kept_function_options(workbook)
    assert options.groups == ("xlwings", "custom category", "znnial") and options.category_number == 22
    assert options.others == (("hello", ("Positional argument 1",)),)  # the user's Module2 defines hello
    written = ours(options)
    assert [g.get("name") for g in written.find(f"{M}functionGroups")] == ["xlwings", "custom category", "znnial"]
    assert argument_help(written)["hello"] == [(0, "Positional argument 1")]
    assert argument_help(written)["profit"][0] == (0, "Selling price, CNY/t")
    # the wrappers are numbered for znnial's place among the workbook's categories
    kept = olevba_modules(vba.kept_project(workbook, 15))["xlwings_udfs.bas"]
    assert kept == vba_wrappers.module_source(category_number=22)
    assert 'Attribute profit.VB_ProcData.VB_Invoke_Func = " \\n22"' in kept


def test_a_refresh_drops_argument_help_of_macros_that_are_gone():
    # the fixture's functions lived in its xlwings_udfs, which the refresh replaces with znnial's
    assert vba.kept_function_options(user_workbook('Attribute VB_Name = "Module2"\r\n')).others == ()


def test_the_template_carries_the_options():
    xml = part(TEMPLATE_BOOK, fo.WORKBOOK_PART).decode("utf-8")
    assert fo.function_groups_xml(fo.TEMPLATE) in xml and fo.argument_help_xml(fo.TEMPLATE) in xml, \
        "workbooks/znnial.xlsm is stale: regenerate it (make regenerate)"
    assert vba.kept_function_options(TEMPLATE_BOOK.read_bytes()) == fo.TEMPLATE  # a refresh keeps it as it is


@pytest.mark.slow  # openpyxl reads every sheet of the template: about two seconds
def test_openpyxl_still_reads_the_template():
    book = openpyxl.load_workbook(TEMPLATE_BOOK, keep_vba=True)
    xml = part(TEMPLATE_BOOK, fo.WORKBOOK_PART).decode("utf-8")
    assert book.sheetnames == re.findall(r'<sheet name="([^"]+)"', xml)
    assert sorted(book.defined_names) == sorted(re.findall(r'<definedName name="([^"]+)"', xml))
    assert "profit" not in book.defined_names  # the argument help made no defined name
