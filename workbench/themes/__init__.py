"""Themes: cluster proposals into themes the facilitator can trust and fix by hand."""

from workbench.themes.current import THEME_COLUMNS, current_themes

__all__ = ["THEME_COLUMNS", "current_themes"]
