"""The pywin32 and ctypes names xlwings' Windows engine imports, stubbed so that it imports on Linux.

This is the ONE import boundary of the Excel fake (doubles/excel_com.py): xlwings 0.37.8's own
`xlwings.main`, `xlwings.conversion` and `xlwings._xlwindows` run unchanged above it. Stubbed here is
only what cannot load on Linux: pywintypes, win32api, win32con, win32gui, win32process, win32timezone,
pythoncom, win32com.client (Dispatch, CDispatch, DispatchBaseClass, DispatchEx, CoClassBaseClass) and
ctypes' windll/oledll/PyDLL(pythoncom). Each stub does what `_xlwindows.py` needs of it and no more:

- `get_xl_app_from_hwnd` (`_xlwindows.py`) finds Excel's EXCEL7 child window with `win32gui.FindWindowEx`,
  asks `oledll.oleacc.AccessibleObjectFromWindow` for its IDispatch and turns the pointer into a Python
  object with pythoncom's `PyCom_PyObjectFromIUnknown`; here a window handle maps to a registered fake
  Excel Window object (`register_window`), whose `.Application` is the fake Application.
- `win32api.MessageBox` (what `App.alert` calls) records the message and answers OK (IDOK = 1).
- a fake COM object is a `CDispatch`, so `COMRetryObjectWrapper` wraps it as it wraps pywin32's.

`import_xlwings_windows()` injects the stubs into `sys.modules` and imports `xlwings._xlwindows`.
xlwings picks its Windows paths by `sys.platform` (`xlwings/main.py` `Book.caller`), so a test runs the
button with `windows_platform()` (which also puts `--from_xl=1 --wb=… --hwnd=…` into `sys.argv`, as
xlwings' VBA `RunPython` does).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import sys
import types

WINDOWS: dict[int, object] = {}  # hwnd -> fake Excel Window (doubles/excel_com.py)
MESSAGES: list[tuple[str, str]] = []  # (title, prompt) of every win32api.MessageBox
RPC_E_CALL_REJECTED = -2147418111
DISP_E_UNKNOWNNAME = -2147352570  # what IDispatch::GetIDsOfNames returns for a name the object lacks


class com_error(Exception):  # noqa: N801 - pywintypes' name
    """pywintypes.com_error: args are (hresult, text, excepinfo, argerror); `.hresult`, `.excepinfo`."""

    def __init__(self, hresult, text="", excepinfo=None, argerror=None):
        super().__init__(hresult, text, excepinfo, argerror)
        self.hresult, self.strerror, self.excepinfo, self.argerror = hresult, text, excepinfo, argerror


class TimeType(dt.datetime):
    """pywintypes.TimeType: pywin32 returns a VT_DATE as a datetime subclass (tz-aware, UTC)."""


class _OleObject:
    def GetIDsOfNames(self, _lcid, name):  # noqa: N802 - COM's name
        raise com_error(DISP_E_UNKNOWNNAME, f"Unknown name: {name}")


class CDispatch:
    """win32com.client.CDispatch: the base of every fake COM object (doubles/excel_com.py)."""

    _oleobj_ = _OleObject()  # COMRetryObjectWrapper asks it whether a missing attribute really is missing


class DispatchBaseClass:
    pass


class CoClassBaseClass:
    pass


def _dispatch(obj, *_args):
    return obj  # the fake objects already are dispatch objects


def _dispatch_ex(prog_id, *_args):
    raise com_error(-2147221005, f"Invalid class string: {prog_id} (no new Excel instance in tests)")


def _find_window(parent, _after, class_name, _title):
    if parent in WINDOWS:
        return parent  # the XLDESK and EXCEL7 children share the registered handle
    raise com_error(-2147467259, f"no {class_name} window under {parent}")


def _accessible_object_from_window(hwnd, _objid, _guid, pointer):
    pointer._obj.value = hwnd  # byref(ptr): the "IDispatch pointer" is the handle itself
    return 0


def _object_from_iunknown(pointer, _guid, _add_ref):
    return WINDOWS[pointer.value]


def _message_box(_hwnd, prompt, title, _style):
    MESSAGES.append((title, prompt))
    return 1  # IDOK


class _Library:
    """ctypes' windll/oledll: `loader.dll.Function(...)`; only the functions xlwings calls."""

    def __init__(self, functions: dict):
        self._functions = functions

    def __getattr__(self, name):
        return _Library(self._functions) if name[0].islower() else self._functions[name]


def _module(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def _stub_modules() -> dict[str, types.ModuleType]:
    pywintypes = _module("pywintypes", com_error=com_error, error=com_error, TimeType=TimeType,
                         IID=lambda text: text)
    pythoncom = _module("pythoncom", __file__="pythoncom.dll", CoInitialize=lambda: None,
                        com_error=com_error, ole_error=com_error, new=None)
    client = _module("win32com.client", Dispatch=_dispatch, DispatchEx=_dispatch_ex, CDispatch=CDispatch,
                     DispatchBaseClass=DispatchBaseClass, CoClassBaseClass=CoClassBaseClass)
    utc = dt.timezone.utc
    return {
        "pywintypes": pywintypes,
        "pythoncom": pythoncom,
        "win32api": _module("win32api", MessageBox=_message_box),
        "win32con": _module("win32con", MB_OK=0, MB_OKCANCEL=1, MB_YESNOCANCEL=3, MB_YESNO=4,
                            MB_ICONWARNING=0x30, MB_ICONINFORMATION=0x40),
        "win32gui": _module("win32gui", FindWindowEx=_find_window),
        "win32process": _module("win32process", GetWindowThreadProcessId=lambda hwnd: (1, 4000 + hwnd)),
        "win32timezone": _module("win32timezone", TimeZoneInfo=types.SimpleNamespace(utc=lambda: utc)),
        "win32com": _module("win32com", client=client, __path__=[]),
        "win32com.client": client,
    }


def import_xlwings_windows():
    """xlwings._xlwindows imported over the stubs (once per process)."""
    if "xlwings._xlwindows" in sys.modules:
        return sys.modules["xlwings._xlwindows"]
    import xlwings  # noqa: F401 - its package first, as on Windows

    sys.modules.update({name: module for name, module in _stub_modules().items() if name not in sys.modules})
    ctypes.windll = _Library({"GetTopWindow": lambda _none: 0, "GetWindow": lambda _hwnd, _how: 0})
    ctypes.oledll = _Library({"CLSIDFromString": lambda _text, _guid: 0,
                              "AccessibleObjectFromWindow": _accessible_object_from_window})
    real_pydll = ctypes.PyDLL
    ctypes.PyDLL = lambda _path: types.SimpleNamespace(PyCom_PyObjectFromIUnknown=_object_from_iunknown)
    try:
        from xlwings import _xlwindows
    finally:  # only _xlwindows' own `from ctypes import …` sees the loaders: nothing else takes this for Windows
        ctypes.PyDLL = real_pydll
        del ctypes.windll, ctypes.oledll
    return _xlwindows


def register_window(hwnd: int, window) -> None:
    WINDOWS[hwnd] = window


@contextlib.contextmanager
def windows_platform(book_name: str, hwnd: int):
    """Run as xlwings' RunPython runs Python on Windows: sys.platform 'win32' and the caller in sys.argv."""
    saved_platform, saved_argv = sys.platform, sys.argv
    sys.platform = "win32"
    sys.argv = [saved_argv[0] if saved_argv else "python", "--from_xl=1", f"--wb={book_name}", f"--hwnd={hwnd}"]
    try:
        yield
    finally:
        sys.platform, sys.argv = saved_platform, saved_argv
