"""Pausing the garbage collector around bulk work, and keeping it off what the work built.

Building a million records allocates tens of millions of objects; CPython then runs full
collections again and again, each walking every live object, although records hold no
reference cycles. Pausing the collector for the bulk step cut a million-event load by
about half.

Pausing alone only postpones the walk: every object made in the block is still in the
youngest generation when the collector is switched back on, so the first allocations
after it (the first query) pay for a collection over all of them, then for another as
they are promoted, and later for a full one: about 12 s after a million-event load.
So a block that ends normally having left many objects (:data:`FREEZE_AT` or more) moves
everything tracked into the permanent generation (:func:`gc.freeze`), which the collector
never walks. Frozen objects are still freed by reference counting when they are dropped,
which is all records need; cyclic garbage that happened to be waiting is kept for good, so
a small block, cheap to collect after, freezes nothing. A block that raises freezes nothing
either: an exception's traceback holds its frames in a cycle, and only the collector frees
those.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["FREEZE_AT", "gc_paused"]

#: Objects left by a block from which on they are frozen rather than collected later: a
#: collection walks about ten million objects a second, so this many cost some 10 ms. They
#: are counted as the collector counts them (new containers less those freed; objects reused
#: from CPython's small free lists are not counted), which is close for a big block.
FREEZE_AT = 100_000


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch automatic garbage collection off for the block (restoring it after); if the
    block ends normally leaving :data:`FREEZE_AT` objects or more, move every tracked object
    to the permanent generation.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     rows = [[i] for i in range(FREEZE_AT)]
    ...     gc.isenabled()
    False
    >>> gc.get_count()[0] < FREEZE_AT  # the rows were frozen, not left for the next collection
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if gc.get_count()[0] >= FREEZE_AT:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
