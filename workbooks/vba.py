"""The VBA project the workbook carries: xlwings' standalone project plus the wrappers of our functions.

xlwings' modules come unchanged from the installed package; `xlwings_udfs` is what *Import functions* would
write (workbooks/vba_wrappers.py), and every sheet has its document module, named as the code name XlsxWriter
writes for it, so the project and workbook.xml agree. A refresh keeps the old workbook's project — the user's
modules, forms and code byte for byte — and only rewrites `xlwings_udfs` when the catalogue changed
(workbooks/vba_project/project.py).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from importlib.resources import files

from . import vba_wrappers
from .errors import ZnnialFileError
from .function_options import TEMPLATE, FunctionOptions, foreign_help_names, kept_options
from .vba_project.project import Module, module_sources, with_modules

SOURCE_WORKBOOK = "quickstart_standalone.xlsm"  # xlwings' standalone template: no add-in needed
MEMBER = "xl/vbaProject.bin"

# Macros of that project the buttons call (checked by the tests with olevba).
IMPORT_FUNCTIONS = "ImportPythonUDFs"  # writes the VBA wrappers of `UDF Modules`
# The Refresh button calls xlwings' public `RunPython` with the command as its argument — Excel's Assign Macro
# accepts a call with arguments in single quotes ('Macro "arg"'), stored as the button's <x:FmlaMacro>. So any
# copy of the workbook (znnial_2020_01.xlsm, "znnial 2020-01.xlsm") runs znnial.main(); xlwings' SampleCall
# would import a module named after the file instead.
REFRESH_COMMAND = "import znnial; znnial.main()"
REFRESH = f"'RunPython \"{REFRESH_COMMAND}\"'"
RESTART_PYTHON = "KillPy"  # ends the Python process; the next call starts a fresh one

# Code names: XlsxWriter's defaults (Workbook.set_vba_name() and Worksheet.set_vba_name() with no name),
# which are also Excel's for a new English workbook; render() sets them explicitly from here.
WORKBOOK_CODE_NAME = "ThisWorkbook"


def sheet_code_name(index: int) -> str:
    return f"Sheet{index + 1}"


# A worksheet's document module as Excel saves a new one (Sheet1 of tests/fixtures/xlsxwriter/macro01.xlsm;
# the same text as Sheet1 and Sheet2 of xlwings' project). VB_Base is the Worksheet class's CLSID.
SHEET_MODULE = ('Attribute VB_Name = "{name}"\r\n'
                'Attribute VB_Base = "0{{00020820-0000-0000-C000-000000000046}}"\r\n'
                "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
                "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
                "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n")


def xlwings_vba_project() -> bytes:
    """The bytes of xlwings' vbaProject.bin, unchanged."""
    with zipfile.ZipFile(files("xlwings").joinpath(SOURCE_WORKBOOK).open("rb")) as source:
        return source.read(MEMBER)


def project_of(workbook: bytes) -> bytes | None:
    """The vbaProject.bin inside an .xlsm's bytes, or None when it has none."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        return book.read(MEMBER) if MEMBER in book.namelist() else None


def with_wrappers(project: bytes, sheet_count: int, category_number: int = TEMPLATE.category_number) -> bytes:
    """`project` with the current `xlwings_udfs` and a document module for each sheet; unchanged if it has them.

    category_number: the number of the znnial category among the workbook's (workbooks/function_options.py).

    Everything else in the project — the user's modules, forms, references, their compiled code — is
    carried byte for byte; when a module is written, the compiled caches are dropped (project.py).
    """
    sources = module_sources(project, only={vba_wrappers.MODULE_NAME})
    wrappers = vba_wrappers.module_source(category_number=category_number)
    wanted = [Module(sheet_code_name(i), SHEET_MODULE.format(name=sheet_code_name(i)), document=True)
              for i in range(sheet_count) if sheet_code_name(i) not in sources]
    if sources.get(vba_wrappers.MODULE_NAME) != wrappers:
        wanted.append(Module(vba_wrappers.MODULE_NAME, wrappers))
    removed = _unused_sheet_modules(project, sources, sheet_count)
    if not wanted and not removed:
        return project
    return with_modules(project, wanted, last=vba_wrappers.MODULE_NAME, removed=removed)


def _unused_sheet_modules(project: bytes, sources: dict, sheet_count: int) -> tuple[str, ...]:
    """Sheet modules past the last sheet (a rebuild "as of" an earlier date has fewer) that hold no code of the
    user's — exactly what we wrote for them; a module with code in it stays."""
    beyond = {name for name in sources
              if re.fullmatch(r"Sheet\d+", name) and int(name[len("Sheet"):]) > sheet_count}
    if not beyond:
        return ()
    found = module_sources(project, only=beyond)
    return tuple(sorted(name for name in beyond if found[name] == SHEET_MODULE.format(name=name)))


@functools.lru_cache(maxsize=4)  # every build and test render asks for the same few
def template_vba_project(sheet_count: int, category_number: int = TEMPLATE.category_number) -> bytes:
    return with_wrappers(xlwings_vba_project(), sheet_count, category_number)


class ProjectError(ZnnialFileError):
    """A workbook's VBA project that cannot be read: refreshing it would lose the user's code."""


def kept_project(workbook: bytes, sheet_count: int) -> bytes:
    """The VBA project a refresh of `workbook` (its .xlsm bytes) writes back: its own, with current wrappers.

    A workbook without a project (saved by a program that drops macros) gets the template's, numbered for the
    categories the refresh writes (function_options.kept_options).
    """
    project = project_of(workbook)
    number = kept_options(workbook).category_number  # the same groups kept_function_options reads
    try:
        if project is None:
            return template_vba_project(sheet_count, number)
        return with_wrappers(project, sheet_count, number)
    except (ValueError, KeyError, OSError, StopIteration) as problem:  # olefile, a record or stream missing
        raise ProjectError(f"its VBA project cannot be read ({problem}); nothing was changed, so your macros "
                           "are safe: open it in Excel, save it, and refresh again") from None


PROCEDURE = re.compile(r"^[ \t]*(?:(?:Public|Private|Friend|Static)[ \t]+)*(?:Function|Sub)[ \t]+(\w+)",
                       re.MULTILINE | re.IGNORECASE)


def kept_function_options(workbook: bytes) -> FunctionOptions:
    """The function options a refresh writes: the workbook's own categories, and the argument help of the
    procedures its user's modules define (workbooks/function_options.py); znnial's are rewritten."""
    project = project_of(workbook)
    procedures = set()
    # Decompressing every module costs ~250 ms (oletools' pure-Python MS-OVBA 2.4.1), so it is done only when the
    # workbook holds argument help for a name that is not znnial's: the user's MacroOptions.
    if project is not None and foreign_help_names(workbook):
        try:
            sources = module_sources(project)
        except (ValueError, KeyError, OSError, StopIteration) as problem:
            raise ProjectError(f"its VBA project cannot be read ({problem}); nothing was changed, so your macros "
                               "are safe: open it in Excel, save it, and refresh again") from None
        procedures = {name.lower() for module, text in sources.items()
                      if module != vba_wrappers.MODULE_NAME and text for name in PROCEDURE.findall(text)}
    return kept_options(workbook, procedures)
