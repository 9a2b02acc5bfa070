"""The actor network: actors, typed ties, and what networkx says about them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Literal

import networkx as nx
import polars as pl

from workbench.actors import export as _export
from workbench.actors.brokerage import ROLES, brokerage_roles
from workbench.actors.closeness import closeness
from workbench.actors.eigenvector import eigenvector_centrality
from workbench.actors.fragmentation import key_players
from workbench.actors.validation import (
    ACTOR_COLUMNS,
    TIE_COLUMNS,
    empty_flags,
    raise_for_flags,
    validate_actors,
    validate_ties,
)
from workbench.actors.vocabulary import LEVEL_ORDER, NO_LEVEL, TIE_KINDS
from workbench.errors import InputError, NotFoundError
from workbench.i18n import N_

__all__ = [
    "BETWEENNESS_PIVOTS",
    "COOPERATIVE_KINDS",
    "EXACT_BETWEENNESS_UP_TO",
    "METRIC_COLUMNS",
    "ActorNetwork",
]

#: Tie kinds the metrics follow by default: every kind but conflict, which carries no
#: collaboration (conflict ties are kept, drawn and exported, and can be chosen with ``kinds``).
COOPERATIVE_KINDS: tuple[str, ...] = tuple(k for k in TIE_KINDS if k != "conflict")

#: Above this many actors, betweenness is estimated from :data:`BETWEENNESS_PIVOTS` sources.
EXACT_BETWEENNESS_UP_TO = 300
BETWEENNESS_PIVOTS = 100

#: Columns of :meth:`ActorNetwork.metrics`, with their types.
METRIC_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.String(),
    "name": pl.String(),
    "level": pl.String(),
    "type": pl.String(),
    "degree": pl.Int64(),
    "in_degree": pl.Int64(),
    "out_degree": pl.Int64(),
    "strength": pl.Float64(),
    "betweenness": pl.Float64(),
    "betweenness_weighted": pl.Float64(),
    "closeness": pl.Float64(),
    "closeness_weighted": pl.Float64(),
    "eigenvector": pl.Float64(),
    "eigenvector_weighted": pl.Float64(),
    "pagerank": pl.Float64(),
    "pagerank_weighted": pl.Float64(),
    "constraint": pl.Float64(),
    "effective_size": pl.Float64(),
    "community": pl.Int64(),
    "component": pl.Int64(),
    "isolate": pl.Boolean(),
}

OnError = Literal["raise", "flag"]
Direction = Literal["both", "out", "in"]


class ActorNetwork:
    """Actors and their typed ties, with the metrics facilitators read.

    Build it with :meth:`from_frames`; the constructor takes frames that are
    already clean. Results never depend on the order of the input rows:
    actors and ties are sorted by id before the graph is built, and every
    random choice takes a seed.

    Attributes
    ----------
    actors
        Clean actors (``id``, ``name``, ``type``, ``level``, ``territory_code``,
        ``sector``, ``influence``), sorted by id.
    ties
        Clean ties (``tie_id``, ``source``, ``target``, ``kind``, ``weight``,
        ``directed``), sorted.
    flagged
        Input rows left out or kept with a default, with the problem of each.

    Examples
    --------
    >>> actors = pl.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                        "level": ["national", "provincial", "parish"],
    ...                        "type": ["public"] * 3})
    >>> ties = pl.DataFrame({"source": ["a", "b"], "target": ["b", "c"],
    ...                      "kind": ["coordination"] * 2})
    >>> net = ActorNetwork.from_frames(actors, ties)
    >>> net.metrics().filter(pl.col("id") == "b")["betweenness"].item()
    1.0
    """

    def __init__(
        self, actors: pl.DataFrame, ties: pl.DataFrame, flagged: pl.DataFrame | None = None
    ) -> None:
        self.actors = actors.select(list(ACTOR_COLUMNS)).sort("id")
        self.ties = ties.select(list(TIE_COLUMNS)).sort(
            "source", "target", "kind", "directed", "tie_id", nulls_last=True
        )
        self.flagged = flagged if flagged is not None else empty_flags()

    # --- building -------------------------------------------------------------------------

    @classmethod
    def from_frames(
        cls, actors: pl.DataFrame, ties: pl.DataFrame, *, on_error: OnError = "raise"
    ) -> ActorNetwork:
        """Validate actor and tie rows and build the network.

        Parameters
        ----------
        actors
            Needs ``id``, ``name``, ``level`` and ``type``; may have
            ``territory_code``, ``sector``, ``influence`` (0 to 5).
        ties
            Needs ``source``, ``target`` and ``kind``; may have ``weight``
            (positive, default 1) and ``directed`` (default: funding and
            information ties directed).
        on_error
            ``"raise"``: an :class:`~workbench.errors.InputError` naming the
            first row that cannot be used. ``"flag"``: leave such rows out and
            list them in :attr:`flagged`.

        Raises
        ------
        InputError
            When a required column is missing, or (``on_error="raise"``) a row
            cannot be used: tie to an unknown actor, self-loop, duplicate tie,
            weight not positive, unknown level, type or kind.
        """
        if on_error not in ("raise", "flag"):
            raise InputError(N_("on_error must be 'raise' or 'flag', not {value}."), value=on_error)
        clean_actors, actor_flags = validate_actors(actors)
        clean_ties, tie_flags = validate_ties(ties, clean_actors["id"].to_list())
        flagged = pl.concat([actor_flags, tie_flags])
        if on_error == "raise":
            raise_for_flags(flagged)
        return cls(clean_actors, clean_ties, flagged)

    def subset(self, ids: Iterable[str]) -> ActorNetwork:
        """The network among ``ids`` only (their actors and the ties between them)."""
        keep = pl.Series(sorted(set(ids)), dtype=pl.String)
        return ActorNetwork(
            self.actors.filter(pl.col("id").is_in(keep.implode())),
            self.ties.filter(
                pl.col("source").is_in(keep.implode()) & pl.col("target").is_in(keep.implode())
            ),
        )

    def filter(
        self,
        *,
        levels: Sequence[str] | None = None,
        types: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
        ids: Iterable[str] | None = None,
    ) -> ActorNetwork:
        """Actors of the given levels and types (``"none"`` for no level) and ties of ``kinds``.

        ``None`` means no restriction; ``ids`` keeps only those actors.
        """
        actors = self.actors
        if levels is not None:
            level = pl.col("level").fill_null(NO_LEVEL)
            actors = actors.filter(level.is_in(list(levels)))
        if types is not None:
            actors = actors.filter(pl.col("type").is_in(list(types)))
        if ids is not None:
            actors = actors.filter(pl.col("id").is_in(sorted(set(ids))))
        net = self.subset(actors["id"].to_list())
        if kinds is not None:
            net.ties = net.ties.filter(pl.col("kind").is_in(list(kinds)))
        return net

    # --- graphs ---------------------------------------------------------------------------

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The network as a directed graph: every actor a node, every tie an arc
        (an undirected tie as two opposite arcs). Nodes carry the actor's
        columns; arcs carry ``weight`` (summed over the ties they stand for),
        ``distance`` (``1 / weight``) and ``kinds`` (comma-separated).
        """
        return self._directed(TIE_KINDS)

    def _arcs(self, kinds: Sequence[str]) -> pl.DataFrame:
        ties = self.ties.filter(pl.col("kind").is_in(list(kinds)))
        forward = ties.select("source", "target", "kind", "weight")
        backward = ties.filter(~pl.col("directed")).select(
            pl.col("target").alias("source"), pl.col("source").alias("target"), "kind", "weight"
        )
        return (
            pl.concat([forward, backward])
            .group_by("source", "target")
            .agg(pl.col("weight").sum(), pl.col("kind").unique().sort().str.join(","))
            .sort("source", "target")
        )

    def _add_nodes(self, graph: nx.Graph) -> None:
        for row in self.actors.iter_rows(named=True):
            graph.add_node(row["id"], **{k: v for k, v in row.items() if k != "id"})

    def _directed(self, kinds: Sequence[str]) -> nx.DiGraph:
        graph = nx.DiGraph()
        self._add_nodes(graph)
        for source, target, weight, joined in self._arcs(kinds).iter_rows():
            graph.add_edge(source, target, weight=weight, distance=1.0 / weight, kinds=joined)
        return graph

    def _undirected(self, kinds: Sequence[str]) -> nx.Graph:
        ties = self.ties.filter(pl.col("kind").is_in(list(kinds)))
        pairs = (
            ties.select(
                pl.min_horizontal("source", "target").alias("a"),
                pl.max_horizontal("source", "target").alias("b"),
                "weight",
            )
            .group_by("a", "b")
            .agg(pl.col("weight").sum())
            .sort("a", "b")
        )
        graph = nx.Graph()
        self._add_nodes(graph)
        for a, b, weight in pairs.iter_rows():
            graph.add_edge(a, b, weight=weight, distance=1.0 / weight)
        return graph

    def undirected(self, kinds: Sequence[str] | None = None) -> nx.Graph:
        """The network as an undirected graph (one edge per tied pair, weights summed)."""
        return self._undirected(self._kinds(kinds))

    @staticmethod
    def _kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
        if kinds is None:
            return COOPERATIVE_KINDS
        unknown = [k for k in kinds if k not in TIE_KINDS]
        if unknown:
            raise InputError(N_("{value} is not a known kind of tie."), value=unknown[0])
        return tuple(kinds)

    # --- metrics --------------------------------------------------------------------------

    def communities(self, *, seed: int = 0, kinds: Sequence[str] | None = None) -> dict[str, int]:
        """Louvain communities (networkx, seeded) numbered by size, largest first.

        Isolated actors each form their own community.
        """
        graph = self._undirected(self._kinds(kinds))
        found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
        ordered = sorted(found, key=lambda c: (-len(c), min(c)))
        return {node: i for i, members in enumerate(ordered) for node in members}

    def metrics(
        self,
        *,
        kinds: Sequence[str] | None = None,
        seed: int = 0,
        exact_up_to: int = EXACT_BETWEENNESS_UP_TO,
        pivots: int = BETWEENNESS_PIVOTS,
    ) -> pl.DataFrame:
        """Centralities, structural holes, communities and components, one row per actor.

        Parameters
        ----------
        kinds
            Tie kinds to follow (default :data:`COOPERATIVE_KINDS`: all but conflict).
        seed
            Seed of the Louvain communities and of the betweenness pivots.
        exact_up_to, pivots
            Betweenness is exact (Brandes) up to ``exact_up_to`` actors; above,
            networkx estimates it from ``pivots`` source actors drawn with ``seed``.

        Returns
        -------
        polars.DataFrame
            ``id``, ``name``, ``level``, ``type``; ``degree`` (tied actors),
            ``in_degree``, ``out_degree`` (arcs), ``strength`` (summed weight);
            ``betweenness``, ``closeness``, ``eigenvector``, ``pagerank``
            (networkx, normalised; closeness by :mod:`workbench.actors.closeness`,
            equal to networkx's) and the same with ``_weighted`` (distances
            ``1 / weight`` for betweenness and closeness); ``constraint`` and
            ``effective_size`` (Burt, weighted; null for isolates);
            ``community``, ``component`` (numbered by size, largest 0) and ``isolate``.
        """
        chosen = self._kinds(kinds)
        directed = self._directed(chosen)
        undirected = self._undirected(chosen)
        nodes = list(undirected.nodes)
        has_edges = undirected.number_of_edges() > 0
        if not nodes:
            return pl.DataFrame(schema=METRIC_COLUMNS)
        k = None if len(nodes) <= exact_up_to else min(pivots, len(nodes))

        def column(values: dict, default=0.0) -> list:
            return [values.get(node, default) for node in nodes]

        def eigenvector(weight: str | None) -> dict:
            if not has_edges:
                return {}
            return eigenvector_centrality(undirected, weight=weight)

        components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(c)))
        component = {node: i for i, members in enumerate(components) for node in members}
        community = self.communities(seed=seed, kinds=chosen)
        data = {
            "id": nodes,
            "name": [undirected.nodes[n]["name"] for n in nodes],
            "level": [undirected.nodes[n]["level"] for n in nodes],
            "type": [undirected.nodes[n]["type"] for n in nodes],
            "degree": column(dict(undirected.degree)),
            "in_degree": column(dict(directed.in_degree)),
            "out_degree": column(dict(directed.out_degree)),
            "strength": column(dict(undirected.degree(weight="weight"))),
            "betweenness": column(nx.betweenness_centrality(directed, k=k, seed=seed)),
            "betweenness_weighted": column(
                nx.betweenness_centrality(directed, k=k, seed=seed, weight="distance")
            ),
            "closeness": column(closeness(directed)),
            "closeness_weighted": column(closeness(directed, distance="distance")),
            "eigenvector": column(eigenvector(None)),
            "eigenvector_weighted": column(eigenvector("weight")),
            "pagerank": column(nx.pagerank(directed, weight=None)),
            "pagerank_weighted": column(nx.pagerank(directed, weight="weight")),
            "constraint": column(nx.constraint(undirected, weight="weight"), None),
            "effective_size": column(nx.effective_size(undirected, weight="weight"), None),
            "community": column(community),
            "component": column(component),
        }
        frame = pl.DataFrame(data, strict=False)
        return frame.with_columns(
            [
                pl.col(c).cast(t).fill_nan(None) if t == pl.Float64 else pl.col(c).cast(t)
                for c, t in METRIC_COLUMNS.items()
                if c in data
            ]
        ).with_columns(isolate=pl.col("degree") == 0)

    def brokerage(self, by: str = "level", *, kinds: Sequence[str] | None = None) -> pl.DataFrame:
        """Gould-Fernandez brokerage roles of every actor over a partition.

        Parameters
        ----------
        by
            Actor column whose values are the groups: ``"level"`` (actors
            without level form the group ``"none"``), ``"sector"``, ``"type"``...
        kinds
            Tie kinds to follow (default: all but conflict).

        Returns
        -------
        polars.DataFrame
            ``id``, ``name``, the group, ``coordinator``, ``itinerant``,
            ``gatekeeper``, ``representative``, ``liaison`` and ``total``.
        """
        if by not in self.actors.columns or by in ("id", "name"):
            raise InputError(N_("Brokerage cannot group actors by {value}."), value=by)
        groups = dict(
            zip(
                self.actors["id"].to_list(),
                self.actors[by].cast(pl.String).fill_null(NO_LEVEL).to_list(),
                strict=True,
            )
        )
        roles = brokerage_roles(self._directed(self._kinds(kinds)), groups)
        return (
            self.actors.select("id", "name", pl.col(by).cast(pl.String).fill_null(NO_LEVEL))
            .join(roles, on="id", how="left")
            .select("id", "name", by, *ROLES, "total")
        )

    def level_matrix(
        self, *, kinds: Sequence[str] | None = None, value: Literal["density", "ties"] = "density"
    ) -> pl.DataFrame:
        """Tie density (or count of tied pairs) between and within levels of government.

        Rows and columns follow :data:`~workbench.actors.vocabulary.LEVEL_ORDER`
        (national to parish, then ``"none"``). A cell is the share of possible
        pairs of actors of the two levels that are tied (in either direction);
        null when there is no possible pair. A zero between ``parish`` and
        ``provincial`` says no parish government has a tie to a provincial body.
        """
        if value not in ("density", "ties"):
            raise InputError(N_("value must be 'density' or 'ties', not {value}."), value=value)
        graph = self._undirected(self._kinds(kinds))
        level = {n: d["level"] or NO_LEVEL for n, d in graph.nodes(data=True)}
        size = {lv: 0 for lv in LEVEL_ORDER}
        for lv in level.values():
            size[lv] += 1
        tied = {(a, b): 0 for a in LEVEL_ORDER for b in LEVEL_ORDER}
        for u, v in graph.edges:
            tied[(level[u], level[v])] += 1
            if level[u] != level[v]:
                tied[(level[v], level[u])] += 1
        rows = []
        for a in LEVEL_ORDER:
            row: dict[str, object] = {"level": a}
            for b in LEVEL_ORDER:
                possible = size[a] * (size[a] - 1) // 2 if a == b else size[a] * size[b]
                if value == "ties":
                    row[b] = float(tied[(a, b)])
                else:
                    row[b] = tied[(a, b)] / possible if possible else None
            rows.append(row)
        return pl.DataFrame(
            rows, schema={"level": pl.String} | dict.fromkeys(LEVEL_ORDER, pl.Float64)
        )

    def unlinked(
        self, level: str, other: str, *, kinds: Sequence[str] | None = None
    ) -> pl.DataFrame:
        """Actors of ``level`` with no tie to any actor of level ``other``.

        For example ``unlinked("parish", "provincial")``: parish governments
        that reach no provincial directorate directly.
        """
        for value in (level, other):
            if value not in LEVEL_ORDER:
                raise InputError(N_("{value} is not a level of government."), value=value)
        graph = self._undirected(self._kinds(kinds))
        lv = {n: d["level"] or NO_LEVEL for n, d in graph.nodes(data=True)}
        lonely = [
            n
            for n in graph.nodes
            if lv[n] == level and not any(lv[m] == other for m in graph.neighbors(n))
        ]
        return self.actors.filter(pl.col("id").is_in(lonely))

    def components(self, *, kinds: Sequence[str] | None = None) -> pl.DataFrame:
        """Connected pieces of the network, largest first: ``component``, ``size``, ``ids``."""
        graph = self._undirected(self._kinds(kinds))
        pieces = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
        return pl.DataFrame(
            {
                "component": list(range(len(pieces))),
                "size": [len(p) for p in pieces],
                "ids": [sorted(p) for p in pieces],
            },
            schema={"component": pl.Int64, "size": pl.Int64, "ids": pl.List(pl.String)},
        )

    def isolates(self, *, kinds: Sequence[str] | None = None) -> list[str]:
        """Ids of actors with no tie of the chosen kinds (networkx ``isolates``)."""
        return sorted(nx.isolates(self._undirected(self._kinds(kinds))))

    def key_players(
        self, k: int = 3, *, kinds: Sequence[str] | None = None, pool: int = 40
    ) -> pl.DataFrame:
        """The ``k`` actors whose removal fragments the network most (greedy), with names.

        See :func:`workbench.actors.fragmentation.key_players`.
        """
        found = key_players(self._undirected(self._kinds(kinds)), k, pool=pool)
        return found.join(self.actors.select("id", "name", "level", "type"), on="id", how="left")

    def ego(
        self,
        actor_id: str,
        radius: int = 1,
        *,
        direction: Direction = "both",
        kinds: Sequence[str] | None = None,
    ) -> ActorNetwork:
        """The ego network of ``actor_id``: actors within ``radius`` steps and the ties among them.

        Parameters
        ----------
        direction
            ``"out"`` follows ties from the actor (whom it funds, informs...),
            ``"in"`` ties towards it, ``"both"`` either way.
        kinds
            Tie kinds to follow and keep (default: every kind, conflict included).
        """
        if actor_id not in self.graph:
            raise NotFoundError(N_("There is no actor {value}."), value=actor_id)
        if direction not in ("both", "out", "in"):
            raise InputError(
                N_("direction must be 'both', 'out' or 'in', not {value}."), value=direction
            )
        chosen = TIE_KINDS if kinds is None else self._kinds(kinds)
        graph = self._directed(chosen)
        if direction == "in":
            graph = graph.reverse(copy=False)
        members = nx.ego_graph(graph, actor_id, radius=radius, undirected=direction == "both")
        net = self.subset(members.nodes)
        net.ties = net.ties.filter(pl.col("kind").is_in(list(chosen)))
        return net

    # --- export ---------------------------------------------------------------------------

    def export_graph(self, *, metrics: bool = True) -> nx.MultiDiGraph:
        """A graph for Gephi: one edge per tie (``kind``, ``weight``, ``directed``), node
        attributes without nulls, and the metrics as node attributes when ``metrics``."""
        return _export.export_graph(self, metrics=metrics)

    def to_gexf(self, path: str | Path, *, metrics: bool = True) -> Path:
        """Write the network as GEXF (opens in Gephi). Returns the path."""
        return _export.to_gexf(self, path, metrics=metrics)

    def to_graphml(self, path: str | Path, *, metrics: bool = True) -> Path:
        """Write the network as GraphML (opens in Gephi, yEd, igraph). Returns the path."""
        return _export.to_graphml(self, path, metrics=metrics)

    def to_csv(self, folder: str | Path) -> dict[str, Path]:
        """Write ``actors.csv``, ``ties.csv`` and ``metrics.csv`` into ``folder``."""
        return _export.to_csv(self, folder)

    def __repr__(self) -> str:
        return f"ActorNetwork({self.actors.height} actors, {self.ties.height} ties)"
