"""``workbench actors``: import files, export, metrics; user errors are one line."""

from __future__ import annotations

import networkx as nx
import polars as pl

from workbench.cli.main import main
from workbench.store import Store
from workbench.store.seed import ensure_reference_data


def test_import_export_and_metrics_from_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store(url) as store:
        ensure_reference_data(store)
    actors = tmp_path / "actores.csv"
    actors.write_text(
        "id;nombre;tipo;nivel\nP1;Prefectura;público;provincial\nQ1;Olmedo;público;parroquia\n"
    )
    ties = tmp_path / "vinculos.csv"
    ties.write_text("origen,destino,tipo\nP1,Q1,coordinación\nP1,ZZ,coordinación\n")
    code = main(
        [
            "--db",
            url,
            "--lang",
            "en",
            "actors",
            "import",
            "--actors",
            str(actors),
            "--ties",
            str(ties),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2 actors added, 0 updated, 1 ties added, 1 flagged." in out
    assert "Tie row 3: actor ZZ is not in the list of actors." in out
    gexf = tmp_path / "mapa.gexf"
    assert main(["--db", url, "actors", "export", str(gexf)]) == 0
    assert nx.read_gexf(gexf).number_of_edges() == 1
    csv = tmp_path / "medidas.csv"
    assert main(["--db", url, "actors", "metrics", "--out", str(csv)]) == 0
    assert "Prefectura" in capsys.readouterr().out
    assert pl.read_csv(csv).height == 2


def test_import_without_files_is_one_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--db", url, "--lang", "es", "actors", "import"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["workbench: Indique un archivo de actores (--actors) o de vínculos (--ties)."]
