"""What Excel keeps in workbook.xml after *Import functions*: the functions' category and argument help.

xlwings' `import_udfs` (xlwings/udfs.py) calls `Application.MacroOptions(Category="znnial",
ArgumentDescriptions=[each argument's doc, cut to 255 characters])` for every function. Excel stores that in
two places, as in the workbooks Excel saved after that import in xlwings' own repository
(tests/fixtures/xlwings/udf_tests.xlsm, README there):

* the category: `<functionGroups builtInGroupCount="19"><functionGroup name="xlwings"/>…` after `<sheets>`
  (ECMA-376 Part 1, 18.2.15–16), and in the module source, under each procedure,
  `Attribute <name>.VB_ProcData.VB_Invoke_Func = " \\n20"` — no shortcut key, then the category's number:
  the built-in count plus the custom group's place (1 for the first; workbooks/vba_wrappers.py writes it);
* the argument help: `<ext uri="{8193D73E-4604-4355-AFF4-8A2333D13BE4}">` in the workbook's `<extLst>`,
  holding `x14:definedNames > x14:definedName name= > x14:argumentDescriptions count= >
  x14:argumentDescription index=` ([MS-OFFMACRO2] 2.2.2.1.1 and 2.2.5.2–2.2.5.5; Excel writes the x14
  namespace, the spec's schema another). A function without arguments has no entry, and no plain
  `<definedName>` goes with one: "there exists a VBA macro having a name equal to this value" suffices
  (2.2.5.3).

A refresh keeps the workbook's own entries — the user's categories and the argument help of the user's own
functions — and rewrites only znnial's.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from html import escape

from defusedxml import DefusedXmlException
from defusedxml import ElementTree

from udfs.catalogue import FUNCTIONS
from udfs.registry import Function
from udfs.wrappers import CATEGORY

from .errors import ZnnialFileError

WORKBOOK_PART = "xl/workbook.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
DEFINED_NAMES_EXT = "{8193D73E-4604-4355-AFF4-8A2333D13BE4}"  # [MS-OFFMACRO2] 2.2.2.1.1
BUILT_IN_GROUPS = 19  # Excel 2016–365's count (xlwings' udf_tests.xlsm and xlwings.xlam, saved 2020–2025)
MAX_HELP = 255  # import_udfs: arg["doc"][:255]; [MS-OFFMACRO2] 2.2.5.5
MAX_ARGUMENTS = 60  # [MS-OFFMACRO2] 2.2.5.4: count at most 60


class WorkbookXmlError(ZnnialFileError):
    """A workbook.xml whose function options cannot be read: rewriting it would lose the user's."""


@dataclass(frozen=True)
class FunctionOptions:
    built_in: int  # builtInGroupCount: the category numbers below it are Excel's own
    groups: tuple[str, ...]  # the custom categories, in the workbook's order; znnial's among them
    others: tuple[tuple[str, tuple[str, ...]], ...] = ()  # argument help of macros that are not znnial's

    @property
    def category_number(self) -> int:
        """The number VB_Invoke_Func gives znnial's category."""
        return self.built_in + self.groups.index(CATEGORY) + 1


TEMPLATE = FunctionOptions(BUILT_IN_GROUPS, (CATEGORY,))


def argument_help(spec: Function) -> tuple[str, ...]:
    """The descriptions MacroOptions gets for the function's arguments, as import_udfs cuts them."""
    if len(spec.args) > MAX_ARGUMENTS:
        raise ValueError(f"{spec.name}: {len(spec.args)} arguments; Excel keeps help for at most {MAX_ARGUMENTS}")
    return tuple(arg.help[:MAX_HELP] for arg in spec.args)


@functools.lru_cache(maxsize=2)  # a refresh reads the old workbook's options three times (workbooks/vba.py); read only
def _workbook_root(workbook: bytes):
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        try:
            return ElementTree.fromstring(book.read(WORKBOOK_PART))
        except (KeyError, ElementTree.ParseError, DefusedXmlException) as problem:
            raise WorkbookXmlError(f"its {WORKBOOK_PART} cannot be read ({problem}); nothing was changed") from None


def _described(root):
    return root.iterfind(f"{{{MAIN}}}extLst/{{{MAIN}}}ext/{{{X14}}}definedNames/{{{X14}}}definedName")


def foreign_help_names(workbook: bytes) -> set[str]:
    """The lower-case names with argument help in `workbook` that are not znnial functions: only for these does
    a refresh need to know whether the user's modules define them (workbooks/vba.py kept_function_options)."""
    ours = {spec.name.lower() for spec in FUNCTIONS}
    return {name.get("name", "").lower() for name in _described(_workbook_root(workbook))} - ours


def kept_options(workbook: bytes, procedures: set[str] = frozenset()) -> FunctionOptions:
    """The options a refresh of `workbook` (its .xlsm bytes) writes: its own, with znnial's category among them.

    procedures: the lower-case names of the procedures the user's own modules define (workbooks/vba.py); the
    argument help of any other name is dropped, since Excel keeps it only for a macro that exists (2.2.5.3).
    """
    root = _workbook_root(workbook)
    built_in, groups = _groups(root)
    others = []
    for name in _described(root):
        if name.get("name", "").lower() not in procedures:  # Excel's names are case-insensitive
            continue
        help_by_index = {int(d.get("index")): d.text or ""
                         for d in name.iterfind(f"{{{X14}}}argumentDescriptions/{{{X14}}}argumentDescription")}
        others.append((name.get("name"), tuple(help_by_index.get(i, "") for i in range(len(help_by_index)))))
    return FunctionOptions(built_in, groups, tuple(others))


def _groups(root) -> tuple[int, tuple[str, ...]]:
    """builtInGroupCount and the custom category names of a workbook.xml, znnial's added last if missing."""
    element = root.find(f"{{{MAIN}}}functionGroups")
    built_in, groups = BUILT_IN_GROUPS, ()
    if element is not None:
        try:
            built_in = int(element.get("builtInGroupCount", BUILT_IN_GROUPS))
        except ValueError:
            raise WorkbookXmlError(f"its builtInGroupCount {element.get('builtInGroupCount')!r} is not a number; "
                                   "nothing was changed") from None
        groups = tuple(group.get("name", "") for group in element.iterfind(f"{{{MAIN}}}functionGroup"))
    return built_in, groups if CATEGORY in groups else groups + (CATEGORY,)


def _defined_name(name: str, helps: tuple[str, ...]) -> str:
    items = "".join(f'<x14:argumentDescription index="{i}">{escape(text)}</x14:argumentDescription>'
                    for i, text in enumerate(helps))
    return (f"<x14:definedName name=\"{escape(name)}\"><x14:argumentDescriptions count=\"{len(helps)}\">"
            f"{items}</x14:argumentDescriptions></x14:definedName>")


def function_groups_xml(options: FunctionOptions) -> str:
    groups = "".join(f'<functionGroup name="{escape(name)}"/>' for name in options.groups)
    return f'<functionGroups builtInGroupCount="{options.built_in}">{groups}</functionGroups>'


def argument_help_xml(options: FunctionOptions, functions: list[Function] | None = None) -> str:
    """The extLst entry: znnial's functions that take arguments, in the catalogue's order, then the others'."""
    entries = [(spec.name, argument_help(spec)) for spec in (FUNCTIONS if functions is None else functions)]
    entries += list(options.others)
    names = "".join(_defined_name(name, helps) for name, helps in entries if helps)
    return (f'<extLst><ext uri="{DEFINED_NAMES_EXT}" xmlns:x14="{X14}"><x14:definedNames>{names}'
            "</x14:definedNames></ext></extLst>")


def with_function_options(xml: str, options: FunctionOptions) -> str:
    """XlsxWriter's workbook.xml (no function groups, no extension list) with the function options added."""
    if "<functionGroups" in xml or "<extLst" in xml or xml.count("</sheets>") != 1:
        raise ValueError("workbook.xml already has functionGroups or extLst, or no single <sheets>: XlsxWriter's "
                         "output changed; see workbooks/function_options.py")
    xml = xml.replace("</sheets>", "</sheets>" + function_groups_xml(options), 1)
    return re.sub(r"</workbook>\s*$", lambda _: argument_help_xml(options) + "</workbook>", xml)
