"""Progress of an import through its stages, reported to a callback (no UI here).

An import reads the file, checks its rows, matches their places, and stores
them. Each stage owns a share of the bar, in proportion to what it costs on a
large file; storing reports rows written after each chunk. The callback gets an
:class:`ImportProgress` whose ``percent`` never goes down and ends at 100.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["STAGES", "ImportProgress", "ProgressCallback", "StageProgress"]

#: Stages of an import, in order, with their share of the bar when storing (weights).
STAGES: dict[str, float] = {"read": 20.0, "check": 20.0, "territory": 10.0, "store": 50.0}


@dataclass(frozen=True)
class ImportProgress:
    """Where an import is.

    Attributes
    ----------
    stage
        ``"read"``, ``"check"``, ``"territory"``, ``"store"`` or ``"done"``.
    percent
        Of the whole import, 0 to 100; never goes down.
    done, total
        Rows done and rows to do in this stage (for ``"store"``: rows written, over
        proposals + authors + review flags; for ``"done"``: rows read).
    """

    stage: str
    percent: float
    done: int
    total: int


ProgressCallback = Callable[[ImportProgress], None]


class StageProgress:
    """Turn "stage S is d/t done" into :class:`ImportProgress` calls to ``callback``.

    Parameters
    ----------
    callback
        Receives each update; ``None`` reports nothing.
    stages
        The stages this run goes through, in order (their weights come from :data:`STAGES`).
    """

    def __init__(self, callback: ProgressCallback | None, stages: tuple[str, ...]) -> None:
        self.callback = callback
        total = sum(STAGES[s] for s in stages)
        self._start: dict[str, float] = {}
        self._span: dict[str, float] = {}
        position = 0.0
        for stage in stages:
            self._start[stage] = position
            self._span[stage] = 100.0 * STAGES[stage] / total
            position += self._span[stage]
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Report ``done`` of ``total`` rows of ``stage`` (a stage not in this run is ignored)."""
        if self.callback is None or stage not in self._start:
            return
        fraction = 1.0 if total <= 0 else min(max(done / total, 0.0), 1.0)
        percent = self._start[stage] + self._span[stage] * fraction
        self._last = max(self._last, min(percent, 100.0))
        self.callback(ImportProgress(stage, round(self._last, 2), done, total))

    def finish(self, rows: int) -> None:
        """Report the end: 100 %."""
        if self.callback is None:
            return
        self._last = 100.0
        self.callback(ImportProgress("done", 100.0, rows, rows))
