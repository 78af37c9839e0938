"""Python's garbage collector, paused while postlint starts.

Starting a check imports spaCy and Presidio and loads a model: millions of objects that live as
long as the process. The collector, run every 700 new objects, scans them again and again and
frees nothing: about a seventh of a cold `postlint draft.md`. The console script pauses it; once
the models are loaded and a first draft is checked, `resume` moves everything made so far out of
its way (gc.freeze) and turns it back on for the rest of the run.
"""
from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    gc.disable()
    _paused = True


def resume() -> None:
    """Collect again from now on (a no-op unless paused)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
