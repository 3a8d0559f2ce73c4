"""Timing shared by every section: medians of interleaved runs after a warm-up.

Each pair runs interleaved (ours, floor, floor, ours, …) after one warm-up each, with a
``gc.collect()`` before every timed run; the table shows medians. Nothing in the test suite
asserts a time (tests/test_bench_smoke.py only runs the bench on tiny sizes).
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Callable


def timed(fn: Callable[[], object], prepare: Callable[[], object] | None = None) -> float:
    """Seconds one call of `fn` takes, after `prepare` (untimed) and a garbage collection."""
    if prepare is not None:
        prepare()
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(ours: Callable[[], object], base: Callable[[], object], repeat: int,
           prepare_ours: Callable[[], object] | None = None,
           prepare_base: Callable[[], object] | None = None) -> tuple[float, float]:
    """Median seconds of ours and of the baseline: one warm-up each, then interleaved runs; each side's
    `prepare` runs (untimed) before every run of that side."""
    timed(ours, prepare_ours)
    timed(base, prepare_base)
    a, b = [], []
    for i in range(repeat):
        if i % 2 == 0:
            a.append(timed(ours, prepare_ours))
            b.append(timed(base, prepare_base))
        else:
            b.append(timed(base, prepare_base))
            a.append(timed(ours, prepare_ours))
    return statistics.median(a), statistics.median(b)


def timed_cpu(fn: Callable[[], object], prepare: Callable[[], object] | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (time.process_time: this process, every thread) of one call of `fn`.
    On a shared machine the wall time of a run swings with the other processes; its CPU time much less."""
    if prepare is not None:
        prepare()
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def paired_cpu(ours: Callable[[], object], base: Callable[[], object], repeat: int,
               prepare_ours: Callable[[], object] | None = None) -> tuple[tuple[float, float], tuple[float, float]]:
    """As `paired`, with CPU time beside wall time: ((ours wall, ours CPU), (base wall, base CPU)), medians."""
    timed_cpu(ours, prepare_ours)
    timed_cpu(base)
    a, b = [], []
    for i in range(repeat):
        if i % 2 == 0:
            a.append(timed_cpu(ours, prepare_ours))
            b.append(timed_cpu(base))
        else:
            b.append(timed_cpu(base))
            a.append(timed_cpu(ours, prepare_ours))
    return _medians(a), _medians(b)


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def median(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` calls of `fn`, after one warm-up."""
    timed(fn)
    return statistics.median(timed(fn) for _ in range(repeat))


def ms(seconds: float) -> str:
    """A duration as the table shows it: milliseconds below 10 s, seconds above."""
    return f"{seconds * 1e3:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"
