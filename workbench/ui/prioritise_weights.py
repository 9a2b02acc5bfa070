"""Criterion weights set by points or by an AHP grid, with the consistency ratio live."""

from __future__ import annotations

import numpy as np
import panel as pn
import param
from panel.viewable import Viewer

from workbench.i18n import LANGUAGES, translator
from workbench.prioritise import ahp_weights, most_inconsistent, points_weights

__all__ = ["SAATY_STEPS", "WeightEditor", "nearest_saaty"]

#: Judgements offered in the AHP grid, from "first extremely more important" to the reverse.
SAATY_STEPS: tuple[float, ...] = (9, 7, 5, 3, 1, 1 / 3, 1 / 5, 1 / 7, 1 / 9)


def nearest_saaty(ratio: float) -> float:
    """The judgement on Saaty's scale closest to ``ratio`` (in log terms)."""
    steps = np.asarray(SAATY_STEPS)
    return float(steps[np.argmin(np.abs(np.log(steps) - np.log(max(ratio, 1e-9))))])


class WeightEditor(Viewer):
    """Weights by points (one slider per criterion) or by pairwise judgements (AHP).

    Parameters
    ----------
    names
        Criterion names, in order.
    initial
        Starting weights (for example the group's), summing to one.
    mode
        ``"points"`` or ``"ahp"``.
    weights
        The resulting weights (output, sum one).
    consistency
        Saaty's consistency ratio of the AHP grid (output).
    """

    names = param.List(default=[], doc="Criterion names in order.")
    initial = param.List(default=[], doc="Starting weights.")
    lang = param.Selector(default="es", objects=list(LANGUAGES))
    mode = param.Selector(default="points", objects=["points", "ahp"], doc="How weights are set.")
    weights = param.List(default=[], doc="Resulting weights, sum one.")
    consistency = param.Number(default=0.0, doc="Consistency ratio of the AHP grid.")

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)
        n = len(self.names)
        start = np.asarray(self.initial or [1.0 / max(n, 1)] * n, dtype=float)
        self._sliders = [
            pn.widgets.IntSlider(
                label=name, start=0, end=100, value=round(100 * w), sizing_mode="stretch_width"
            )
            for name, w in zip(self.names, start, strict=True)
        ]
        self._pairs: list[tuple[int, int, pn.widgets.Select]] = []
        for i in range(n):
            for j in range(i + 1, n):
                options = {}
                for value in SAATY_STEPS:
                    if value > 1:
                        label = _("{a} {k} times as important", a=self.names[i], k=int(value))
                    elif value < 1:
                        label = _("{a} {k} times as important", a=self.names[j], k=round(1 / value))
                    else:
                        label = _("equally important")
                    options[label] = value
                select = pn.widgets.Select(
                    label=f"{self.names[i]} / {self.names[j]}",
                    options=options,
                    value=nearest_saaty(start[i] / max(start[j], 1e-9)),
                    sizing_mode="stretch_width",
                )
                self._pairs.append((i, j, select))
        self._mode = pn.widgets.RadioButtonGroup.from_param(
            self.param.mode,
            options={_("Points"): "points", _("AHP pairwise"): "ahp"},
            label=_("Weights by"),
        )
        self._cr = pn.pane.Str("", sizing_mode="stretch_width")
        self._hint = pn.pane.Str("", sizing_mode="stretch_width")
        self._summary = pn.pane.Str("", sizing_mode="stretch_width")
        for widget in self._sliders:
            widget.param.watch(self._recompute, "value")
        for _i, _j, widget in self._pairs:
            widget.param.watch(self._recompute, "value")
        self._recompute()
        if self.mode == "points" and self.initial:
            # exact starting weights until someone moves a slider (sliders hold whole points)
            self.weights = [float(v) for v in start / start.sum()]

    def pairwise(self) -> np.ndarray:
        """The AHP matrix of the grid."""
        n = len(self.names)
        a = np.ones((n, n))
        for i, j, widget in self._pairs:
            a[i, j] = float(widget.value)
            a[j, i] = 1.0 / float(widget.value)
        return a

    def set_judgement(self, i: int, j: int, value: float) -> None:
        """Set the judgement of criterion ``i`` over ``j`` (``i < j``) on Saaty's scale."""
        for a, b, widget in self._pairs:
            if (a, b) == (i, j):
                widget.value = nearest_saaty(value)

    @param.depends("mode", watch=True)
    def _recompute(self, *_events) -> None:
        _ = translator(self.lang)
        n = len(self.names)
        if n == 0:
            return
        a = self.pairwise()
        if n >= 2:
            ahp, cr = ahp_weights(a)
        else:
            ahp, cr = np.ones(1), 0.0
        self.consistency = float(cr)
        verdict = _("consistent") if cr <= 0.1 else _("inconsistent: revise the judgements")
        self._cr.object = _("Consistency ratio {cr:.3f} ({verdict})", cr=cr, verdict=verdict)
        if n >= 3 and cr > 0:
            i, j, suggested = most_inconsistent(a)
            self._hint.object = _(
                "Most inconsistent judgement: {a} against {b}; the others imply about {s:.2f}",
                a=self.names[i],
                b=self.names[j],
                s=suggested,
            )
        else:
            self._hint.object = ""
        points = [w.value for w in self._sliders]
        if self.mode == "points":
            weights = points_weights(points) if sum(points) > 0 else np.full(n, 1.0 / n)
        else:
            weights = ahp
        self.weights = [float(v) for v in weights]
        self._summary.object = "  ".join(
            f"{name}: {w:.0%}" for name, w in zip(self.names, self.weights, strict=True)
        )

    @param.depends("mode")
    def _body(self):
        if self.mode == "points":
            return pn.Column(*self._sliders, sizing_mode="stretch_width")
        return pn.Column(
            self._cr, self._hint, *[w for _i, _j, w in self._pairs], sizing_mode="stretch_width"
        )

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(self._mode, self._summary, self._body, sizing_mode="stretch_width")
