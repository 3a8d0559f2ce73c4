"""A VBA project's module sources as a reader that is not ours reads them: oletools' olevba (issue 18's proof)."""

from __future__ import annotations

from oletools.olevba import VBA_Parser


def olevba_modules(project: bytes) -> dict[str, str]:
    """Module file name (Module1.bas, Sheet1.cls, …) -> source, as oletools reads it."""
    parser = VBA_Parser("vbaProject.bin", data=project)
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
