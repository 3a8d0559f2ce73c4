"""`znnial addin install` / `remove` through the real command line, with APPDATA and USERPROFILE pointed at
temporary folders (what Windows sets them to: %APPDATA% = ...\\AppData\\Roaming, %USERPROFILE% = C:\\Users\\name).

Expected values come from the installed xlwings itself: the add-in file is xlwings/addin/xlwings.xlam
(xlwings/cli.py `addin_install`), Excel's default user XLSTART folder is %APPDATA%\\Microsoft\\Excel\\XLSTART,
the user config is %USERPROFILE%\\.xlwings\\xlwings.conf (xlwings/addin/Config.bas GetConfigFilePath), and its
lines are `"KEY","value"` ended by CRLF, as VBA's Write # writes them (Config.bas SaveConfigToFile).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
import xlwings

from addin.cli import main

PACKAGED_ADDIN = Path(xlwings.__file__).resolve().parent / "addin" / "xlwings.xlam"
PYTHONW = str(Path(sys.executable).parent / "pythonw.exe")  # the interpreter znnial runs under, windowless

# A user who already runs xlwings: lines as the xlwings ribbon writes them (RibbonXlwings.bas SetInterpreter,
# SetUdfModules, the Show Console toggle) plus a PYTHONPATH, CRLF-ended.
USERS_OWN_CONFIG = (b'"INTERPRETER_WIN","C:\\Python311\\pythonw.exe"\r\n'
                    b'"UDF MODULES","mymodule"\r\n'
                    b'"SHOW CONSOLE","False"\r\n'
                    b'"PYTHONPATH","C:\\work\\lib"\r\n')


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """An empty Windows user: APPDATA and USERPROFILE are temporary folders."""
    appdata, profile = tmp_path / "AppData" / "Roaming", tmp_path / "li"
    appdata.mkdir(parents=True)
    profile.mkdir()
    monkeypatch.setenv("APPDATA", str(appdata))
    monkeypatch.setenv("USERPROFILE", str(profile))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _xlstart(machine: Path) -> Path:
    return machine / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"


def _conf(machine: Path) -> Path:
    return machine / "li" / ".xlwings" / "xlwings.conf"


def _files(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under root with its bytes (None for a folder), to compare whole machines."""
    return {p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes()) for p in root.rglob("*")}


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["addin", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_fresh_machine_gets_the_addin_and_a_config_with_udfs_and_this_python(machine, capsys):
    code, out, _ = _run(capsys, "install")
    assert code == 0
    assert (_xlstart(machine) / "xlwings.xlam").read_bytes() == PACKAGED_ADDIN.read_bytes()
    assert _conf(machine).read_bytes().split(b"\r\n") == [
        b'"UDF MODULES","udfs"',
        f'"INTERPRETER_WIN","{PYTHONW}"'.encode(),
        b"",  # the last line ends with CRLF too
    ]
    assert f"copied   xlwings {xlwings.__version__}'s add-in" in out
    assert f"→ {_xlstart(machine) / 'xlwings.xlam'}" in out
    assert 'added    "UDF MODULES","udfs"' in out
    assert f'added    "INTERPRETER_WIN","{PYTHONW}"' in out
    assert (machine / "li" / ".xlwings" / "znnial-addin.json").exists()


def test_the_users_settings_are_kept_and_udfs_is_appended_to_their_modules(machine, capsys):
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(USERS_OWN_CONFIG)
    code, out, _ = _run(capsys, "install")
    assert code == 0
    assert _conf(machine).read_bytes() == USERS_OWN_CONFIG.replace(b'"mymodule"', b'"mymodule;udfs"')
    assert '  changed  "UDF MODULES","mymodule" → "UDF MODULES","mymodule;udfs"' in out
    assert '  kept     "INTERPRETER_WIN","C:\\Python311\\pythonw.exe": Excel starts this Python' in out
    assert "  kept     your other settings as they are: SHOW CONSOLE, PYTHONPATH" in out
    assert PYTHONW not in out  # no second interpreter line, not even proposed


def test_installing_twice_changes_nothing_the_second_time(machine, capsys):
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(USERS_OWN_CONFIG)
    _run(capsys, "install")
    after_first = _files(machine)
    code, out, _ = _run(capsys, "install")
    assert code == 0
    assert _files(machine) == after_first
    assert "Nothing changed: znnial's add-in set-up was already in place." in out
    assert '"UDF MODULES","mymodule;udfs": it already lists udfs (added by znnial earlier)' in out


def test_a_line_the_user_deleted_is_added_again_and_removed_once(machine, capsys):
    _run(capsys, "install", "--no-excel")
    lines = _conf(machine).read_bytes().split(b"\r\n")
    _conf(machine).write_bytes(b"\r\n".join(lines[1:]))  # the user deletes "UDF MODULES","udfs"
    _, out, _ = _run(capsys, "install", "--no-excel")
    assert 'added    "UDF MODULES","udfs"' in out
    _, out, _ = _run(capsys, "remove")
    assert "kept" not in out  # every line znnial added came out, none reported as changed
    assert not _conf(machine).exists()


@pytest.mark.parametrize("original", [None, USERS_OWN_CONFIG,
                                      # hand-edited: LF endings, no newline at the end, a blank module list
                                      b'"UDF MODULES",""\n"SHOW CONSOLE","True"'],
                         ids=["fresh", "users-config", "hand-edited"])
def test_remove_gives_back_exactly_the_files_there_were(machine, capsys, original):
    if original is not None:
        _conf(machine).parent.mkdir()
        _conf(machine).write_bytes(original)
    before = _files(machine)
    assert _run(capsys, "install")[0] == 0
    assert _files(machine) != before
    code, out, _ = _run(capsys, "remove")
    assert code == 0
    assert _files(machine) == before
    if original is not None:
        assert _conf(machine).read_bytes() == original
    assert f"  removed  {_xlstart(machine) / 'xlwings.xlam'}" in out


def test_hand_edited_config_gets_its_own_line_endings_and_udfs_into_a_blank_module_list(machine, capsys):
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(b'"UDF MODULES",""\n"SHOW CONSOLE","True"')
    _run(capsys, "install")
    # a blank list becomes "udfs", not ";udfs" (an empty module name before the ";")
    assert _conf(machine).read_bytes() == (b'"UDF MODULES","udfs"\n"SHOW CONSOLE","True"\n'
                                           + f'"INTERPRETER_WIN","{PYTHONW}"\n'.encode())


def test_remove_leaves_an_addin_the_user_replaced_and_says_so(machine, capsys):
    _run(capsys, "install")
    replaced = _xlstart(machine) / "xlwings.xlam"
    replaced.write_bytes(b"the user's own build of the add-in")
    code, out, _ = _run(capsys, "remove")
    assert code == 0
    assert replaced.read_bytes() == b"the user's own build of the add-in"
    assert f"  kept     {replaced}: it changed since znnial copied it" in out
    assert not _conf(machine).exists()  # the config part is still undone: znnial had created that file


def test_remove_takes_out_only_udfs_when_the_user_added_modules_after_install(machine, capsys):
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(USERS_OWN_CONFIG)
    _run(capsys, "install")
    edited = _conf(machine).read_bytes().replace(b'"mymodule;udfs"', b'"mymodule;udfs;theirs"')
    _conf(machine).write_bytes(edited)
    _run(capsys, "remove")
    assert _conf(machine).read_bytes() == USERS_OWN_CONFIG.replace(b'"mymodule"', b'"mymodule;theirs"')


def test_a_different_xlwings_addin_is_not_replaced_and_nothing_changes(machine, capsys):
    _xlstart(machine).mkdir(parents=True)
    (_xlstart(machine) / "xlwings.xlam").write_bytes(b"xlwings 0.30.0's add-in")
    before = _files(machine)
    code, _, err = _run(capsys, "install")
    assert code == 2
    assert f"{_xlstart(machine) / 'xlwings.xlam'} is a different xlwings add-in" in err
    assert "Nothing was changed" in err
    assert _files(machine) == before


def test_an_addin_znnial_copied_from_an_older_xlwings_is_brought_up_to_this_one(machine, capsys):
    _run(capsys, "install")
    # as if the earlier install ran under xlwings 0.37.7: its add-in in XLSTART, its digest in the record
    older = b"xlwings 0.37.7's add-in"
    (_xlstart(machine) / "xlwings.xlam").write_bytes(older)
    record = machine / "li" / ".xlwings" / "znnial-addin.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    state["addin"]["sha256"] = hashlib.sha256(older).hexdigest()
    record.write_text(json.dumps(state), encoding="utf-8")
    code, out, _ = _run(capsys, "install")
    assert code == 0
    assert (_xlstart(machine) / "xlwings.xlam").read_bytes() == PACKAGED_ADDIN.read_bytes()
    assert "copied   xlwings 0.37.8's add-in" in out


def test_an_identical_addin_already_there_is_used_and_left_behind_on_remove(machine, capsys):
    _xlstart(machine).mkdir(parents=True)
    (_xlstart(machine) / "xlwings.xlam").write_bytes(PACKAGED_ADDIN.read_bytes())  # `xlwings addin install`
    before = _files(machine)
    _, out, _ = _run(capsys, "install")
    assert "identical to xlwings 0.37.8's add-in (already there before znnial)" in out
    _run(capsys, "remove")
    assert _files(machine) == before


def test_conda_settings_are_kept_and_no_interpreter_is_added_over_them(machine, capsys):
    # xlwings activates Conda Path/Env only while Interpreter_Win is blank (xlwings/addin/Main.bas XLPyLoadDLL)
    conda = b'"CONDA PATH","C:\\Users\\li\\anaconda3"\r\n"CONDA ENV","base"\r\n'
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(conda)
    _, out, _ = _run(capsys, "install")
    assert _conf(machine).read_bytes() == conda + b'"UDF MODULES","udfs"\r\n'
    assert "Excel starts that Conda environment" in out


@pytest.mark.parametrize("missing", ["APPDATA", "USERPROFILE"])
def test_install_refuses_without_the_windows_folders_and_names_the_variable(machine, capsys, monkeypatch,
                                                                            missing):
    monkeypatch.delenv(missing)
    before = _files(machine)
    code, _, err = _run(capsys, "install")
    assert code == 2
    assert f"the environment variable {missing} is not set" in err
    assert _files(machine) == before


def test_remove_with_nothing_installed_says_so(machine, capsys):
    code, out, _ = _run(capsys, "remove")
    assert code == 0
    assert out.startswith("Nothing to remove:")


def test_in_a_conda_environment_conda_path_and_env_are_written_as_xlwings_does(machine, capsys, monkeypatch):
    # xlwings/cli.py config_create on Windows in an activated Conda env: "CONDA PATH" is CONDA_EXE without its
    # last two parts (\Scripts\conda.exe), "CONDA ENV" is CONDA_DEFAULT_ENV, and no interpreter line
    monkeypatch.setenv("CONDA_EXE", str(machine / "miniconda3" / "Scripts" / "conda.exe"))
    monkeypatch.setenv("CONDA_DEFAULT_ENV", "znnial")
    monkeypatch.setattr(sys, "platform", "win32")
    before = _files(machine)
    code, out, _ = _run(capsys, "install", "--no-excel")
    assert code == 0
    assert _conf(machine).read_bytes() == (b'"UDF MODULES","udfs"\r\n'
                                           + f'"CONDA PATH","{machine / "miniconda3"}"\r\n'.encode()
                                           + b'"CONDA ENV","znnial"\r\n')
    assert f'added    "CONDA PATH","{machine / "miniconda3"}"' in out and 'added    "CONDA ENV","znnial"' in out
    assert "INTERPRETER_WIN" not in out
    _run(capsys, "remove")
    assert _files(machine) == before


def test_a_blank_interpreter_line_counts_as_unset_and_is_filled_in(machine, capsys):
    own = b'"INTERPRETER_WIN",""\r\n"UDF MODULES","mymodule"\r\n'
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(own)
    _, out, _ = _run(capsys, "install")
    # xlwings reads the first line of a key (Config.bas GetConfigFromFile): a second one would never be read
    assert _conf(machine).read_bytes() == (f'"INTERPRETER_WIN","{PYTHONW}"\r\n'.encode()
                                           + b'"UDF MODULES","mymodule;udfs"\r\n')
    assert f'filled   "INTERPRETER_WIN","" → "INTERPRETER_WIN","{PYTHONW}"' in out and "kept     \"INTERPRETER" not in out
    _, out, _ = _run(capsys, "remove")
    assert _conf(machine).read_bytes() == own and 'restored "INTERPRETER_WIN",""' in out


def test_a_utf8_byte_order_mark_does_not_hide_the_first_key(machine, capsys):
    own = b'\xef\xbb\xbf"UDF MODULES","udfs"\r\n"INTERPRETER_WIN","C:\\Python311\\pythonw.exe"\r\n'
    _conf(machine).parent.mkdir()
    _conf(machine).write_bytes(own)
    _, out, _ = _run(capsys, "install")
    assert _conf(machine).read_bytes() == own  # nothing added: udfs is already listed, on the first line
    assert 'kept     \ufeff"UDF MODULES","udfs": it already lists udfs' in out  # the mark shown as read (UTF-8 here)
    assert 'kept     "INTERPRETER_WIN","C:\\Python311\\pythonw.exe"' in out and "  added  " not in out
