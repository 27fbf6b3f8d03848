"""Batches of cases built and written by several processes at once.

Building rows is Python (one core per process); the database works on another batch meanwhile.
Each worker is a forked copy of the prepared `Plan` (text, identities, due dates, the reserved
numbers and keys — nothing is pickled), takes every n-th batch, builds it with the batch's own
dice (so what a batch holds does not depend on which worker builds it) and writes it through a
connection of its own, one transaction per batch. The parent only collects the counts.

With one worker (or one batch) everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable
from typing import Any

from django.db import connections

Message = tuple[str, Any]
Work = Callable[[range, Callable[[Message], None]], None]


def run(work: Work, *, batches: int, workers: int, on_batch: Callable[[Any], None]) -> None:
    """Call `work(indices, emit)` for the batch indices, split over `workers` processes;
    `work` emits ("batch", payload) per batch, and `on_batch(payload)` sees each in the parent."""
    workers = max(1, min(workers, batches))
    if workers == 1:
        work(range(batches), lambda message: on_batch(message[1]))
        return
    connections.close_all()  # a forked child must not share the parent's database socket
    context = multiprocessing.get_context("fork")
    messages: Any = context.Queue()
    children = [
        context.Process(target=_child, args=(work, range(w, batches, workers), messages))
        for w in range(workers)
    ]
    for child in children:
        child.start()
    try:
        running = len(children)
        while running:
            try:
                kind, payload = messages.get(timeout=2)
            except queue.Empty:
                dead = [c for c in children if c.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(
                        f"generate_data: a worker died (exit code {dead[0].exitcode})"
                    ) from None
                continue
            if kind == "batch":
                on_batch(payload)
            elif kind == "error":
                raise RuntimeError(f"generate_data: a worker failed:\n{payload}")
            else:
                running -= 1
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()


def _child(work: Work, indices: range, messages: Any) -> None:
    try:
        work(indices, messages.put)
        messages.put(("end", None))
    except BaseException:
        messages.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()
