"""Write an actor network for Gephi (GEXF, GraphML) and spreadsheets (CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from workbench.actors.network import ActorNetwork

__all__ = ["export_graph", "to_csv", "to_gexf", "to_graphml"]


def _plain(value: object) -> object:
    # GEXF and GraphML have no null: a missing text becomes "", a missing number NaN
    if value is None:
        return ""
    return value


def export_graph(network: ActorNetwork, *, metrics: bool = True) -> nx.MultiDiGraph:
    """One node per actor, one edge per tie (``kind``, ``weight``, ``directed``).

    With ``metrics``, each node also carries the columns of
    :meth:`ActorNetwork.metrics` (nulls as ``NaN``).
    """
    graph = nx.MultiDiGraph()
    extra: dict[str, dict[str, object]] = {}
    if metrics:
        frame = network.metrics().drop("name", "level", "type")
        for row in frame.iter_rows(named=True):
            node = row.pop("id")
            extra[node] = {
                k: (float("nan") if v is None else v) if k != "isolate" else bool(v)
                for k, v in row.items()
            }
    for row in network.actors.iter_rows(named=True):
        node = row.pop("id")
        attrs = {k: _plain(v) for k, v in row.items()}
        if attrs["influence"] == "":
            attrs["influence"] = float("nan")
        graph.add_node(node, label=attrs.pop("name"), **attrs, **extra.get(node, {}))
    for i, row in enumerate(network.ties.iter_rows(named=True)):
        graph.add_edge(
            row["source"],
            row["target"],
            key=i,
            kind=row["kind"],
            weight=float(row["weight"]),
            directed=bool(row["directed"]),
        )
    return graph


def to_gexf(network: ActorNetwork, path: str | Path, *, metrics: bool = True) -> Path:
    """Write ``network`` as GEXF 1.2. Returns the path."""
    path = Path(path)
    nx.write_gexf(export_graph(network, metrics=metrics), path)
    return path


def to_graphml(network: ActorNetwork, path: str | Path, *, metrics: bool = True) -> Path:
    """Write ``network`` as GraphML. Returns the path."""
    path = Path(path)
    nx.write_graphml(export_graph(network, metrics=metrics), path)
    return path


def to_csv(network: ActorNetwork, folder: str | Path) -> dict[str, Path]:
    """Write ``actors.csv``, ``ties.csv`` and ``metrics.csv`` into ``folder`` (created)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.csv" for name in ("actors", "ties", "metrics")}
    network.actors.write_csv(paths["actors"])
    network.ties.drop("tie_id").write_csv(paths["ties"])
    network.metrics().write_csv(paths["metrics"])
    return paths
