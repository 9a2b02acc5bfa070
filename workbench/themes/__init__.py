"""Themes: cluster proposals into themes the facilitator can trust and fix by hand.

- :class:`ThemeModel`: the scikit-learn-style estimator (deterministic, independent
  of input order, every text in a theme with a confidence).
- :func:`current_themes`: the contract other capabilities read.
- :func:`fit_store`, :func:`assign_new`: fitting the stored proposals, assigning late ones.
- :mod:`workbench.themes.operations`: rename, merge, split, move, seed, lock, undo.
"""

from workbench.themes.current import THEME_COLUMNS, current_subthemes, current_themes
from workbench.themes.model import ThemeModel
from workbench.themes.operations import (
    history,
    lock,
    merge,
    move,
    rename,
    seed_theme,
    split,
    undo,
)
from workbench.themes.stored import assign_new, fit_store, load_state

__all__ = [
    "THEME_COLUMNS",
    "ThemeModel",
    "assign_new",
    "current_subthemes",
    "current_themes",
    "fit_store",
    "history",
    "load_state",
    "lock",
    "merge",
    "move",
    "rename",
    "seed_theme",
    "split",
    "undo",
]
