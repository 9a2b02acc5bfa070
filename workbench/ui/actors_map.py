"""The actor map: who works with whom across levels of government, and who brokers.

A facilitator filters the map by level, type, tie kind and theme, sizes
actors by a metric and colours them by type, level or community; choosing
an actor (a tap on the map or the list) opens its card and ego network.
Tables show metrics, brokerage roles, key players, the level-by-level
density and which themes have nobody to carry them at some level.
"""

from __future__ import annotations

import html
import io
import tempfile
import zipfile
from pathlib import Path

import holoviews as hv
import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.actors import ActorNetwork
from workbench.actors.coverage import suggest_brokers, theme_actors, theme_coverage
from workbench.actors.layout import LAYOUTS, positions
from workbench.actors.storage import load_network, read_links
from workbench.actors.validation import describe_flag
from workbench.actors.vocabulary import LABELS, LEVEL_ORDER, TIE_KINDS, TYPES
from workbench.i18n import LANGUAGES, N_, translator
from workbench.store import Store
from workbench.themes import current_themes
from workbench.ui.actors_plot import label_level, level_heatmap, network_plot
from workbench.ui.look import CARD_CSS
from workbench.ui.tables import data_table, to_pandas

__all__ = ["COLOUR_CHOICES", "SIZE_CHOICES", "ActorMap"]

#: Metrics a node's size can follow, with their English labels.
SIZE_CHOICES: dict[str, str] = {
    "degree": N_("Degree"),
    "betweenness": N_("Betweenness"),
    "closeness": N_("Closeness"),
    "eigenvector": N_("Eigenvector"),
    "pagerank": N_("PageRank"),
    "constraint": N_("Constraint"),
    "influence": N_("Influence"),
}
#: What a node's colour can show.
COLOUR_CHOICES: dict[str, str] = {
    "type": N_("Type"),
    "level": N_("Level"),
    "community": N_("Community"),
}
_DIRECTIONS = {"both": N_("Both ways"), "out": N_("Outgoing"), "in": N_("Incoming")}


class ActorMap(Viewer):
    """Map, card, tables and exports of the actor network held in ``store``.

    Parameters are the component's state: set them in code or through the widgets.
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    layout = param.Selector(default="levels", objects=list(LAYOUTS), doc="Map layout.")
    size_by = param.Selector(default="betweenness", objects=list(SIZE_CHOICES))
    colour_by = param.Selector(default="type", objects=list(COLOUR_CHOICES))
    levels = param.ListSelector(default=list(LEVEL_ORDER), objects=list(LEVEL_ORDER))
    types = param.ListSelector(default=list(TYPES), objects=list(TYPES))
    kinds = param.ListSelector(default=list(TIE_KINDS), objects=list(TIE_KINDS))
    theme = param.Integer(default=-1, doc="Show only actors linked to this theme (-1: all).")
    selected = param.String(default="", doc="Id of the actor whose card is open.")
    radius = param.Integer(default=1, bounds=(1, 3), doc="Radius of the ego network.")
    direction = param.Selector(default="both", objects=list(_DIRECTIONS))
    brokerage_by = param.Selector(default="level", objects=["level", "sector", "type"])
    seed = param.Integer(default=0, doc="Seed of communities and the force layout.")

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)
        self._map_pane = pn.pane.HoloViews(sizing_mode="stretch_width", min_height=560)
        self._ego_pane = pn.pane.HoloViews(width=420, height=340)
        self._card = pn.pane.HTML(stylesheets=[CARD_CSS], sizing_mode="stretch_width")
        self._shown = pn.pane.Str("")
        self._metrics_table = data_table(pl.DataFrame({"id": []}), page_size=15)
        self._brokerage_table = data_table(pl.DataFrame({"id": []}), page_size=15)
        self._key_table = data_table(pl.DataFrame({"id": []}), page_size=10)
        self._coverage_table = data_table(pl.DataFrame({"theme": []}), page_size=20)
        self._brokers_table = data_table(pl.DataFrame({"id": []}), page_size=5, visible=False)
        self._brokers_title = pn.pane.HTML(
            "<h4>" + html.escape(_("Suggested brokers to the chosen theme")) + "</h4>",
            visible=False,
        )
        self._flag_table = data_table(pl.DataFrame({"problem": []}), page_size=10)
        self._unlinked = pn.pane.HTML(stylesheets=[CARD_CSS], sizing_mode="stretch_width")
        self._heatmap = pn.pane.HoloViews(sizing_mode="stretch_width", height=400)
        self._actor_select = pn.widgets.Select(label=_("Actor"), options={"": ""})
        self._actor_select.param.watch(self._chosen, "value")
        self._theme_select = pn.widgets.Select(label=_("Theme"))
        self._theme_select.param.watch(lambda e: setattr(self, "theme", int(e.new)), "value")
        self._metric_cache: dict[tuple[str, ...], pl.DataFrame] = {}
        self._shown_ids: list[str] = []
        self.reload()

    # --- data -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the network, links and themes again (after an edit) and redraw everything."""
        _ = translator(self.lang)
        self.network: ActorNetwork = load_network(self.store)
        self._links = read_links(self.store)
        self._themes = current_themes(self.store)
        self._theme_links = theme_actors(self._links, self._themes)
        self._stances = self.store.read("actor_stances")
        self._metric_cache.clear()
        self._force: pl.DataFrame | None = None
        names = self.network.actors.sort("name")
        options = {"": ""} | dict(zip(names["name"].to_list(), names["id"].to_list(), strict=True))
        self._actor_select.options = options
        theme_names = self._themes.select("theme_id", "theme").unique().sort("theme")
        self._theme_select.options = {_("All themes"): -1} | dict(
            zip(theme_names["theme"].to_list(), theme_names["theme_id"].to_list(), strict=True)
        )
        self._theme_select.value = (
            self.theme if self.theme in self._theme_select.options.values() else -1
        )
        self._refresh_all()

    def metrics(self) -> pl.DataFrame:
        """Metrics of the whole network over the chosen tie kinds (cached), with influence."""
        cooperative = tuple(k for k in self.kinds if k != "conflict")
        key = cooperative or ("collaboration",)
        if key not in self._metric_cache:
            frame = self.network.metrics(kinds=list(key), seed=self.seed)
            frame = frame.join(self.network.actors.select("id", "influence"), on="id", how="left")
            self._metric_cache[key] = frame
        return self._metric_cache[key]

    def _positions(self, view: ActorNetwork) -> pl.DataFrame:
        # the force layout is computed once over the whole network, so filtering keeps
        # every actor where it was (and stays fast); the layered one is cheap per view
        if self.layout == "levels":
            return positions(view, "levels", seed=self.seed)
        if self._force is None:
            self._force = positions(self.network, "force", seed=self.seed)
        return self._force.filter(pl.col("id").is_in(view.actors["id"].implode()))

    def visible(self) -> ActorNetwork:
        """The network after the level, type, kind and theme filters."""
        ids = None
        if self.theme >= 0:
            ids = self._theme_links.filter(pl.col("theme_id") == self.theme)["actor_id"].to_list()
        return self.network.filter(
            levels=list(self.levels), types=list(self.types), kinds=list(self.kinds), ids=ids
        )

    # --- reactions ------------------------------------------------------------------------

    def _chosen(self, event) -> None:
        self.selected = event.new or ""

    def _tapped(self, index: list[int]) -> None:
        if index and index[0] < len(self._shown_ids):
            self.selected = self._shown_ids[index[0]]

    @param.depends(
        "layout",
        "size_by",
        "colour_by",
        "levels",
        "types",
        "kinds",
        "theme",
        "selected",
        watch=True,
    )
    def _redraw_map(self) -> None:
        _ = translator(self.lang)
        view = self.visible()
        coords = self._positions(view)
        nodes = coords.join(self.metrics(), on="id", how="left").with_columns(
            pl.col("community").cast(pl.String)
        )
        overlay, points = network_plot(
            nodes,
            view.ties,
            size_by=self.size_by,
            colour_by=self.colour_by,
            lang=self.lang,
            selected=self.selected,
        )
        self._shown_ids = nodes["id"].to_list()
        stream = hv.streams.Selection1D(source=points)
        stream.add_subscriber(lambda index: self._tapped(index))
        self._map_pane.object = overlay
        self._shown.object = _(
            "{actors} actors and {ties} ties shown",
            actors=view.actors.height,
            ties=view.ties.height,
        )

    @param.depends("kinds", "brokerage_by", watch=True)
    def _refresh_tables(self) -> None:
        _ = translator(self.lang)
        metrics = self.metrics().with_columns(pl.selectors.float().round(3))
        labelled = metrics.with_columns(
            pl.col("level").map_elements(
                lambda v: label_level(v, self.lang), return_dtype=pl.String
            ),
            pl.col("type").map_elements(lambda v: _(LABELS[v]), return_dtype=pl.String),
        )
        self._metrics_table.value = to_pandas(labelled)
        cooperative = [k for k in self.kinds if k != "conflict"] or ["collaboration"]
        brokerage = self.network.brokerage(by=self.brokerage_by, kinds=cooperative)
        self._brokerage_table.value = to_pandas(
            brokerage.sort("total", "id", descending=[True, False])
        )
        key = self.network.key_players(5, kinds=cooperative, pool=15)
        self._key_table.value = to_pandas(key.with_columns(pl.selectors.float().round(3)))
        self._heatmap.object = level_heatmap(
            self.network.level_matrix(kinds=cooperative),
            lang=self.lang,
            title=_("Tie density between levels of government"),
        )
        parts = []
        for level, other in (
            ("parish", "provincial"),
            ("cantonal", "provincial"),
            ("parish", "cantonal"),
        ):
            names = self.network.unlinked(level, other, kinds=cooperative)["name"].to_list()
            title = _(
                "{level} governments with no tie to any {other} actor",
                level=label_level(level, self.lang),
                other=label_level(other, self.lang).lower(),
            )
            items = "".join(f"<li>{html.escape(n)}</li>" for n in names) or (
                "<li>" + html.escape(_("None")) + "</li>"
            )
            parts.append(f"<h3>{html.escape(title)}</h3><ul>{items}</ul>")
        isolates = self.network.isolates(kinds=cooperative)
        names = self.network.actors.filter(pl.col("id").is_in(isolates))["name"].to_list()
        parts.append(
            "<h3>"
            + html.escape(_("Actors with no tie"))
            + "</h3><ul>"
            + (
                "".join(f"<li>{html.escape(n)}</li>" for n in names)
                or "<li>" + html.escape(_("None")) + "</li>"
            )
            + "</ul>"
        )
        self._unlinked.object = '<div class="wb-card">' + "".join(parts) + "</div>"

    def _refresh_coverage(self) -> None:
        _ = translator(self.lang)
        coverage = theme_coverage(self.network.actors, self._links, self._themes)
        wide = coverage.pivot(on="level", index=["theme_id", "theme"], values="actors").sort(
            "theme"
        )
        titles = {lv: label_level(lv if lv != "none" else None, self.lang) for lv in LEVEL_ORDER}
        self._coverage_table.value = to_pandas(wide.drop("theme_id"))
        self._coverage_table.titles = {"theme": _("Theme")} | titles
        flags = self.network.flagged
        described = [describe_flag(row, self.lang) for row in flags.iter_rows(named=True)]
        self._flag_table.value = to_pandas(
            pl.DataFrame({"problem": described}, schema={"problem": pl.String})
        )

    @param.depends("selected", "radius", "direction", "theme", watch=True)
    def _refresh_card(self) -> None:
        _ = translator(self.lang)
        if self._actor_select.value != self.selected:
            self._actor_select.value = (
                self.selected if self.selected in self._actor_select.options.values() else ""
            )
        if (
            not self.selected
            or self.network.actors.filter(pl.col("id") == self.selected).is_empty()
        ):
            self._card.object = (
                '<div class="wb-card wb-muted">'
                + html.escape(_("Choose an actor on the map or in the list to see its card."))
                + "</div>"
            )
            self._ego_pane.object = None
            self._brokers_table.visible = self._brokers_title.visible = False
            return
        actor = self.network.actors.filter(pl.col("id") == self.selected).row(0, named=True)
        metric = self.metrics().filter(pl.col("id") == self.selected).row(0, named=True)
        themes = (
            self._theme_links.filter(pl.col("actor_id") == self.selected)
            .group_by("theme", "relation")
            .agg(pl.col("proposals").sum())
            .sort("theme", "relation")
        )
        rows = [
            (_("Type"), _(LABELS[actor["type"]])),
            (_("Level"), label_level(actor["level"], self.lang)),
            (_("Territory"), actor["territory_code"] or "—"),
            (_("Sector"), actor["sector"] or "—"),
            (_("Influence"), "—" if actor["influence"] is None else f"{actor['influence']:g}"),
            (_("Degree"), str(metric["degree"])),
            (_("Betweenness"), f"{metric['betweenness']:.3f}"),
            (
                _("Constraint"),
                "—" if metric["constraint"] is None else f"{metric['constraint']:.3f}",
            ),
            (_("Community"), str(metric["community"])),
        ]
        body = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows
        )
        links = "".join(
            "<li>" + html.escape(_(LABELS[r["relation"]])) + f": {html.escape(r['theme'])}"
            f" ({r['proposals']})</li>"
            for r in themes.iter_rows(named=True)
        )
        names = dict(
            self._themes.select(pl.col("theme_id").cast(pl.String), "theme").unique().iter_rows()
        )
        stances = "".join(
            f"<li>{html.escape(names.get(theme, theme))}: {stance:+d}</li>"
            for theme, stance in self._stances.filter(pl.col("actor_id") == self.selected)
            .select("theme_id", "stance")
            .iter_rows()
        )
        self._card.object = (
            f'<div class="wb-card" data-actor="{html.escape(actor["id"])}">'
            f"<h3>{html.escape(actor['name'])}</h3><table>{body}</table>"
            + ("<h4>" + html.escape(_("Themes")) + f"</h4><ul>{links}</ul>" if links else "")
            + (
                "<h4>" + html.escape(_("Stance on themes")) + f"</h4><ul>{stances}</ul>"
                if stances
                else ""
            )
            + "</div>"
        )
        ego = self.network.ego(self.selected, self.radius, direction=self.direction)
        coords = positions(ego, "force", seed=self.seed)
        nodes = coords.join(self.metrics(), on="id", how="left").with_columns(
            pl.col("community").cast(pl.String)
        )
        overlay, _points = network_plot(
            nodes,
            ego.ties,
            size_by="degree",
            colour_by="level",
            lang=self.lang,
            height=320,
            title=_("Ego network"),
        )
        self._ego_pane.object = overlay
        if self.theme >= 0:
            carriers = self._theme_links.filter(pl.col("theme_id") == self.theme)["actor_id"]
            brokers = suggest_brokers(self.network, self.selected, carriers.to_list())
            self._brokers_table.value = to_pandas(
                brokers.with_columns(pl.col("betweenness").round(3))
            )
        self._brokers_table.visible = self._brokers_title.visible = self.theme >= 0

    def _refresh_all(self) -> None:
        self._redraw_map()
        self._refresh_tables()
        self._refresh_coverage()
        self._refresh_card()

    # --- exports --------------------------------------------------------------------------

    def _export(self, kind: str) -> io.BytesIO:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder)
            if kind == "gexf":
                data = self.network.to_gexf(path / "actores.gexf").read_bytes()
            elif kind == "graphml":
                data = self.network.to_graphml(path / "actores.graphml").read_bytes()
            else:
                paths = self.network.to_csv(path)
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w") as archive:
                    for name, file in sorted(paths.items()):
                        archive.write(file, f"{name}.csv")
                data = buffer.getvalue()
        return io.BytesIO(data)

    # --- layout ---------------------------------------------------------------------------

    def controls(self) -> list[pn.viewable.Viewable]:
        """Filters, choices and export buttons (for the page's sidebar)."""
        _ = translator(self.lang)

        def options(codes, labels=LABELS):
            return {_(labels[c]): c for c in codes}

        level_labels = {c: label_level(c if c != "none" else None, self.lang) for c in LEVEL_ORDER}
        return [
            self._actor_select,
            pn.widgets.RadioButtonGroup.from_param(
                self.param.layout,
                options={_("By level"): "levels", _("Force"): "force"},
                label=_("Layout"),
            ),
            pn.widgets.Select.from_param(
                self.param.size_by, options=options(SIZE_CHOICES, SIZE_CHOICES), label=_("Size by")
            ),
            pn.widgets.Select.from_param(
                self.param.colour_by,
                options=options(COLOUR_CHOICES, COLOUR_CHOICES),
                label=_("Colour by"),
            ),
            self._theme_select,
            pn.widgets.MultiChoice.from_param(
                self.param.levels,
                options={v: k for k, v in level_labels.items()},
                label=_("Levels"),
            ),
            pn.widgets.MultiChoice.from_param(
                self.param.types, options=options(TYPES), label=_("Types")
            ),
            pn.widgets.MultiChoice.from_param(
                self.param.kinds, options=options(TIE_KINDS), label=_("Tie kinds")
            ),
            pn.pane.HTML("<b>" + html.escape(_("Download")) + "</b>"),
            pn.widgets.FileDownload(
                callback=lambda: self._export("gexf"), filename="actores.gexf", label="GEXF (Gephi)"
            ),
            pn.widgets.FileDownload(
                callback=lambda: self._export("graphml"),
                filename="actores.graphml",
                label="GraphML",
            ),
            pn.widgets.FileDownload(
                callback=lambda: self._export("csv"), filename="actores.zip", label="CSV (zip)"
            ),
        ]

    def tabs(self) -> pn.Tabs:
        """The map and the tables as tabs (put them directly in a template's main area)."""
        _ = translator(self.lang)
        card = pn.Column(
            self._card,
            pn.Row(
                pn.widgets.IntSlider.from_param(self.param.radius, label=_("Radius")),
                pn.widgets.Select.from_param(
                    self.param.direction,
                    options={_(v): k for k, v in _DIRECTIONS.items()},
                    label=_("Direction"),
                ),
            ),
            self._ego_pane,
            self._brokers_title,
            self._brokers_table,
            width=440,
        )
        return pn.Tabs(
            (
                _("Map"),
                pn.FlexBox(
                    pn.Column(
                        self._shown, self._map_pane, sizing_mode="stretch_width", min_width=520
                    ),
                    card,
                    flex_wrap="wrap",
                    sizing_mode="stretch_width",
                ),
            ),
            (
                _("Metrics"),
                pn.Column(
                    self._metrics_table,
                    pn.pane.HTML("<h3>" + html.escape(_("Key players")) + "</h3>"),
                    self._key_table,
                    sizing_mode="stretch_width",
                ),
            ),
            (
                _("Brokerage"),
                pn.Column(
                    pn.widgets.RadioButtonGroup.from_param(
                        self.param.brokerage_by,
                        options={_("Level"): "level", _("Sector"): "sector", _("Type"): "type"},
                    ),
                    self._brokerage_table,
                    sizing_mode="stretch_width",
                ),
            ),
            (_("Levels"), pn.Row(self._heatmap, self._unlinked, sizing_mode="stretch_width")),
            (
                _("Themes"),
                pn.Column(
                    self._coverage_table,
                    pn.pane.HTML("<h3>" + html.escape(_("Rows left out")) + "</h3>"),
                    self._flag_table,
                    sizing_mode="stretch_width",
                ),
            ),
            dynamic=True,
            sizing_mode="stretch_width",
        )

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Row(
            pn.Column(*self.controls(), width=280), self.tabs(), sizing_mode="stretch_width"
        )
