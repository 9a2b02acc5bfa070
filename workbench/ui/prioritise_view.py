"""The prioritiser: criteria, weights, ranking with contributions, robustness and portfolio.

Facilitators and planners use it during and after a session. Every chart
shows proposal ids (never citizens' text in markup); tables are plain text
through :func:`workbench.ui.tables.data_table`.
"""

from __future__ import annotations

import html
import json
from functools import partial

import holoviews as hv
import hvplot.polars  # noqa: F401 - registers .hvplot on polars frames
import numpy as np
import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, translator
from workbench.prioritise import (
    PREFERENCE_FUNCTIONS,
    load_problem,
    portfolio,
    rank_problem,
    score_with_gaps,
    smaa2,
    value_needed,
    weight_sweep,
)
from workbench.prioritise.runs import portfolios, save_run
from workbench.store import Store
from workbench.ui.look import ACCENT, PALETTE
from workbench.ui.prioritise_weights import WeightEditor
from workbench.ui.tables import data_table, to_pandas

__all__ = ["Prioritiser"]


def _gap_scores(method: str, problem, x, w, d):
    options = problem.preferences() if method == "promethee_ii" else {}
    return score_with_gaps(method, x, w, d, **options)


_CRITERIA_COLUMNS = ["id", "name", "definition", "direction", "scale", "unit", "thresholds"]


class Prioritiser(Viewer):
    """Tabs: criteria, weights, ranking, sensitivity, robustness (SMAA-2), portfolio.

    Parameters
    ----------
    store
        The table's store.
    lang
        ``"es"`` or ``"en"``.
    session_id
        The session whose scores and weights are used (default: the latest).
    budget
        Portfolio budget in US dollars (0: a quarter of the eligible cost).
    sweep_criterion
        Criterion id whose weight the sensitivity plot sweeps.
    samples, seed
        SMAA-2 draws and seed.
    aggregation
        ``"mean"``, ``"median"`` or ``"trimmed"`` mean of members' scores.
    group_by, min_per_group, max_per_group
        Portfolio limits per canton or theme (0: none).
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    session_id = param.String(default="", doc="Session id.")
    budget = param.Number(default=0.0, bounds=(0, None), doc="Budget in US dollars.")
    sweep_criterion = param.String(default="", doc="Criterion swept in the sensitivity plot.")
    samples = param.Integer(default=2000, bounds=(100, 100_000), doc="SMAA-2 draws.")
    seed = param.Integer(default=0, doc="SMAA-2 seed.")
    method = param.Selector(
        default="topsis",
        objects=["topsis", "promethee_ii", "vikor", "weighted_sum"],
        doc="Ranking method (TOPSIS is the table's default).",
    )
    aggregation = param.Selector(
        default="mean", objects=["mean", "median", "trimmed"], doc="How members' scores combine."
    )
    no_preferences = param.Boolean(
        default=False, doc="SMAA-2 without preference information (uniform weights)."
    )
    group_by = param.Selector(
        default="canton", objects=["canton", "theme"], doc="Grouping of the portfolio limits."
    )
    min_per_group = param.Integer(default=0, bounds=(0, None), doc="At least per group.")
    max_per_group = param.Integer(default=0, bounds=(0, None), doc="At most per group (0: none).")

    def __init__(self, **params):
        self._ready = False
        super().__init__(**params)
        _ = translator(self.lang)
        self._empty = False
        if not self.session_id:
            sessions = self.store.read("sessions", columns=["id", "opened_at"])
            if sessions.height == 0 or self.store.count("criteria") == 0:
                self._empty = True  # nothing to prioritise yet: say so, do not fail
                return
            # the session with the most scores; other sessions may be drafts without any
            counts = self.store.read("scores", columns=["session_id"]).group_by("session_id").len()
            ranked = sessions.join(counts, left_on="id", right_on="session_id", how="left")
            self.session_id = ranked.sort(
                ["len", "opened_at", "id"], descending=True, nulls_last=True
            ).get_column("id")[0]
        self._problem = load_problem(self.store, self.session_id)
        names = self._problem.criteria.get_column("name").to_list()
        self._names = dict(zip(self._problem.criterion_ids, names, strict=True))
        if not self.sweep_criterion:
            self.sweep_criterion = self._problem.criterion_ids[0]
        self.weights = WeightEditor(
            names=names, initial=[float(w) for w in self._problem.weights], lang=self.lang
        )
        self._message = pn.pane.Alert("", alert_type="danger", visible=False)
        self._portfolio_message = pn.pane.Alert("", alert_type="danger", visible=False)
        self._rank_message = pn.pane.Alert("", alert_type="danger", visible=False)
        self._criteria_table = data_table(
            self._criteria_frame(),
            editable=True,
            titles=self._criteria_titles(),
            editors={"id": None},
            page_size=10,
        )
        self._save_criteria = pn.widgets.Button(label=_("Save criteria"), color="primary")
        self._save_criteria.on_click(self._on_save_criteria)
        self._ranking = rank_problem(
            self._problem, weights=self._current_weights(), method=self.method
        )
        self._rank_table = data_table(self._rank_view(), titles=self._rank_titles(), page_size=15)
        self._group_table = data_table(
            pl.DataFrame(
                {
                    "criterion": list(self._names.values()),
                    "weight": np.round(self._problem.weights, 3),
                    "spread": np.round(self._problem.weight_spread, 3),
                }
            ),
            titles={
                "criterion": _("Criterion"),
                "weight": _("Group weight"),
                "spread": _("Spread among members"),
            },
            page_size=10,
        )
        self._disagreement = data_table(
            self._disagreement_view(), titles=self._disagreement_titles(), page_size=10
        )
        self._method_select = pn.widgets.Select.from_param(
            self.param.method,
            options={
                _("TOPSIS (the table's default)"): "topsis",
                _("PROMETHEE II (criteria thresholds)"): "promethee_ii",
                _("VIKOR"): "vikor",
                _("Weighted sum"): "weighted_sum",
            },
            label=_("Method"),
        )
        self._method_note = pn.pane.Str(self._method_text(), sizing_mode="stretch_width")
        self._aggregation_select = pn.widgets.Select.from_param(
            self.param.aggregation,
            options={_("Mean"): "mean", _("Median"): "median", _("Trimmed mean"): "trimmed"},
            label=_("Members' scores combined by"),
        )
        self._group_by = pn.widgets.RadioButtonGroup.from_param(
            self.param.group_by, options={_("Canton"): "canton", _("Theme"): "theme"}
        )
        self._min_group = pn.widgets.IntInput.from_param(
            self.param.min_per_group, label=_("At least per group"), width=150
        )
        self._max_group = pn.widgets.IntInput.from_param(
            self.param.max_per_group, label=_("At most per group (0: no limit)"), width=150
        )
        eligible = self._eligible_cost()
        if not self.budget:
            self.budget = round(0.25 * eligible, -3)
        self._budget_slider = pn.widgets.FloatSlider.from_param(
            self.param.budget,
            start=0,
            end=max(eligible, 1.0),
            step=max(round(eligible / 200, -3), 1000.0),
            label=_("Budget (USD)"),
            sizing_mode="stretch_width",
        )
        self._sweep_select = pn.widgets.Select.from_param(
            self.param.sweep_criterion,
            options={v: k for k, v in self._names.items()},
            label=_("Criterion to sweep"),
        )
        self._contrib_pane = pn.pane.HoloViews(self._contrib_chart(), sizing_mode="stretch_width")
        self._sweep_pane = pn.pane.HoloViews(self._sweep_chart(), sizing_mode="stretch_width")
        self._sweep_text = pn.pane.Str(self._sweep_summary, sizing_mode="stretch_width")
        self._smaa_pane = pn.pane.HoloViews(self._smaa_chart(), sizing_mode="stretch_width")
        self._smaa_text = pn.pane.Str(self._smaa_note, sizing_mode="stretch_width")
        self._no_prefs = pn.widgets.Checkbox.from_param(
            self.param.no_preferences, label=_("No preference information (any weights)")
        )
        self._save_run = pn.widgets.Button(label=_("Save this run"), color="primary")
        self._save_run.on_click(self._on_save_run)
        self._saved = pn.pane.Str("", sizing_mode="stretch_width")
        self._portfolio_table = data_table(pl.DataFrame(), page_size=10)
        self._needed_table = data_table(pl.DataFrame(), page_size=10)
        self._canton_pane = pn.pane.HoloViews(hv.Div(""), sizing_mode="stretch_width")
        self._rules_text = pn.pane.Str("", sizing_mode="stretch_width")
        self._refresh_portfolio()
        self.weights.param.watch(self._on_weights, "weights")
        self._ready = True

    # --- data -----------------------------------------------------------------------------

    def _current_weights(self) -> np.ndarray:
        return np.asarray(self.weights.weights, dtype=float)

    def _criteria_frame(self) -> pl.DataFrame:
        frame = self.store.read("criteria").sort("position", "id")
        return frame.select(
            [
                pl.col(c).cast(pl.String) if c == "thresholds" else pl.col(c)
                for c in _CRITERIA_COLUMNS
            ]
        )

    def _criteria_titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {
            "id": _("Id"),
            "name": _("Name"),
            "definition": _("Definition"),
            "direction": _("Direction (+1 benefit, -1 cost)"),
            "scale": _("Scale"),
            "unit": _("Unit"),
            "thresholds": _("Preference thresholds (JSON)"),
        }

    def _rank_titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        titles = {
            "rank": _("Rank"),
            "proposal_id": _("Proposal"),
            "score": _("Score"),
            "n_scorers": _("Scorers"),
            "theme": _("Theme"),
        }
        for cid, name in self._names.items():
            titles[f"contrib_{cid}"] = name
        return titles

    def _rank_view(self) -> pl.DataFrame:
        cols = ["rank", "proposal_id", "score", "n_scorers", "theme"]
        cols += [f"contrib_{c}" for c in self._problem.criterion_ids]
        return self._ranking.select(cols).with_columns(pl.col(pl.Float64).round(3))

    def _disagreement_view(self) -> pl.DataFrame:
        """Members' scores per proposal and criterion, most disputed first."""
        agg = self._problem.aggregated
        if agg.height == 0:
            return pl.DataFrame({"proposal_id": [], "criterion": []})
        return (
            agg.with_columns(pl.col("criterion_id").replace(self._names).alias("criterion"))
            .select("proposal_id", "criterion", "value", "n", "spread", "iqr", "low", "high")
            .sort(["spread", "proposal_id"], descending=[True, False], nulls_last=True)
            .with_columns(pl.col("value", "spread", "iqr").round(2))
        )

    def _disagreement_titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {
            "proposal_id": _("Proposal"),
            "criterion": _("Criterion"),
            "value": _("Combined score"),
            "n": _("Scorers"),
            "spread": _("Spread (std. dev.)"),
            "iqr": _("Interquartile range"),
            "low": _("Lowest"),
            "high": _("Highest"),
        }

    def _eligible(self) -> pl.DataFrame:
        return self._ranking.filter(
            pl.col("score").is_not_null() & pl.col("estimated_cost").is_not_null()
        )

    def _eligible_cost(self) -> float:
        return float(self._eligible().get_column("estimated_cost").sum() or 0.0)

    # --- charts ---------------------------------------------------------------------------

    def _contrib_chart(self):
        _ = translator(self.lang)
        top = self._ranking.filter(pl.col("rank").is_not_null()).head(15)
        long = top.select(
            "proposal_id", *[f"contrib_{c}" for c in self._problem.criterion_ids]
        ).unpivot(index="proposal_id", variable_name="criterion", value_name="contribution")
        long = long.with_columns(
            pl.col("criterion").str.replace("^contrib_", "").replace(self._names),
            pl.col("contribution").fill_null(0.0),
        )
        return long.hvplot.barh(
            x="proposal_id",
            y="contribution",
            by="criterion",
            stacked=True,
            height=420,
            responsive=True,
            shared_axes=False,
            xlabel="",
            ylabel=_("Contribution to the weighted score"),
            title=_("What lifts each of the first 15 proposals"),
            color=list(PALETTE[: len(self._names)]),
            legend="bottom",
        ).opts(invert_yaxis=True, toolbar=None)

    @property
    def _sweep(self):
        j = self._problem.criterion_ids.index(self.sweep_criterion)
        scored = self._problem.scored
        if not scored.any():
            return None  # nobody has scored yet in this session
        return weight_sweep(
            self._problem.matrix[scored],
            self._current_weights(),
            self._problem.directions,
            j,
            method=partial(_gap_scores, self.method, self._problem),
            steps=21,
        )

    def _sweep_chart(self):
        _ = translator(self.lang)
        sweep = self._sweep
        if sweep is None:
            return hv.Div("")
        ids = np.asarray(self._problem.proposals.filter(pl.col("n_scorers") > 0)["proposal_id"])
        current_top = self._ranking.filter(pl.col("rank") <= 8).get_column("proposal_id")
        keep = np.isin(ids, current_top.to_numpy())
        frame = pl.DataFrame(
            {
                "weight": np.repeat(sweep.values, keep.sum()),
                "proposal_id": np.tile(ids[keep], sweep.values.size),
                "rank": sweep.ranks[:, keep].reshape(-1),
            }
        )
        lines = frame.hvplot.line(
            x="weight",
            y="rank",
            by="proposal_id",
            height=380,
            responsive=True,
            shared_axes=False,
            xlabel=_("Weight of {name}", name=self._names[self.sweep_criterion]),
            ylabel=_("Rank"),
            title=_("Rank of the current first 8 as one weight changes"),
            legend="right",
        ).opts(invert_yaxis=True, toolbar=None)
        return lines * hv.VLine(sweep.current).opts(color=ACCENT, line_dash="dashed")

    @property
    def _sweep_summary(self) -> str:
        _ = translator(self.lang)
        sweep = self._sweep
        if sweep is None:
            return ""
        if sweep.changes.size == 0:
            return _("The first place does not change for any weight of this criterion.")
        return _(
            "The first place changes at weights {points} (now {now:.2f}).",
            points=", ".join(f"{v:.2f}" for v in sweep.changes),
            now=sweep.current,
        )

    def _smaa_inputs(self):
        problem = self._problem
        scored = problem.scored
        x = problem.matrix[scored]
        spread = problem.spread[scored]
        complete = ~np.isnan(x).any(axis=1)
        ids = problem.proposals.filter(pl.col("n_scorers") > 0).get_column("proposal_id")
        return (
            x[complete],
            spread[complete],
            ids.filter(pl.Series(complete)),
            ids.filter(~pl.Series(complete)),
        )

    @property
    def _smaa_note(self) -> str:
        _ = translator(self.lang)
        _x, _s, _ids, left_out = self._smaa_inputs()
        if left_out.len() == 0:
            return _("Every scored proposal is in the robustness analysis.")
        return _(
            "Left out of the robustness analysis for missing values: {ids}",
            ids=", ".join(left_out.to_list()),
        )

    def _smaa_chart(self):
        _ = translator(self.lang)
        x, spread, ids, _left = self._smaa_inputs()
        if x.shape[0] < 2:
            return hv.Div("")
        result = smaa2(
            x,
            self._problem.directions,
            weights=None if self.no_preferences else self._current_weights(),
            weight_spread=None if self.no_preferences else self._problem.weight_spread,
            score_spread=spread,
            samples=self.samples,
            seed=self.seed,
        )
        order = np.argsort(-result.holistic, kind="stable")[:15]
        k = min(15, x.shape[0])
        frame = pl.DataFrame(
            {
                "proposal_id": np.repeat(np.asarray(ids)[order], k),
                "rank": np.tile(np.arange(1, k + 1), order.size),
                "acceptability": result.acceptability[order][:, :k].reshape(-1),
            }
        )
        return frame.hvplot.heatmap(
            x="rank",
            y="proposal_id",
            C="acceptability",
            cmap="Greens",
            height=420,
            responsive=True,
            shared_axes=False,
            xlabel=_("Rank"),
            ylabel="",
            title=_("Rank acceptability: share of draws with each rank"),
            clim=(0, 1),
        ).opts(invert_yaxis=True, toolbar=None)

    def _canton_chart(self, chosen: pl.DataFrame):
        _ = translator(self.lang)
        cantons = self.store.read("territories", where={"kind": "canton"}, columns=["code", "name"])
        funded = (
            chosen.join(cantons, left_on="canton_code", right_on="code", how="left")
            .with_columns(pl.col("name").fill_null(_("No canton")))
            .group_by("name")
            .agg(pl.col("estimated_cost").sum().alias("funded"))
            .sort("funded", descending=True)
        )
        if funded.height == 0:
            return hv.Div("")
        return funded.hvplot.barh(
            x="name",
            y="funded",
            height=320,
            responsive=True,
            shared_axes=False,
            color=ACCENT,
            xlabel="",
            ylabel=_("Funded (USD)"),
            title=_("Funded amount per canton"),
        ).opts(invert_yaxis=True, toolbar=None)

    # --- updates --------------------------------------------------------------------------

    def _refresh_portfolio(self) -> None:
        _ = translator(self.lang)
        eligible = self._eligible()
        values = eligible.get_column("score").to_numpy()
        costs = eligible.get_column("estimated_cost").to_numpy()
        constraints: dict = {}
        if self.min_per_group or self.max_per_group:
            column = "canton_code" if self.group_by == "canton" else "theme"
            constraints["groups"] = eligible.get_column(column).fill_null("").to_list()
            if self.min_per_group:
                constraints["min_per_group"] = self.min_per_group
            if self.max_per_group:
                constraints["max_per_group"] = self.max_per_group
        try:
            mask = portfolio(values, costs, self.budget, **constraints)
            needed = value_needed(values, costs, self.budget, limit=10, **constraints)
        except WorkbenchError as exc:
            self._show_error(exc, self._portfolio_message)
            return
        self._portfolio_message.visible = False
        chosen = eligible.filter(pl.Series(mask))
        self._portfolio_table.value = to_pandas(
            chosen.select(
                "rank", "proposal_id", "estimated_cost", "canton_code", "score"
            ).with_columns(pl.col("score").round(3))
        )
        self._portfolio_table.titles = {
            "rank": _("Rank"),
            "proposal_id": _("Proposal"),
            "estimated_cost": _("Cost (USD)"),
            "canton_code": _("Canton"),
            "score": _("Score"),
        }
        left = eligible.with_columns(pl.Series("needed", needed)).filter(
            ~pl.Series(mask) & pl.col("needed").is_not_nan()
        )
        self._needed_table.value = to_pandas(
            left.select(
                "rank",
                "proposal_id",
                "estimated_cost",
                pl.col("score").round(3),
                pl.when(pl.col("needed").is_infinite())
                .then(None)
                .otherwise(pl.col("needed"))
                .round(3)
                .alias("needed"),
            )
        )
        self._needed_table.titles = {
            "rank": _("Rank"),
            "proposal_id": _("Proposal"),
            "estimated_cost": _("Cost (USD)"),
            "score": _("Score"),
            "needed": _("Score it would need (empty: cannot fit)"),
        }
        self._canton_pane.object = self._canton_chart(chosen)
        rules = portfolios(self.store, self.session_id, self._ranking, self.budget)
        parts = []
        for rule, label in (
            ("value", _("value-maximising")),
            ("greedy", _("greedy approval")),
            ("mes", _("equal shares")),
        ):
            picked = rules.filter(pl.col(rule))
            parts.append(
                _(
                    "{label}: {n} proposals, {cost:,.0f} USD",
                    label=label,
                    n=picked.height,
                    cost=float(picked.get_column("cost").sum() or 0.0),
                )
            )
        self._rules_text.object = "\n".join(parts)

    def _show_error(self, exc: WorkbenchError, alert: pn.pane.Alert | None = None) -> None:
        alert = alert or self._message
        alert.object = html.escape(exc.render(self.lang))
        alert.visible = True

    @param.depends("no_preferences", watch=True)
    def _on_no_preferences(self) -> None:
        if self._ready:
            self._smaa_pane.object = self._smaa_chart()

    def _on_save_run(self, _event=None) -> str | None:
        """Save the ranking and the three portfolios with the weights shown."""
        _ = translator(self.lang)
        try:
            run_id = save_run(
                self.store,
                self.session_id,
                actor="facilitator:prioritise",
                budget=self.budget,
                weights=self.weights.weights,
                aggregation=self.aggregation,
            )
        except WorkbenchError as exc:
            self._show_error(exc, self._portfolio_message)
            return None
        self._saved.object = _("Saved the prioritisation run {id}.", id=run_id)
        return run_id

    @param.depends("aggregation", watch=True)
    def _on_aggregation(self) -> None:
        if not self._ready:
            return
        self._problem = load_problem(self.store, self.session_id, how=self.aggregation)
        self._disagreement.value = to_pandas(self._disagreement_view())
        self._on_weights()

    def _method_text(self) -> str:
        _ = translator(self.lang)
        if self.method == "topsis":
            return _("Missing values are left out of each proposal's distances, never zero.")
        left = self._ranking.filter(
            (pl.col("n_scorers") > 0) & pl.col("score").is_null()
        ).get_column("proposal_id")
        if left.len() == 0:
            return ""
        return _(
            "Not ranked by this method for missing values: {ids}", ids=", ".join(left.to_list())
        )

    @param.depends("method", watch=True)
    def _on_method(self) -> None:
        if self._ready:
            self._on_weights()

    def _on_weights(self, *_events) -> None:
        try:
            self._ranking = rank_problem(
                self._problem, weights=self._current_weights(), method=self.method
            )
        except WorkbenchError as exc:
            self._show_error(exc, self._rank_message)
            return
        self._rank_message.visible = False
        self._method_note.object = self._method_text()
        self._rank_table.value = to_pandas(self._rank_view())
        self._contrib_pane.object = self._contrib_chart()
        self._refresh_sensitivity()
        self._smaa_pane.object = self._smaa_chart()
        self._refresh_portfolio()

    @param.depends("sweep_criterion", watch=True)
    def _refresh_sensitivity(self) -> None:
        if not self._ready:
            return
        self._sweep_pane.object = self._sweep_chart()
        self._sweep_text.object = self._sweep_summary

    @param.depends("budget", "group_by", "min_per_group", "max_per_group", watch=True)
    def _on_budget(self) -> None:
        if self._ready:
            self._refresh_portfolio()

    def _on_save_criteria(self, _event=None) -> int:
        """Write edited criteria through the store (one event per changed criterion)."""
        _ = translator(self.lang)
        before = {r["id"]: r for r in self._criteria_frame().iter_rows(named=True)}
        edited = pl.from_pandas(self._criteria_table.value)
        changed = 0
        try:
            with self.store.transaction("facilitator:prioritise") as tx:
                for row in edited.iter_rows(named=True):
                    old = before.get(row["id"])
                    if old is None:
                        continue
                    changes = {c: row[c] for c in _CRITERIA_COLUMNS[1:] if row[c] != old[c]}
                    if not changes:
                        continue
                    _check_criterion(changes)
                    tx.update("criteria", {"id": row["id"]}, changes, kind="criteria.edit")
                    changed += 1
        except WorkbenchError as exc:
            self._show_error(exc)
            return 0
        self._message.visible = False
        return changed

    # --- layout ---------------------------------------------------------------------------

    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)
        if self._empty:
            return pn.pane.Str(
                _("There is no session with criteria yet: load the data or open a session first.")
            )
        return pn.Tabs(
            (
                _("Criteria"),
                pn.Column(self._message, self._criteria_table, self._save_criteria),
            ),
            (
                _("Weights"),
                pn.Column(
                    self.weights,
                    pn.pane.Str(
                        _(
                            "Group weights: mean of {n} members' own weights, and their spread",
                            n=self._problem.weight_members,
                        )
                    ),
                    self._group_table,
                    sizing_mode="stretch_width",
                ),
            ),
            (
                _("Ranking"),
                pn.Column(
                    self._rank_message,
                    pn.FlexBox(self._method_select, self._aggregation_select),
                    self._method_note,
                    self._rank_table,
                    self._contrib_pane,
                    pn.pane.Str(_("Where members disagree most")),
                    self._disagreement,
                    sizing_mode="stretch_width",
                ),
            ),
            (
                _("Sensitivity"),
                pn.Column(
                    self._sweep_select,
                    self._sweep_text,
                    self._sweep_pane,
                    sizing_mode="stretch_width",
                ),
            ),
            (
                _("Robustness"),
                pn.Column(
                    self._no_prefs, self._smaa_text, self._smaa_pane, sizing_mode="stretch_width"
                ),
            ),
            (
                _("Portfolio"),
                pn.Column(
                    self._portfolio_message,
                    self._budget_slider,
                    self._group_by,
                    pn.FlexBox(self._min_group, self._max_group),
                    self._rules_text,
                    self._portfolio_table,
                    self._canton_pane,
                    pn.pane.Str(_("Left out: the score each would need to get in")),
                    self._needed_table,
                    pn.Row(self._save_run, self._saved),
                    sizing_mode="stretch_width",
                ),
            ),
            dynamic=True,
            sizing_mode="stretch_width",
        )


def _check_criterion(changes: dict) -> None:
    """Refuse edits that would break the methods (one clear message each)."""
    from workbench.errors import InputError
    from workbench.i18n import N_

    if "direction" in changes and changes["direction"] not in (1, -1):
        raise InputError(N_("Direction must be +1 (benefit) or -1 (cost)"))
    if "name" in changes and not str(changes["name"] or "").strip():
        raise InputError(N_("A criterion needs a name"))
    if changes.get("thresholds"):
        try:
            value = json.loads(changes["thresholds"])
        except (TypeError, ValueError):
            raise InputError(
                N_("Thresholds must be JSON, for example {example}"),
                example='{"preference": "linear", "q": 0.5, "p": 2}',
            ) from None
        if (
            not isinstance(value, dict)
            or value.get("preference", "usual") not in PREFERENCE_FUNCTIONS
        ):
            raise InputError(
                N_("Thresholds need a preference among {names}"),
                names=", ".join(PREFERENCE_FUNCTIONS),
            )
