"""What the tests and bench/ share: the Excel double (excel_double.py: Excel's object model faked at the COM
boundary) and the headless formula evaluator (excel_eval.py, pycel with our functions bound: pycel_udfs.py).

Not shipped (pyproject.toml packages udfs, workbooks, addin only). tests/conftest.py also makes them importable
under their old names (tests.excel_eval, tests.pycel_udfs, tests.excel_double): the same module objects.
"""
