"""`znnial addin install` / `remove`: the znnial functions in any workbook on a Windows machine.

Install does what `xlwings addin install` does (xlwings/cli.py `addin_install`, `get_addin_dir`,
`config_create` in the pinned xlwings 0.37.8): it copies the package's own `addin/xlwings.xlam` into
Excel's XLSTART folder, whose add-ins Excel loads at start-up, and writes the user's xlwings config
`%USERPROFILE%\\.xlwings\\xlwings.conf`. Unlike xlwings it never overwrites a setting the user has: it adds
`udfs` to *UDF Modules*, adds *Interpreter_Win* only where the user has none, records what it added in
`%USERPROFILE%\\.xlwings\\znnial-addin.json`, and `remove` undoes exactly that. docs/windows.md
("Your own workbooks") is the user's side of this.

Everything here is file operations on paths taken from APPDATA and USERPROFILE, so the tests run it on
any machine with those two variables pointed at temporary folders; the one question only Excel can answer
(where its XLSTART folder is) lives in `excel_startup_folder`, asked only on Windows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import xlwings

from workbooks.atomic_file import write_atomically

from .conf_lines import (LINE, AddinInstallError, body, encode_line, find, is_set, key_and_value, modules,
                         newline_of, show, split_lines, state_bytes, state_text)

ADDIN_NAME = "xlwings.xlam"
UDF_MODULE = "udfs"
# The keys exactly as xlwings' own ribbon writes them (xlwings/addin/RibbonXlwings.bas, SetUdfModules and
# SetInterpreter). Readers match keys case-blind, but the ribbon's SaveConfigToFile replaces a line only when
# its key is spelt the same, and GetConfigFromFile takes the first match: a "UDF Modules" line of ours would
# shadow every later change the user makes in the ribbon.
UDF_MODULES_KEY = "UDF MODULES"
INTERPRETER_KEY = "INTERPRETER_WIN"
CONDA_KEYS = ("CONDA PATH", "CONDA ENV")  # xlwings/cli.py config_create writes them so
STATE_NAME = "znnial-addin.json"


@dataclass(frozen=True)
class Places:
    """Where the add-in and the user's xlwings config live on this machine."""

    xlstart: Path
    xlstart_origin: str  # how xlstart was found, for the report
    user_config: Path  # what xlwings' VBA reads: Environ("USERPROFILE") & "\.xlwings\xlwings.conf" (Config.bas)
    state: Path


def packaged_addin() -> Path:
    """The add-in that ships inside the installed xlwings, so its VBA matches the pinned xlwings exactly."""
    return Path(xlwings.__file__).resolve().parent / "addin" / ADDIN_NAME


def windows_interpreter() -> Path:
    """pythonw.exe beside the Python running znnial: the one that has udfs and xlwings installed.
    pythonw rather than python.exe so no console window opens when Excel starts it."""
    return Path(sys.executable).with_name("pythonw.exe")


def _environment_folder(variable: str) -> Path:
    value = os.environ.get(variable, "")
    if not value:
        kept = "Excel's XLSTART folder" if variable == "APPDATA" else "the user's xlwings.conf"
        raise AddinInstallError(f"the environment variable {variable} is not set: it names the folder Windows "
                                f"keeps {kept} under")
    return Path(value)


def _user_xlwings_folder() -> Path:
    return _environment_folder("USERPROFILE") / ".xlwings"


def excel_startup_folder() -> Path:
    """Excel's own answer for its user XLSTART folder (Application.StartupPath), as xlwings'
    `get_addin_dir` asks it; starts a hidden Excel when none runs. Windows only."""
    try:
        if xlwings.apps:
            return Path(xlwings.apps.active.startup_path)
        with xlwings.App(visible=False) as app:
            return Path(app.startup_path)
    except Exception as problem:  # COM errors come in many classes; all mean Excel did not answer
        raise AddinInstallError(
            f"could not ask Excel for its XLSTART folder ({problem}); run `znnial addin install --no-excel` "
            r"to use %APPDATA%\Microsoft\Excel\XLSTART, Excel's default") from problem


def locate(ask_excel: bool) -> Places:
    """The places for install: XLSTART from Excel on Windows unless told otherwise, else from APPDATA."""
    folder = _user_xlwings_folder()
    if ask_excel and sys.platform == "win32":
        xlstart, origin = excel_startup_folder(), "as Excel reports it"
    else:
        xlstart = _environment_folder("APPDATA") / "Microsoft" / "Excel" / "XLSTART"
        origin = r"%APPDATA%\Microsoft\Excel\XLSTART, Excel's default"
    return Places(xlstart, origin, folder / "xlwings.conf", folder / STATE_NAME)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()




def _make_folder(folder: Path) -> list[str]:
    """Create `folder` and any missing parents; the ones created, outermost first, so remove can undo them."""
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return [str(p) for p in reversed(missing)]


# --- install -------------------------------------------------------------------------------------------

def _read_state(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as problem:
        raise AddinInstallError(f"{path} is not the record znnial writes ({problem}); "
                                "delete it only if you removed znnial's add-in set-up by hand") from None


def _plan_addin(places: Places, source: Path, state: dict, report: list[str]) -> bool:
    """Whether to copy the add-in; refuses to replace an xlwings.xlam that znnial did not put there."""
    target = places.xlstart / ADDIN_NAME
    if not target.exists():
        return True
    if _digest(target) == _digest(source):
        whose = "znnial's" if state.get("addin") else "already there before znnial"
        report.append(f"  kept     {target}: identical to xlwings {xlwings.__version__}'s add-in ({whose})")
        return False
    recorded = state.get("addin")
    if recorded and recorded["sha256"] == _digest(target):
        return True  # our own earlier copy, from another xlwings version: bring it up to this one
    raise AddinInstallError(
        f"{target} is a different xlwings add-in (another xlwings version, or edited): znnial needs "
        f"the one from xlwings {xlwings.__version__}, whose VBA loads xlwings64-{xlwings.__version__}.dll. "
        "Nothing was changed. Remove that add-in first (`xlwings addin remove` from the Python it belongs to, "
        "or delete the file with Excel closed), then run `znnial addin install` again")


def _add_line(key: str, value: str, additions: list[bytes], changes: dict, report: list[str]) -> None:
    """A new `"KEY","value"` line, appended at the end of the file, recorded so that remove takes it back."""
    line = encode_line(key, value)
    additions.append(line)
    changes["added"].append(state_text(line))
    report.append(f"  added    {show(line)}")


def _set_line(lines: list[bytes], key: str, value: str, additions: list[bytes], changes: dict, report: list[str],
              whose) -> None:
    """`"KEY","value"`: added when the key is absent, filled in when its line is blank, else the user's kept."""
    index = find(lines, key)
    if index is None:
        _add_line(key, value, additions, changes, report)
    elif not is_set(lines[index]):  # xlwings reads the first line of a key: a second one would stay unread
        before = body(lines[index])
        start, end = LINE.match(before).span(2)
        after = before[:start] + encode_line(key, value)[len(f'"{key}","'):-1] + before[end:]
        lines[index] = after + lines[index][len(before):]
        changes.setdefault("filled", []).append({"before": state_text(before), "after": state_text(after)})
        report.append(f"  filled   {show(before)} → {show(after)} (a blank value counts as unset)")
    else:
        line = body(lines[index])
        report.append(f"  kept     {show(line)}{whose(line)}")


def conda_environment() -> tuple[str, str] | None:
    """The Conda folder and environment znnial runs in, found as `xlwings addin install` finds them
    (xlwings/cli.py get_conda_settings: CONDA_EXE and CONDA_DEFAULT_ENV, which `conda activate` sets) and
    used on Windows only, as its config_create does. None outside an activated Conda environment."""
    from xlwings.cli import get_conda_settings

    path, env = get_conda_settings()
    return (path, env) if path and sys.platform.startswith("win") else None


def _plan_config(lines: list[bytes], interpreter: Path, ours: list[str], report: list[str],
                 conda: tuple[str, str] | None = None) -> tuple[list[bytes], dict]:
    """The new config lines and the record of what changed; never replaces a value the user has.
    `ours`: the lines an earlier install added or changed, so the report can tell them from the user's."""
    lines = list(lines)

    def whose(line: bytes) -> str:
        return " (added by znnial earlier)" if state_text(line) in ours else ""

    newline = newline_of(b"".join(lines))
    changes: dict = {"added": []}
    additions: list[bytes] = []

    index = find(lines, UDF_MODULES_KEY)
    if index is None:
        _add_line(UDF_MODULES_KEY, UDF_MODULE, additions, changes, report)
    else:
        before = body(lines[index])
        value = key_and_value(before)[1]
        if UDF_MODULE.encode() in modules(value):
            report.append(f"  kept     {show(before)}: it already lists {UDF_MODULE}{whose(before)}")
        else:
            joined = value + b";" + UDF_MODULE.encode() if value.strip() else UDF_MODULE.encode()
            start, end = LINE.match(before).span(2)
            after = before[:start] + joined + before[end:]
            lines[index] = after + lines[index][len(before):]
            changes["appended"] = {"before": state_text(before), "after": state_text(after)}
            report.append(f"  changed  {show(before)} → {show(after)} (your modules kept, {UDF_MODULE} added)")

    interpreter_at = next((i for i in map(lambda k: find(lines, k), (INTERPRETER_KEY, "INTERPRETER"))
                           if i is not None and is_set(lines[i])), None)  # a blank value counts as unset
    conda_at = [find(lines, k) for k in CONDA_KEYS]
    if interpreter_at is not None:
        line = body(lines[interpreter_at])
        report.append(f"  kept     {show(line)}{whose(line)}: Excel starts this Python, which must have znnial "
                      "installed")
    elif all(i is not None and is_set(lines[i]) for i in conda_at):
        # xlwings uses Conda Path/Env only while Interpreter_Win is blank (xlwings/addin/Main.bas XLPyLoadDLL)
        report.append(f"  kept     {show(body(lines[conda_at[0]]))} and {show(body(lines[conda_at[1]]))}: "
                      "Excel starts that Conda environment, which must have znnial installed")
    elif conda:  # as `xlwings addin install` writes them: an unactivated env's bare pythonw cannot load numpy
        for key, value in zip(CONDA_KEYS, conda):
            _set_line(lines, key, value, additions, changes, report, whose)
    else:
        if sys.platform == "win32" and not interpreter.exists():
            raise AddinInstallError(f"{interpreter} does not exist: run znnial from a Python installation that "
                                    "has pythonw.exe (python.org, Anaconda or a venv made from one)")
        _set_line(lines, INTERPRETER_KEY, str(interpreter), additions, changes, report, whose)
    handled = {UDF_MODULES_KEY, INTERPRETER_KEY, "INTERPRETER", *CONDA_KEYS}
    others = [parsed[0] for parsed in map(key_and_value, lines) if parsed and parsed[0] not in handled]
    if others:
        report.append(f"  kept     your other settings as they are: {', '.join(others)}")
    if additions and lines and not lines[-1].endswith((b"\n", b"\r")):
        lines[-1] += newline  # a hand-edited file may end without one; remove takes it away again
        changes["final_newline_added"] = True
    return lines + [line + newline for line in additions], changes


def install(places: Places, interpreter: Path, source: Path | None = None,
            conda: tuple[str, str] | None = None) -> list[str]:
    """Copy the add-in and add znnial's settings (`conda`: the Conda folder and environment to start instead
    of `interpreter`); returns the report lines. Checks everything before changing anything, so an error
    leaves the machine as it was."""
    source = source or packaged_addin()
    state = _read_state(places.state)
    report = [f"XLSTART folder: {places.xlstart} ({places.xlstart_origin})"]
    copy_addin = _plan_addin(places, source, state, report)

    config_existed = places.user_config.exists()
    old_lines = split_lines(places.user_config.read_bytes()) if config_existed else []
    config_report: list[str] = []
    ours = [*state.get("added", []), *([state["appended"]["after"]] if "appended" in state else [])]
    ours += [filled["after"] for filled in state.get("filled", [])]
    new_lines, changes = _plan_config(old_lines, interpreter, ours, config_report, conda)
    config_changed = new_lines != old_lines

    created = state.get("created_folders", [])
    if copy_addin:
        created += _make_folder(places.xlstart)
        target = places.xlstart / ADDIN_NAME
        try:
            target.write_bytes(source.read_bytes())
        except PermissionError:
            raise AddinInstallError(f"could not write {target}: quit Excel (it holds the add-in open) and run "
                                    "`znnial addin install` again. Nothing was changed") from None
        state["addin"] = {"path": str(target), "sha256": _digest(target)}
        report.append(f"  copied   xlwings {xlwings.__version__}'s add-in {source}\n"
                      f"           → {target}")
    report.append(f"User config {places.user_config}{'' if config_existed else ' (new file)'}:")
    report += config_report
    if config_changed:
        created += _make_folder(places.user_config.parent)
        write_atomically(b"".join(new_lines), places.user_config)
        added = state.setdefault("added", [])
        added += [line for line in changes["added"] if line not in added]  # re-added after the user deleted it
        state["config_created"] = state.get("config_created", False) or not config_existed
        for key in ("appended", "final_newline_added"):
            if key in changes:
                state[key] = changes[key]
        state["filled"] = state.get("filled", []) + changes.get("filled", [])
    if not (copy_addin or config_changed):
        report.append("Nothing changed: znnial's add-in set-up was already in place.")
        return report
    created += _make_folder(places.state.parent)
    state["created_folders"] = created
    places.state.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    report += [
        f"Recorded what was added in {places.state}; `znnial addin remove` undoes exactly that.",
        "Next: start (or restart) Excel, which loads add-ins from XLSTART; tick File › Options › Trust Center ›",
        "Trust Center Settings › Macro Settings › Trust access to the VBA project object model; then in your",
        "workbook: Alt+F11 › Tools › References › tick xlwings, press xlwings › Import Functions and save it",
        "as .xlsm (docs/windows.md, 'Your own workbooks').",
    ]
    return report


# --- remove --------------------------------------------------------------------------------------------

def _remove_addin(state: dict, report: list[str]) -> None:
    recorded = state.get("addin")
    if not recorded:
        return
    target = Path(recorded["path"])
    if not target.exists():
        report.append(f"  gone     {target}: already deleted")
    elif _digest(target) != recorded["sha256"]:
        report.append(f"  kept     {target}: it changed since znnial copied it, so it is yours now; "
                      "delete it yourself if you do not need it")
    else:
        try:
            target.unlink()
        except PermissionError:
            raise AddinInstallError(f"could not delete {target}: quit Excel (it holds the add-in open) and run "
                                    "`znnial addin remove` again. Nothing was changed") from None
        report.append(f"  removed  {target}")


def _undo_config(lines: list[bytes], state: dict, report: list[str]) -> tuple[list[bytes], bool]:
    """Lines without znnial's additions, and whether all of them came out."""
    lines = list(lines)
    all_out = True
    for text in state.get("added", []):
        ours = state_bytes(text)
        key = key_and_value(ours)[0]
        index = find(lines, key)
        if index is not None and body(lines[index]) == ours:
            del lines[index]
            report.append(f"  removed  {show(ours)}")
        else:
            all_out = False
            now = show(body(lines[index])) if index is not None else "no such line"
            report.append(f"  kept     {now}: znnial had added {show(ours)}, and it has changed since")
    appended = state.get("appended")
    if appended:
        before, after = state_bytes(appended["before"]), state_bytes(appended["after"])
        index = find(lines, key_and_value(before)[0])
        if index is not None and body(lines[index]) == after:
            lines[index] = before + lines[index][len(after):]
            report.append(f"  restored {show(before)}")
        elif index is not None and UDF_MODULE.encode() in modules(key_and_value(lines[index])[1]):
            line = body(lines[index])
            start, end = LINE.match(line).span(2)
            kept = b";".join(m for m in modules(line[start:end]) if m != UDF_MODULE.encode())
            lines[index] = line[:start] + kept + line[end:] + lines[index][len(line):]
            report.append(f"  changed  {show(line)} → {show(body(lines[index]))} ({UDF_MODULE} taken out)")
        else:
            report.append(f"  kept     {UDF_MODULES_KEY}: it no longer lists {UDF_MODULE}")
    for filled in state.get("filled", []):
        before, after = state_bytes(filled["before"]), state_bytes(filled["after"])
        index = find(lines, key_and_value(before)[0])
        if index is not None and body(lines[index]) == after:
            lines[index] = before + lines[index][len(after):]
            report.append(f"  restored {show(before)}")
        else:
            report.append(f"  kept     {show(body(lines[index])) if index is not None else 'no such line'}: "
                          f"znnial had filled in {show(after)}, and it has changed since")
    if all_out and state.get("final_newline_added") and lines:
        lines[-1] = body(lines[-1])
    return lines, all_out


def remove(user_folder: Path | None = None) -> list[str]:
    """Undo what `install` recorded, and only that; returns the report lines."""
    folder = user_folder or _user_xlwings_folder()
    state_path, config = folder / STATE_NAME, folder / "xlwings.conf"
    state = _read_state(state_path)
    if not state:
        return [f"Nothing to remove: {state_path} does not exist, so znnial installed nothing here."]
    report = ["Add-in:"] if state.get("addin") else []
    _remove_addin(state, report)
    if state.get("added") or state.get("appended") or state.get("filled"):
        report.append(f"User config {config}:")
        if config.exists():
            old = split_lines(config.read_bytes())
            new, _ = _undo_config(old, state, report)
            if state.get("config_created") and not b"".join(new).strip():
                config.unlink()
                report.append(f"  deleted  {config}: znnial had created it and nothing else is in it")
            elif new != old:
                write_atomically(b"".join(new), config)
        else:
            report.append("  gone     the file is already deleted")
    state_path.unlink()
    for created in reversed(state.get("created_folders", [])):
        path = Path(created)
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    report.append(f"Removed the record {state_path}. Restart Excel so it no longer loads the add-in.")
    return report
