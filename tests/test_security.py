"""Security rules, each with its test.

1. Nothing from a cell or a file is ever evaluated or unpickled: an AST scan of
   the project's own code (udfs/, workbooks/, addin/, znnial.py) finds no
   eval/exec/compile, no pickle-family module, no pandas/numpy pickle loading,
   no yaml.load, no shell, and no XML parser other than defusedxml.
2. No network access anywhere: build, refresh, export and every function's
   example run in a subprocess whose sockets, name lookups and URL requests
   all raise (tests/faults/no_network.py).
3. The VBA project in the workbook holds only code we account for — the template, a fresh build and a
   refreshed copy: xlwings' modules with source byte-identical to the installed package's, the functions'
   wrappers exactly as workbooks/vba_wrappers.py writes them, and empty sheet modules; no signature, no ActiveX.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.reliability_report import count
from tests.vba_readers import olevba_modules
from workbooks.build import TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("udfs", "workbooks", "addin")
SCRIPTS = ("znnial.py",)

# --------------------------------------------------------------------------- 1. AST scan

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib",
                     "jsonpickle", "code", "codeop", "pty", "telnetlib", "ftplib", "smtplib", "socket",
                     "urllib", "http", "requests", "httpx", "aiohttp", "webbrowser",
                     # XML parsers that expand entities: month files must go through defusedxml
                     "xml.etree", "xml.dom", "xml.sax", "lxml", "xml.parsers"}
FORBIDDEN_ATTRIBUTES = {"read_pickle", "to_pickle", "eval", "query", "system", "popen", "startfile",
                        "execv", "execve", "execvp", "spawnv", "spawnl"}


def project_files() -> list[Path]:
    files = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    return files + [ROOT / s for s in SCRIPTS if (ROOT / s).exists()]


def findings(source: str, name: str = "<snippet>") -> list[str]:
    """What the rules forbid in one module's source, as 'file:line what'."""
    tree = ast.parse(source, name)
    found = []
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}

    def add(node, what):
        found.append(f"{name}:{node.lineno} {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                add(node, f"call of {func.id}()")
            if isinstance(func, ast.Attribute):
                base = func.value.id if isinstance(func.value, ast.Name) else None
                if func.attr in FORBIDDEN_ATTRIBUTES:
                    add(node, f"call of .{func.attr}()")
                if func.attr == "load" and base in ("np", "numpy", "yaml", "pickle", "marshal"):
                    add(node, f"{base}.load()")
                if func.attr in FORBIDDEN_CALLS and base in ("builtins", "__builtins__"):
                    add(node, f"{base}.{func.attr}()")
            for keyword in node.keywords:
                if keyword.arg in ("allow_pickle", "shell") and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                    add(node, f"{keyword.arg}=... (only False is allowed)")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_CALLS and id(node) not in called:
            add(node, f"reference to {node.id}")  # aliasing eval is as bad as calling it
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id == "__builtins__":
            add(node, "__builtins__[...]")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.module == "builtins":
                modules = [f"builtins.{a.name}" for a in node.names]
            for module in modules:
                if any(module == m or module.startswith(m + ".") for m in FORBIDDEN_MODULES) \
                        or module in {f"builtins.{c}" for c in FORBIDDEN_CALLS}:
                    add(node, f"import of {module}")
                if module == "subprocess":
                    add(node, "import of subprocess")
    return found


# Code that may start a process (not from cell or file content): LibreOffice for the screenshots, pytest for
# the counts of docs/reliability.md.
ALLOWED = {
    ("addin/screenshots.py", "import of subprocess"),
    ("addin/generated/reliability.py", "import of subprocess"),  # `make regenerate` runs pytest on our own tests
}


def test_no_eval_exec_or_pickle_in_the_project():
    files = project_files()
    assert len(files) > 40 and any(p.name == "coercion.py" for p in files)
    problems = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        for finding in findings(path.read_text(encoding="utf-8"), relative):
            what = finding.split(" ", 1)[1]
            if (relative, what) not in ALLOWED:
                problems.append(finding)
    assert not problems, "\n".join(problems)
    count("security", "AST scan of the project's own modules for eval/exec/pickle/shell/XML/network",
          "clean", len(files))


BAD_SNIPPETS = {
    "eval(cell)": "call of eval()",
    "exec(text)": "call of exec()",
    "f = eval": "reference to eval",
    "compile(src, 'x', 'exec')": "call of compile()",
    "__import__(name)": "call of __import__()",
    "__builtins__['eval']('1')": "__builtins__[...]",
    "import builtins\nbuiltins.exec('x')": "builtins.exec()",
    "from builtins import eval as e": "import of builtins.eval",
    "import pickle": "import of pickle",
    "import pickle as p": "import of pickle",
    "from marshal import loads": "import of marshal",
    "import shelve": "import of shelve",
    "df = pd.read_pickle(path)": "call of .read_pickle()",
    "frame.eval('a + b')": "call of .eval()",
    "frame.query(text)": "call of .query()",
    "np.load(path, allow_pickle=True)": "np.load()",
    "yaml.load(text)": "yaml.load()",
    "subprocess.run(cmd, shell=True)": "shell=... (only False is allowed)",
    "os.system(cmd)": "call of .system()",
    "import xml.etree.ElementTree as ET": "import of xml.etree.ElementTree",
    "from xml.dom import minidom": "import of xml.dom",
    "from lxml import etree": "import of lxml",
    "import urllib.request": "import of urllib.request",
    "import socket": "import of socket",
}


@pytest.mark.parametrize(("snippet", "expected"), BAD_SNIPPETS.items(), ids=list(BAD_SNIPPETS))
def test_the_scan_catches(snippet, expected):
    got = findings(snippet)
    assert any(g.endswith(expected) for g in got), got
    count("security", "planted eval/exec/pickle/shell/XML/network snippet (scan self-test)", "caught")


def test_the_scan_leaves_safe_code_alone():
    safe = textwrap.dedent("""
        import json, csv, zipfile
        from defusedxml.ElementTree import DefusedXMLParser
        value = json.loads(text)
        rows = list(csv.reader(handle))
        model.evaluate(x)
        subprocess_name = "subprocess"
        np.loadtxt(path)
        run(cmd, shell=False)
    """)
    assert findings(safe) == []


# --------------------------------------------------------------------------- 2. no network


def _no_network(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(ROOT / "tests" / "faults" / "no_network.py"), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_network_guard_stops_every_kind_of_attempt():
    done = _no_network("--prove")
    assert done.returncode == 0 and "stopped 4 of 4" in done.stdout, done.stdout + done.stderr


@pytest.mark.slow
def test_build_refresh_export_and_functions_need_no_network(tmp_path):
    done = _no_network(str(tmp_path))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")
    assert (tmp_path / "znnial.xlsm").exists() and (tmp_path / "values.xlsx").exists()
    count("security", "build + 2 refreshes + export + every function's examples, sockets/DNS/URLs raising",
          "no network attempt")


# --------------------------------------------------------------------------- 3. the VBA project


def _installed_xlwings_vba() -> bytes:
    """Read straight from the installed package, not through workbooks.vba."""
    package = Path(importlib.util.find_spec("xlwings").origin).parent
    with zipfile.ZipFile(package / "quickstart_standalone.xlsm") as standalone:
        return standalone.read("xl/vbaProject.bin")


def _binaries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist()
                if name.endswith(".bin") or "activeX" in name or "vbaProject" in name}


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_vba_project_holds_only_accounted_code(tmp_path):
    from addin.refresh import refresh
    from workbooks.monthdata import read_month_files
    from workbooks.build import plan_workbook
    from workbooks.vba import SHEET_MODULE
    from workbooks.vba_wrappers import module_source
    from workbooks.xlsx_writer import render

    from addin import bundled

    expected = olevba_modules(_installed_xlwings_vba())  # read straight from the package
    fresh = render(plan_workbook(read_month_files([*bundled.month_files(), *bundled.price_files()])))
    refreshed = tmp_path / "znnial.xlsm"
    refreshed.write_bytes(TEMPLATE.read_bytes())
    extra = tmp_path / "extra.csv"
    extra.write_text("month,metal,item,value,unit,source\n2019-12,zn,tc_domestic,5500,CNY/t,vba test\n",
                     encoding="utf-8")
    refresh(refreshed, [extra])
    for label, data in (("committed template", TEMPLATE.read_bytes()), ("fresh build", fresh),
                        ("refreshed copy", refreshed.read_bytes())):
        binaries = _binaries(data)
        assert list(binaries) == ["xl/vbaProject.bin"], (label, list(binaries))  # no signature, no ActiveX
        modules = olevba_modules(binaries["xl/vbaProject.bin"])
        for name, source in expected.items():
            assert modules.pop(name) == source, f"{label}: {name} is not the installed xlwings package's"
        assert modules.pop("xlwings_udfs.bas") == module_source(), label
        for name, source in modules.items():  # what is left: a module per sheet beyond xlwings' two
            assert re.fullmatch(r"Sheet\d+\.cls", name) and source == SHEET_MODULE.format(name=name[:-4]), \
                (label, name)
    count("security", "VBA modules of template, fresh build, refreshed copy vs installed xlwings + wrappers",
          "accounted for", 3)
