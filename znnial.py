"""What the workbook's Refresh button runs.

The button calls xlwings' own `SampleCall` macro, which runs
``import <workbook name>; <workbook name>.main()`` — for ``znnial.xlsm`` that is
this module, found in the installed package wherever the workbook lives.
"""


def main():
    from addin.excel import refresh_from_button

    refresh_from_button()
