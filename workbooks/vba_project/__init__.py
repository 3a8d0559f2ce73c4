"""Writing a VBA project (vbaProject.bin) without Excel: MS-OVBA streams in an MS-CFB compound file.

No maintained library writes one (checked for issue 18): `olefile` rewrites existing streams in place only,
`ms-cfb` 0.0.6 is a pre-release with a path-based API, `ms-ovba-compression` 1.0.1 fails to decompress the
`dir` stream of an Excel-saved project (tests/fixtures/xlsxwriter/macro01.xlsm) and oletools cannot read its
output back, `cfbwrite` is AGPL; LibreOffice's own VBA export (what `soffice --convert-to xlsm` writes) drops
the modules' Attribute lines — the wizard descriptions with them — and renews the project ID. So:
compression.py (MS-OVBA 2.4.1), cfb.py (MS-CFB), records.py and project.py (the `dir`, `PROJECT`,
`PROJECTwm` and `_VBA_PROJECT` streams, MS-OVBA 2.3).
"""
