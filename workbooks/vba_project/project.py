"""A VBA project with modules added or replaced, every other stream and storage carried over verbatim.

The modules we write hold source only (MODULEOFFSET 0, MS-OVBA 2.3.4.3). Compiled code in the other module
streams and the SRP streams is a cache tied to the VBA version that wrote it (2.3.4.1: "_VBA_PROJECT ...
PerformanceCache ... MUST be ignored on read"; the SRP streams are "implementation-specific and
version-dependent performance cache" too): `_VBA_PROJECT` becomes the 7-byte header with Version 0xFFFF and
no PerformanceCache, which makes the VBA environment discard every cache and compile from source — the header
xlwings ships in its own project. The SRP streams are dropped for the same reason.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import olefile

from . import records as R
from .cfb import Storage, compound_file
from .compression import compress

# 2.3.4.1 _VBA_PROJECT: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 0x0001, no cache.
VBA_PROJECT_NO_CACHE = bytes.fromhex("cc61ffff000100")
VBA = "VBA"
SRP_PREFIX = "__SRP_"


@dataclass(frozen=True)
class Module:
    """A module to put into the project: its name, its source (text, CRLF line ends), document or not."""
    name: str
    source: str
    document: bool = False


def read_storage(project: bytes) -> Storage:
    """Every stream and storage of a compound file, with the storages' CLSIDs (a UserForm has one)."""
    ole = olefile.OleFileIO(io.BytesIO(project))
    try:
        root = Storage(clsid=_clsid(ole, ""))
        for path in sorted(ole.listdir(streams=True, storages=True)):
            node = root
            for depth, part in enumerate(path[:-1]):
                node = node.storages.setdefault(part, Storage(clsid=_clsid(ole, "/".join(path[:depth + 1]))))
            name = "/".join(path)
            if ole.get_type(name) == olefile.STGTY_STORAGE:
                node.storages.setdefault(path[-1], Storage(clsid=_clsid(ole, name)))
            else:
                node.streams[path[-1]] = ole.openstream(name).read()
        return root
    finally:
        ole.close()


def _clsid(ole: olefile.OleFileIO, path: str) -> bytes:
    text = ole.root.clsid if not path else ole.getclsid(path)  # "" for the null CLSID
    return uuid.UUID(text).bytes_le if text else bytes(16)


def _decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 decompression by oletools (imported here: it builds parsers on import, ~0.3 s)."""
    from oletools.olevba import decompress_stream

    return bytes(decompress_stream(bytearray(data)))


def module_sources(project: bytes, only: set[str] | None = None) -> dict[str, str | None]:
    """Module name -> source text (decompressed from MODULEOFFSET, decoded with the project's code page).

    only: decompress just these modules; the others map to None (a refresh needs one module's source).
    """
    vba = read_storage(project).storages[VBA]
    records = R.parse(_decompress(vba.streams["dir"]))
    encoding, sources = R.codec(records), {}
    for name, (first, last) in R.module_spans(records).items():
        text = name.decode(encoding)
        if only is not None and text not in only:
            sources[text] = None
            continue
        fields = dict(records[first:last])
        stream = vba.streams[fields[0x001A].decode(encoding)]
        offset = int.from_bytes(fields[0x0031], "little")
        sources[text] = _decompress(stream[offset:]).decode(encoding)
    return sources


def with_modules(project: bytes, modules: list[Module], last: str | None = None, removed: tuple = ()) -> bytes:
    """The project with `modules` written (added, or replacing those of the same name), caches dropped.

    last: a module kept after all others (in `dir`, PROJECT and PROJECTwm), so that adding modules one
    refresh at a time gives the bytes adding them all at once gives. removed: names of modules taken out.
    """
    root = read_storage(project)
    vba = root.storages[VBA]
    records = R.parse(_decompress(vba.streams["dir"]))
    encoding = R.codec(records)
    text = root.streams["PROJECT"].decode(encoding)
    for name in removed:
        stream = dict(records[slice(*R.module_spans(records)[name.encode(encoding)])])[0x001A].decode(encoding)
        records = R.without_module(records, name, encoding)
        del vba.streams[stream]
        text = "\r\n".join(line for line in text.split("\r\n")
                           if line not in (f"Document={name}/&H00000000", f"Module={name}")
                           and not line.startswith(f"{name}="))  # its [Workspace] line, if any
        root.streams["PROJECTwm"] = R.projectwm_without(root.streams["PROJECTwm"], name, encoding)
    for module in modules:
        records = R.with_module(records, module.name, encoding, R.DOCUMENT if module.document else R.PROCEDURAL)
        vba.streams[module.name] = compress(module.source.encode(encoding))
        text = _project_text_with(text, module)
        root.streams["PROJECTwm"] = R.projectwm_with(root.streams["PROJECTwm"], module.name, encoding)
    if last is not None:
        records = R.with_module_last(records, last, encoding)
        text = _project_text_last(text, last)
        root.streams["PROJECTwm"] = R.projectwm_last(root.streams["PROJECTwm"], last, encoding)
    root.streams["PROJECT"] = text.encode(encoding)
    vba.streams["dir"] = compress(R.serialize(records))
    vba.streams["_VBA_PROJECT"] = VBA_PROJECT_NO_CACHE
    for name in [n for n in vba.streams if n.startswith(SRP_PREFIX)]:
        del vba.streams[name]
    return compound_file(root)


def _project_text_with(text: str, module: Module) -> str:
    """2.3.1 PROJECT: a ProjectModule line (Module=Name or Document=Name/&H00000000) before Name=."""
    line = f"Document={module.name}/&H00000000" if module.document else f"Module={module.name}"
    lines = text.split("\r\n")
    if line in lines:
        return text
    at = next(i for i, existing in enumerate(lines) if existing.startswith("Name="))
    return "\r\n".join(lines[:at] + [line] + lines[at:])


def _project_text_last(text: str, name: str) -> str:
    """PROJECT with the line `Module=name` moved to just before Name= (after every other module line)."""
    lines = text.split("\r\n")
    line = f"Module={name}"
    if line not in lines:
        return text
    lines.remove(line)
    at = next(i for i, existing in enumerate(lines) if existing.startswith("Name="))
    return "\r\n".join(lines[:at] + [line] + lines[at:])
