"""Build, refresh, export and every worksheet function's example with the network switched off.

    python tests/faults/no_network.py WORK_FOLDER

Before anything of znnial is imported, an audit hook refuses every socket
event (creating a socket, connecting, resolving a name) and urllib request,
and ``socket.socket`` / ``socket.create_connection`` / ``socket.getaddrinfo``
are replaced by functions that raise: any attempt fails loudly and is listed.
Prints ``ok`` and exits 0 when nothing tried; otherwise lists the attempts and
exits 1. ``--prove`` instead checks the guard stops a raw socket, a connection,
an HTTP request and the C-level ``_socket`` module.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

ATTEMPTS: list[str] = []


class NetworkForbidden(RuntimeError):
    pass


def _audit(event: str, args) -> None:
    if event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "poplib.", "imaplib.",
                         "telnetlib.", "webbrowser.")):
        ATTEMPTS.append(f"{event} {args!r}"[:200])
        raise NetworkForbidden(event)


def _forbidden(name: str):
    def refuse(*args, **kwargs):
        ATTEMPTS.append(f"{name}{args!r}"[:200])
        raise NetworkForbidden(name)

    return refuse


class _NoSocket(socket.socket):  # a class still, so ssl and friends can subclass it at import
    def __init__(self, *args, **kwargs):
        ATTEMPTS.append(f"socket.socket{args!r}"[:200])
        raise NetworkForbidden("socket.socket")


sys.addaudithook(_audit)
socket.socket = _NoSocket  # type: ignore[misc]
socket.create_connection = _forbidden("socket.create_connection")
socket.getaddrinfo = _forbidden("socket.getaddrinfo")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(work: Path) -> int:
    import udfs
    from addin import cli
    from udfs.catalogue import FUNCTIONS

    template = work / "znnial.xlsm"
    assert cli.main(["build", "--out", str(template)]) == 0
    month = ROOT / "workbooks" / "data" / "months" / "2019-12.csv"
    assert cli.main(["refresh", str(template), str(month)]) == 0
    extra = work / "extra.csv"
    extra.write_text("month,metal,item,value,unit,source\n2019-12,zn,tc_domestic,5500,CNY/t,no-network test\n",
                     encoding="utf-8")
    assert cli.main(["refresh", str(template), str(extra)]) == 0
    assert cli.main(["export", "--values", str(template), str(work / "values.xlsx")]) == 0
    for spec in FUNCTIONS:
        for example in spec.examples:
            getattr(udfs, spec.name)(*example.args)
    import znnial  # noqa: F401  (what the Refresh button imports)
    import addin.store_udfs  # noqa: F401  (the second UDF module Excel imports: UDF Modules)

    if ATTEMPTS:
        print("\n".join(ATTEMPTS))
        return 1
    print("ok")
    return 0


def prove() -> int:
    """The guard itself: each of these must be stopped before it leaves the machine."""
    import urllib.request

    tries = [lambda: socket.socket(), lambda: socket.create_connection(("example.invalid", 80)),
             lambda: urllib.request.urlopen("http://example.invalid/", timeout=1),
             lambda: __import__("_socket").socket()]
    stopped = 0
    for attempt in tries:
        try:
            attempt()
        except NetworkForbidden:
            stopped += 1
    print(f"stopped {stopped} of {len(tries)}")
    return 0 if stopped == len(tries) else 1


if __name__ == "__main__":
    sys.exit(prove() if sys.argv[1] == "--prove" else main(Path(sys.argv[1])))
