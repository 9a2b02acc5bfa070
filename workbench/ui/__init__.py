"""Panel components shared by the apps in ``apps/`` and the notebooks.

This is the only part of the workbench that imports Panel.
"""

from workbench.ui.context import get_store, session_language
from workbench.ui.landing import Landing
from workbench.ui.look import ACCENT, HEADER, PALETTE, page
from workbench.ui.overview import Overview
from workbench.ui.prioritise_view import Prioritiser
from workbench.ui.prioritise_weights import WeightEditor
from workbench.ui.registry import APPS, AppInfo

__all__ = [
    "ACCENT",
    "APPS",
    "HEADER",
    "PALETTE",
    "AppInfo",
    "Landing",
    "Overview",
    "Prioritiser",
    "WeightEditor",
    "get_store",
    "page",
    "session_language",
]
