"""What the tests and bench/ share: the Excel fake at the COM boundary (excel_com.py, with win32_stubs.py
standing in for pywin32 so xlwings' own Windows code runs on top; excel_button.py presses the Refresh button
on it) and the headless formula evaluator (excel_eval.py, pycel with our functions bound: pycel_udfs.py).

Not shipped (pyproject.toml packages udfs, workbooks, addin only). tests/conftest.py also makes the evaluator
importable under its old names (tests.excel_eval, tests.pycel_udfs): the same module objects.
"""
