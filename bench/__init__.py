"""The performance bench: our code measured against floors, not against our own earlier numbers.

Run it with ``make bench`` (``python -m bench.run``): it prints one table and writes it, with
the machine it ran on, to ``docs/performance.md``. See `bench.run` for what each row measures.
"""
