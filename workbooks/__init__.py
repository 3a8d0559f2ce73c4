"""The template workbook: sheet specs, the month-file reader, the plan and the XlsxWriter writer (README.md, Layout)."""
