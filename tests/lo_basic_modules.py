"""Run by the system's python3 (which has LibreOffice's `uno`): open a workbook, report its Basic modules.

Usage: python3 tests/lo_basic_modules.py WORKBOOK PROFILE_DIR ['{"module": M, "procedure": P, "args": [...]}']
Starts a headless soffice on a pipe, loads WORKBOOK with macros allowed, and prints JSON: the document's Basic
libraries, the source of each module of VBAProject (LibreOffice's import of the VBA project, compiled with
`Option VBASupport 1`), and whether the given procedure ran (so its module compiled).
tests/test_vba_libreoffice.py runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno  # noqa: F401  (LibreOffice's bridge: only the system python3 has it)
from com.sun.star.beans import PropertyValue

ALWAYS_EXECUTE_NO_WARN = 4  # com.sun.star.document.MacroExecMode


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, attempts: int = 120):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(attempts):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # soffice still starting
            time.sleep(0.5)
    raise SystemExit("soffice did not answer on its pipe")


def _ran(provider, call: dict) -> bool:
    """Whether LibreOffice ran the procedure: only a module that compiled runs, and a run hands back the
    procedure's ByRef arguments (VBA's default) as out-parameters; a module with a syntax error hands back none.
    """
    script = provider.getScript(f"vnd.sun.star.script:VBAProject.{call['module']}.{call['procedure']}"
                                "?language=Basic&location=document")
    _, out_indexes, _ = script.invoke(tuple(call["args"]), (), ())
    return len(out_indexes) == len(call["args"])


def main(workbook: str, profile: str, call: str = "") -> None:
    pipe = f"znnial-{uuid.uuid4().hex}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"])
    try:
        context = _connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        doc = desktop.loadComponentFromURL(Path(workbook).resolve().as_uri(), "_blank", 0,
                                           (_prop("Hidden", True),
                                            _prop("MacroExecutionMode", ALWAYS_EXECUTE_NO_WARN)))
        libraries = doc.BasicLibraries
        report = {"libraries": list(libraries.getElementNames()), "modules": {}, "compiled": {}}
        library = libraries.getByName("VBAProject")
        libraries.loadLibrary("VBAProject")
        for name in library.getElementNames():
            report["modules"][name] = library.getByName(name)
        report["ran"] = _ran(doc.getScriptProvider(), json.loads(call)) if call else None
        doc.close(True)
        json.dump(report, sys.stdout)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
