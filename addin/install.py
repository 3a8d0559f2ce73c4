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
import locale
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import xlwings

from workbooks.atomic_file import write_atomically
from workbooks.errors import ZnnialFileError

ADDIN_NAME = "xlwings.xlam"
UDF_MODULE = "udfs"
# The keys exactly as xlwings' own ribbon writes them (xlwings/addin/RibbonXlwings.bas, SetUdfModules and
# SetInterpreter). Readers match keys case-blind, but the ribbon's SaveConfigToFile replaces a line only when
# its key is spelt the same, and GetConfigFromFile takes the first match: a "UDF Modules" line of ours would
# shadow every later change the user makes in the ribbon.
UDF_MODULES_KEY = "UDF MODULES"
INTERPRETER_KEY = "INTERPRETER_WIN"
STATE_NAME = "znnial-addin.json"


class AddinInstallError(ZnnialFileError):
    """Something that stops install or remove before it changes anything; the message says what to do."""


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


# --- the user's xlwings.conf, kept byte for byte -------------------------------------------------------
# Lines are `"KEY","value"` as VBA's Write # writes them (Config.bas SaveConfigToFile). Both readers — the
# add-in's Input # and xlwings' Python `read_user_config` — read the file in the Windows ANSI code page,
# so new lines are written in it and existing lines are never decoded and re-encoded.

_LINE = re.compile(rb'^\s*"([^"]*)"\s*,\s*"([^"]*)"')


def _conf_encoding() -> str:
    return locale.getencoding()  # the ANSI code page on Windows, whatever Python's UTF-8 mode says


def _split_lines(data: bytes) -> list[bytes]:
    """The file's lines, each with its own line ending (the last may have none)."""
    return data.splitlines(keepends=True)


def _body(line: bytes) -> bytes:
    return line.rstrip(b"\r\n")


def _key_and_value(line: bytes) -> tuple[str, bytes] | None:
    match = _LINE.match(line)
    if not match:
        return None
    return match.group(1).decode("ascii", "replace").upper(), match.group(2)


def _find(lines: list[bytes], key: str) -> int | None:
    """The line xlwings reads for `key`: the first one, keys compared case-blind (GetConfigFromFile)."""
    for index, line in enumerate(lines):
        parsed = _key_and_value(line)
        if parsed and parsed[0] == key:
            return index
    return None


def _encode_line(key: str, value: str) -> bytes:
    encoding = _conf_encoding()
    try:
        return f'"{key}","{value}"'.encode(encoding)
    except UnicodeEncodeError:
        raise AddinInstallError(
            f"{value} cannot be written in this machine's code page ({encoding}), the one xlwings reads "
            "xlwings.conf in: install Python in a folder whose path has only characters of that code page "
            "(for example C:\\Python311)") from None


def _show(value: bytes) -> str:
    return value.decode(_conf_encoding(), "replace")


def _modules(value: bytes) -> list[bytes]:
    """UDF Modules is a `;`-separated list (xlwings/addin/Main.bas GetUdfModules)."""
    return [part.strip() for part in value.split(b";")]


def _newline_of(data: bytes) -> bytes:
    """The file's own line ending; CRLF for a new file, as VBA's Write # ends lines."""
    if b"\r\n" in data:
        return b"\r\n"
    return b"\n" if b"\n" in data else b"\r\n"


def _state_text(line: bytes) -> str:
    return line.decode(_conf_encoding(), "surrogateescape")  # JSON escapes what the code page cannot hold


def _state_bytes(text: str) -> bytes:
    return text.encode(_conf_encoding(), "surrogateescape")


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


def _plan_config(lines: list[bytes], interpreter: Path, ours: list[str],
                 report: list[str]) -> tuple[list[bytes], dict]:
    """The new config lines and the record of what changed; never replaces a value the user has.
    `ours`: the lines an earlier install added or changed, so the report can tell them from the user's."""
    lines = list(lines)

    def whose(line: bytes) -> str:
        return " (added by znnial earlier)" if _state_text(line) in ours else ""

    newline = _newline_of(b"".join(lines))
    changes: dict = {"added": []}
    additions: list[bytes] = []

    index = _find(lines, UDF_MODULES_KEY)
    if index is None:
        line = _encode_line(UDF_MODULES_KEY, UDF_MODULE)
        additions.append(line)
        changes["added"].append(_state_text(line))
        report.append(f"  added    {_show(line)}")
    else:
        before = _body(lines[index])
        value = _key_and_value(before)[1]
        if UDF_MODULE.encode() in _modules(value):
            report.append(f"  kept     {_show(before)}: it already lists {UDF_MODULE}{whose(before)}")
        else:
            joined = value + b";" + UDF_MODULE.encode() if value.strip() else UDF_MODULE.encode()
            start, end = _LINE.match(before).span(2)
            after = before[:start] + joined + before[end:]
            lines[index] = after + lines[index][len(before):]
            changes["appended"] = {"before": _state_text(before), "after": _state_text(after)}
            report.append(f"  changed  {_show(before)} → {_show(after)} (your modules kept, {UDF_MODULE} added)")

    existing = [k for k in (INTERPRETER_KEY, "INTERPRETER") if _find(lines, k) is not None]
    conda = [_find(lines, k) for k in ("CONDA PATH", "CONDA ENV")]
    if existing:
        line = _body(lines[_find(lines, existing[0])])
        report.append(f"  kept     {_show(line)}{whose(line)}: Excel starts this Python, which must have znnial "
                      "installed")
    elif all(i is not None and _key_and_value(lines[i])[1].strip() for i in conda):
        # xlwings uses Conda Path/Env only while Interpreter_Win is blank (xlwings/addin/Main.bas XLPyLoadDLL)
        report.append(f"  kept     {_show(_body(lines[conda[0]]))} and {_show(_body(lines[conda[1]]))}: "
                      "Excel starts that Conda environment, which must have znnial installed")
    else:
        line = _encode_line(INTERPRETER_KEY, str(interpreter))
        additions.append(line)
        changes["added"].append(_state_text(line))
        report.append(f"  added    {_show(line)}")
    handled = {UDF_MODULES_KEY, INTERPRETER_KEY, "INTERPRETER", "CONDA PATH", "CONDA ENV"}
    others = [parsed[0] for parsed in map(_key_and_value, lines) if parsed and parsed[0] not in handled]
    if others:
        report.append(f"  kept     your other settings as they are: {', '.join(others)}")
    if additions and lines and not lines[-1].endswith((b"\n", b"\r")):
        lines[-1] += newline  # a hand-edited file may end without one; remove takes it away again
        changes["final_newline_added"] = True
    return lines + [line + newline for line in additions], changes


def install(places: Places, interpreter: Path, source: Path | None = None) -> list[str]:
    """Copy the add-in and add znnial's settings; returns the report lines. Checks everything before
    changing anything, so an error leaves the machine as it was."""
    source = source or packaged_addin()
    if sys.platform == "win32" and not interpreter.exists():
        raise AddinInstallError(f"{interpreter} does not exist: run znnial from a Python installation that has "
                                "pythonw.exe (python.org, Anaconda or a venv made from one)")
    state = _read_state(places.state)
    report = [f"XLSTART folder: {places.xlstart} ({places.xlstart_origin})"]
    copy_addin = _plan_addin(places, source, state, report)

    config_existed = places.user_config.exists()
    old_lines = _split_lines(places.user_config.read_bytes()) if config_existed else []
    config_report: list[str] = []
    ours = [*state.get("added", []), *([state["appended"]["after"]] if "appended" in state else [])]
    new_lines, changes = _plan_config(old_lines, interpreter, ours, config_report)
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
        ours = _state_bytes(text)
        key = _key_and_value(ours)[0]
        index = _find(lines, key)
        if index is not None and _body(lines[index]) == ours:
            del lines[index]
            report.append(f"  removed  {_show(ours)}")
        else:
            all_out = False
            now = _show(_body(lines[index])) if index is not None else "no such line"
            report.append(f"  kept     {now}: znnial had added {_show(ours)}, and it has changed since")
    appended = state.get("appended")
    if appended:
        before, after = _state_bytes(appended["before"]), _state_bytes(appended["after"])
        index = _find(lines, _key_and_value(before)[0])
        if index is not None and _body(lines[index]) == after:
            lines[index] = before + lines[index][len(after):]
            report.append(f"  restored {_show(before)}")
        elif index is not None and UDF_MODULE.encode() in _modules(_key_and_value(lines[index])[1]):
            line = _body(lines[index])
            start, end = _LINE.match(line).span(2)
            kept = b";".join(m for m in _modules(line[start:end]) if m != UDF_MODULE.encode())
            lines[index] = line[:start] + kept + line[end:] + lines[index][len(line):]
            report.append(f"  changed  {_show(line)} → {_show(_body(lines[index]))} ({UDF_MODULE} taken out)")
        else:
            report.append(f"  kept     {UDF_MODULES_KEY}: it no longer lists {UDF_MODULE}")
    if all_out and state.get("final_newline_added") and lines:
        lines[-1] = _body(lines[-1])
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
    if state.get("added") or state.get("appended"):
        report.append(f"User config {config}:")
        if config.exists():
            old = _split_lines(config.read_bytes())
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
