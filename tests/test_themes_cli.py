"""``workbench themes ...`` in-process: fit, show, rename, undo, review, and one-line errors."""

from __future__ import annotations

import pytest

from tests.themes_support import add_sample_proposals
from workbench.cli.main import main
from workbench.store import Store
from workbench.themes import current_themes


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store(url) as store:
        add_sample_proposals(store, 60)
    return url


def test_fit_show_rename_undo(url, capsys, monkeypatch):
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert main(["--db", url, "themes", "fit", "--themes", "3"]) == 0
    out = capsys.readouterr().out
    assert "3 themes, 60 proposals." in out
    with Store(url) as store:
        theme_id = int(current_themes(store)["theme_id"][0])
    assert main(["--db", url, "themes", "rename", str(theme_id), "Agua para riego"]) == 0
    assert "Agua para riego" in capsys.readouterr().out
    assert main(["--db", url, "themes", "undo"]) == 0
    assert "Agua para riego" not in capsys.readouterr().out
    assert main(["--db", url, "themes", "undo"]) == 0
    assert "Nothing to undo." in capsys.readouterr().out
    assert main(["--db", url, "--lang", "es", "themes", "review", "--below", "1.01"]) == 0
    assert "60 propuestas para revisar." in capsys.readouterr().out


def test_user_errors_are_one_line(url, capsys):
    assert main(["--db", url, "--lang", "es", "themes", "split", "99", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["workbench: No existe el tema 99."]
