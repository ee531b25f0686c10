"""The garbage collector of a long-lived server or worker process, set once it has started.

A 1,000-message batch makes tens of thousands of short-lived dicts and objects; with Python's
defaults each 700 allocations start a collection, and the full ones walk every object Django,
the apps and their modules made at start-up. Measured on the sandbox's batch endpoint, that was
a fifth of its CPU. Start-up objects are moved out of the collector's sight (gc.freeze: they
live as long as the process anyway) and collections run less often; cycles are still collected.
"""

from __future__ import annotations

import gc

# Allocations between young-generation collections (Python's default is 700).
YOUNG_THRESHOLD = 10_000


def long_lived_process_tune() -> None:
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
