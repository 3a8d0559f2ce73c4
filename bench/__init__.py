"""The performance bench: our code measured against floors, not against our own earlier numbers.

Run it with ``make bench`` (``python -m bench.run``): it prints one table and writes it, with
the machine it ran on, into docs/performance.md. One module per section of the table
(`arrays`, `recalc`, `refresh`, `imports`), each saying what its rows measure; `section`
is what a section is, `timing` the shared medians, `synthetic` the made-up price history,
`report` the table and the page, `run` the list of sections.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
