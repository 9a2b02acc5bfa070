"""The project's shape: the library never imports Panel; apps and registry agree; ruff is clean."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import shutil
import subprocess
import sys

import pytest

import workbench
from tests.util import REPO
from workbench.ui.registry import APPS

_UI_ONLY = ("panel", "bokeh", "holoviews", "hvplot", "param")


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_library_does_not_import_panel_outside_ui():
    offenders = []
    for path in sorted((REPO / "workbench").rglob("*.py")):
        if "ui" in path.relative_to(REPO / "workbench").parts[:1]:
            continue
        bad = _imports(path) & set(_UI_ONLY)
        if bad:
            offenders.append(f"{path.relative_to(REPO)}: {sorted(bad)}")
    assert offenders == []


def test_importing_every_library_module_loads_no_panel():
    modules = [
        m.name
        for m in pkgutil.walk_packages(workbench.__path__, "workbench.")
        if not m.name.startswith("workbench.ui") and not m.name.endswith("__main__")
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        + repr(_UI_ONLY)
        + ")))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_every_registered_app_has_an_entry_point_and_every_entry_point_is_registered():
    files = {p.stem for p in (REPO / "apps").glob("*.py") if not p.stem.startswith("_")}
    assert files - {"landing"} == {app.slug for app in APPS}


@pytest.mark.parametrize("module", sorted(p.stem for p in (REPO / "apps").glob("*.py")))
def test_app_modules_import_without_serving(module):
    spec = importlib.util.spec_from_file_location(f"apps_{module}", REPO / "apps" / f"{module}.py")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    assert callable(loaded.create_app)


def test_public_names_are_listed_in_all():
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), f"{info.name} has no __all__"
        for name in module.__all__:
            assert hasattr(module, name), f"{info.name}.__all__ names missing {name}"


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(REPO / ".venv" / "bin" / "ruff")
    result = subprocess.run(
        [
            ruff,
            "check",
            "--no-cache",
            "workbench",
            "apps",
            "tests",
            "bench",
            "sample_data",
            "dev.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
