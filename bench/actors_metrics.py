"""Actor network speed: every metric for 2,000 actors and 20,000 ties, and the map with 500 actors.

Times our wrapper (validation, graph building, all metrics, brokerage, level
matrix, key players, GEXF export) and, side by side in the same run, the raw
networkx calls the metrics rest on, so the wrapper's cost shows as a ratio.
Closeness is ours (scipy's compiled shortest paths) and is compared with
networkx's own. Betweenness above 300 actors uses networkx's pivot sampling
(``k=100``, seeded) in both columns. The map part builds the Panel component
over a store with 500 actors and times a filter change, a layout change and
choosing an actor.

    python bench/actors_metrics.py [--actors 2000] [--ties 20000] [--map-actors 500]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx
import polars as pl

from workbench.actors import LEVELS, TIE_KINDS, TYPES, ActorNetwork
from workbench.actors.network import BETWEENNESS_PIVOTS, EXACT_BETWEENNESS_UP_TO


def synthetic(actors: int, ties: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A seeded network with levels, types and sectors, and ties mostly within communities."""
    rng = random.Random(seed)
    ids = [f"A{i:05d}" for i in range(actors)]
    levels = [rng.choice((*LEVELS, None, None)) for _ in ids]
    frame = pl.DataFrame(
        {
            "id": ids,
            "name": [f"Actor {i}" for i in range(actors)],
            "type": [rng.choice(TYPES) for _ in ids],
            "level": levels,
            "sector": [rng.choice(("agro", "turismo", "textil", "eps", "vial")) for _ in ids],
            "influence": [round(rng.uniform(0, 5), 1) for _ in ids],
        },
        schema_overrides={"level": pl.String},
    )
    group = [i * 40 // actors for i in range(actors)]  # 40 loose communities
    seen, rows = set(), []
    while len(rows) < ties:
        a = rng.randrange(actors)
        b = rng.randrange(actors)
        if rng.random() < 0.8:  # most ties stay in the community
            lo = group[a] * actors // 40
            b = lo + rng.randrange(max(1, actors // 40))
        kind = rng.choice(TIE_KINDS[:4]) if rng.random() > 0.03 else "conflict"
        directed = kind in ("funding", "information")
        key = (a, b, kind) if directed else (min(a, b), max(a, b), kind)
        if a == b or key in seen:
            continue
        seen.add(key)
        rows.append((ids[a], ids[b], kind, float(rng.randint(1, 5))))
    tie_frame = pl.DataFrame(rows, schema=["source", "target", "kind", "weight"], orient="row")
    return frame, tie_frame


#: CPU seconds of each timed step (the machines are shared: wall time swells with their load).
CPU: dict[str, float] = {}


def timed(label: str, func, results: dict[str, float]):
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    results[label] = time.perf_counter() - start
    CPU[label] = time.process_time() - cpu
    return value


def bench_metrics(n_actors: int, n_ties: int) -> None:
    actors, ties = synthetic(n_actors, n_ties)
    ours: dict[str, float] = {}
    net = timed("validate + build", lambda: ActorNetwork.from_frames(actors, ties), ours)
    timed("metrics()", lambda: net.metrics(seed=0), ours)
    timed("brokerage(level)", lambda: net.brokerage(by="level"), ours)
    timed("brokerage(sector)", lambda: net.brokerage(by="sector"), ours)
    timed("level_matrix()", net.level_matrix, ours)
    timed("key_players(3)", lambda: net.key_players(3), ours)
    with tempfile.TemporaryDirectory() as folder:
        timed("to_gexf()", lambda: net.to_gexf(Path(folder) / "n.gexf", metrics=False), ours)

    # the raw networkx calls behind metrics(), on the same graphs
    directed = net._directed(net._kinds(None))
    undirected = net._undirected(net._kinds(None))
    k = None if n_actors <= EXACT_BETWEENNESS_UP_TO else BETWEENNESS_PIVOTS
    raw: dict[str, float] = {}
    timed(
        "betweenness x2",
        lambda: (
            nx.betweenness_centrality(directed, k=k, seed=0),
            nx.betweenness_centrality(directed, k=k, seed=0, weight="distance"),
        ),
        raw,
    )
    timed(
        "closeness (networkx)",
        lambda: nx.closeness_centrality(directed),
        raw,
    )
    timed(
        "eigenvector x2",
        lambda: (
            nx.eigenvector_centrality_numpy(undirected),
            nx.eigenvector_centrality_numpy(undirected, weight="weight"),
        ),
        raw,
    )
    timed("pagerank x2", lambda: (nx.pagerank(directed, weight=None), nx.pagerank(directed)), raw)
    timed(
        "constraint + effective size",
        lambda: (
            nx.constraint(undirected, weight="weight"),
            nx.effective_size(undirected, weight="weight"),
        ),
        raw,
    )
    timed(
        "louvain",
        lambda: nx.community.louvain_communities(undirected, weight="weight", seed=0),
        raw,
    )

    from workbench.actors.closeness import closeness

    ours_closeness: dict[str, float] = {}
    timed(
        "closeness (ours)",
        lambda: closeness(directed),
        ours_closeness,
    )

    print(
        f"actors metrics: {n_actors} actors, {net.ties.height} ties "
        f"({directed.number_of_edges()} arcs), betweenness "
        f"{'exact' if k is None else f'{k} pivots'}"
    )
    for label, seconds in ours.items():
        print(f"  ours   {label:<28} {seconds:7.2f} s  ({CPU[label]:6.2f} s CPU)")
    total_ours = ours["validate + build"] + ours["metrics()"]
    cpu_ours = CPU["validate + build"] + CPU["metrics()"]
    total_raw = sum(raw.values())
    cpu_raw = sum(CPU[label] for label in raw)
    for label, seconds in raw.items():
        print(f"  raw nx {label:<28} {seconds:7.2f} s  ({CPU[label]:6.2f} s CPU)")
    print(
        f"  all metrics (build + metrics()): {total_ours:.2f} s, {cpu_ours:.2f} s CPU "
        "(target < 10 s)"
    )
    print(
        f"  raw networkx calls for the same metrics (closeness unweighted only): "
        f"{total_raw:.2f} s, {cpu_raw:.2f} s CPU; ratio ours/raw {total_ours / total_raw:.2f} "
        f"(CPU {cpu_ours / cpu_raw:.2f})"
    )
    print(
        f"  closeness: ours {ours_closeness['closeness (ours)']:.2f} s vs networkx "
        f"{raw['closeness (networkx)']:.2f} s  ratio "
        f"{ours_closeness['closeness (ours)'] / raw['closeness (networkx)']:.2f}"
    )


def bench_map(n_actors: int) -> None:
    os.environ.setdefault("BOKEH_RESOURCES", "inline")
    from workbench.actors.storage import import_network
    from workbench.store import Store
    from workbench.store.seed import ensure_reference_data
    from workbench.ui.actors_map import ActorMap

    actors, ties = synthetic(n_actors, n_actors * 6, seed=11)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/map.db")
        ensure_reference_data(store)
        import_network(store, actors, ties, actor="bench")
        times: dict[str, float] = {}
        view = timed("build (metrics, layout, plots, tables)", lambda: ActorMap(store=store), times)
        timed(
            "filter: two levels", lambda: setattr(view, "levels", ["parish", "provincial"]), times
        )
        timed(
            "filter: all levels again",
            lambda: setattr(view, "levels", list(view.param.levels.objects)),
            times,
        )
        timed("layout: force", lambda: setattr(view, "layout", "force"), times)
        timed("colour by community", lambda: setattr(view, "colour_by", "community"), times)
        timed("choose an actor (card + ego)", lambda: setattr(view, "selected", "A00001"), times)
        store.close()
    print(f"actors map: {n_actors} actors, {ties.height} ties")
    for label, seconds in times.items():
        print(f"  {label:<40} {seconds:7.2f} s  ({CPU[label]:6.2f} s CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=20000)
    parser.add_argument("--map-actors", type=int, default=500)
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}, networkx {nx.__version__}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    bench_metrics(args.actors, args.ties)
    bench_map(args.map_actors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
