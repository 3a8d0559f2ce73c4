"""LibreOffice opens the built workbook and finds every module of our VBA project, with our source, compiled.

LibreOffice imports a workbook's VBA project into the Basic library VBAProject and compiles it with
`Option VBASupport 1`. tests/lo_basic_modules.py (run by the system's python3, which has LibreOffice's `uno`)
reports each module's source and whether a wrapper ran — a module with a syntax error does not run, which the
broken copy below shows, so the check can fail.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.vba_readers import olevba_modules
from workbooks import vba, vba_wrappers
from workbooks.vba_project.project import Module, with_modules

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("lo_basic_modules.py")
CALL = {"module": "xlwings_udfs", "procedure": "zn_cost_support", "args": [18000, 2000]}


def _has_uno() -> bool:
    return Path(SYSTEM_PYTHON).exists() and subprocess.run([SYSTEM_PYTHON, "-c", "import uno"],
                                                           capture_output=True).returncode == 0


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None or not _has_uno(),
                                 reason="LibreOffice with python3-uno is not installed; CI installs it")]

def read_in_libreoffice(workbook: Path, tmp_path: Path) -> dict:
    profile = tmp_path / f"profile-{workbook.stem}"
    run = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(workbook), str(profile), json.dumps(CALL)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def as_libreoffice_shows(source: str) -> str:
    """Our source as LibreOffice's library holds it below its "Option VBASupport 1": no Attribute lines, LF."""
    return re.sub(r"^Attribute .*\r?\n", "", source, flags=re.MULTILINE).replace("\r\n", "\n")  # xlwings.bas: LF


def test_libreoffice_holds_every_module_with_our_source_and_compiles_the_wrappers(tmp_path):
    built = tmp_path / "znnial.xlsm"
    from addin.cli import main

    assert main(["build", "--out", str(built)]) == 0
    with zipfile.ZipFile(built) as book:
        ours = olevba_modules(book.read(vba.MEMBER))
    report = read_in_libreoffice(built, tmp_path)
    assert "VBAProject" in report["libraries"]
    assert sorted(report["modules"]) == sorted(name.rsplit(".", 1)[0] for name in ours)
    for name, source in ours.items():
        shown = report["modules"][name.rsplit(".", 1)[0]]
        code = shown.split("Option VBASupport 1\n", 1)[1]
        if name == "Dictionary.cls":  # the one class module (PROJECT: Class=Dictionary): LibreOffice marks it
            code = code.removeprefix("Option ClassModule\n")
        assert code.rstrip("\n") == as_libreoffice_shows(source).rstrip("\n"), name
    assert report["ran"] is True, "LibreOffice did not run zn_cost_support: xlwings_udfs did not compile"

    broken = tmp_path / "broken.xlsm"  # the control: one syntax error in the wrappers and the call cannot run
    source = vba_wrappers.module_source().replace("    Exit Function\r\n", "    Exit Function = = 1\r\n", 1)
    with zipfile.ZipFile(built) as book:
        sheets = book.read("xl/workbook.xml").decode("utf-8").count("<sheet ")
    project = with_modules(vba.template_vba_project(sheets), [Module(vba_wrappers.MODULE_NAME, source)])
    out = io.BytesIO()
    with zipfile.ZipFile(built) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in book.infolist():
            copy.writestr(item, project if item.filename == vba.MEMBER else book.read(item.filename))
    broken.write_bytes(out.getvalue())
    assert read_in_libreoffice(broken, tmp_path)["ran"] is False
