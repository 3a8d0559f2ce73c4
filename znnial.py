"""What the workbook's Refresh button runs.

The button calls xlwings' own `RunPython` macro with ``import znnial; znnial.main()``
(workbooks/vba.py), so this module — found in the installed package — runs whatever
the workbook's file is called.
"""


def main():
    from addin.excel import refresh_from_button

    refresh_from_button()
