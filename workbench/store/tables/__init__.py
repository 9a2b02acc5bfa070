"""Each capability's own tables, one module per capability, one schema version each.

Keeping them apart lets work on one capability add tables without touching
the others'. :data:`MODULES` is in schema-version order.
"""

from __future__ import annotations

from workbench.store.tables import actors, cycle, intake, prioritise, session, themes

__all__ = ["MODULES"]

#: Capability table modules in the order of the schema versions that add them.
MODULES = (intake, themes, actors, prioritise, session, cycle)
