"""Mesa Workbench: deliberation and prioritisation for Pichincha's economic and productive table.

The library is pure Python over polars DataFrames; Panel components live in
:mod:`workbench.ui`. Sub-packages by job: ``intake``, ``territory``, ``themes``,
``actors``, ``prioritise``, ``session``, ``reports``, ``cycle``, ``store``.
"""

from workbench.errors import (
    ConfigError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
    WorkbenchError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "InputError",
    "NotFoundError",
    "PermissionDeniedError",
    "StoreError",
    "WorkbenchError",
    "__version__",
]
