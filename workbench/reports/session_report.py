"""The session report: who took part, themes, the actor network and its gaps, the ranking
with its sensitivity, the portfolio and the agreements; as HTML and as PDF.

:func:`build_session_report` gathers everything (anonymised, counts only
for people) into a :class:`SessionReport`; :func:`render_html` and
:func:`write_pdf` lay it out. Charts are PNG pictures from
:mod:`workbench.reports.charts`, embedded in the HTML and placed in the PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import polars as pl

from workbench.cycle.agreements import agreements, status_named
from workbench.cycle.inclusion import inclusion_indicators, participation_counts
from workbench.i18n import N_, translator
from workbench.reports import charts
from workbench.reports.open_data import anonymiser, public_proposals_with_themes
from workbench.reports.planning import sensitivity_notes
from workbench.reports.sources import (
    actor_links,
    has_actor_links,
    latest_session_id,
    normalise_ranking,
    portfolio_of,
    ranking_of,
)
from workbench.store import Store

__all__ = [
    "SECTIONS",
    "SessionReport",
    "build_session_report",
    "network_gaps",
    "render_html",
    "write_html",
    "write_pdf",
]

#: Report sections: HTML anchor -> heading (English msgid).
SECTIONS: dict[str, str] = {
    "participation": N_("Participation"),
    "themes": N_("Themes"),
    "network": N_("Actor network and its gaps"),
    "ranking": N_("Ranking and its sensitivity"),
    "portfolio": N_("Portfolio"),
    "agreements": N_("Agreements"),
}

_LEVELS = {
    "national": N_("national"),
    "provincial": N_("provincial"),
    "cantonal": N_("cantonal"),
    "parish": N_("parish"),
    "": N_("non-governmental"),
}


#: Rows of the ranking table in the report (the open data has them all).
_TOP = 50


@dataclass
class SessionReport:
    """Everything the report shows, already translated and anonymised.

    Attributes
    ----------
    lang
        Language of the labels.
    title
        Report title.
    facts
        ``(label, value)`` lines under the title.
    sections
        Per section id: ``{"charts": [(alt, png)], "tables": [(caption, frame)],
        "notes": [str]}``.
    """

    lang: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: dict[str, dict] = field(default_factory=dict)

    def section(self, key: str) -> dict:
        """The (created on first use) content of section ``key``."""
        return self.sections.setdefault(key, {"charts": [], "tables": [], "notes": []})


def network_gaps(actors: pl.DataFrame, ties: pl.DataFrame, lang: str) -> list[str]:
    """Gaps of the actor network, as sentences.

    Isolated actors; parish governments with no tie to any provincial body;
    pairs of government levels with no tie between them.
    """
    _ = translator(lang)
    graph = nx.Graph()
    graph.add_nodes_from(actors["id"].to_list())
    graph.add_edges_from(
        (s, t) for s, t in ties.select("source", "target").iter_rows() if s in graph and t in graph
    )
    names = dict(actors.select("id", "name").iter_rows())
    level = dict(actors.select("id", pl.col("level").fill_null("")).iter_rows())
    gaps = []
    lonely = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    if lonely:
        gaps.append(
            _("Actors with no tie at all: {names}.", names="; ".join(names[n] for n in lonely))
        )
    cut = sorted(
        n
        for n in graph.nodes
        if level[n] == "parish" and not any(level[m] == "provincial" for m in graph[n])
    )
    if cut:
        gaps.append(
            _(
                "Parish governments with no tie to any provincial body: {names}.",
                names="; ".join(names[n] for n in cut),
            )
        )
    governments = [lv for lv in ("national", "provincial", "cantonal", "parish")]
    linked = {frozenset((level[s], level[t])) for s, t in graph.edges}
    for i, a in enumerate(governments):
        for b in governments[i + 1 :]:
            if frozenset((a, b)) not in linked:
                gaps.append(
                    _(
                        "No tie between the {a} and the {b} level.",
                        a=_(_LEVELS[a]),
                        b=_(_LEVELS[b]),
                    )
                )
    return gaps


def _theme_level_gaps(store: Store, proposals: pl.DataFrame, lang: str) -> list[str]:
    _ = translator(lang)
    links = actor_links(store).filter(pl.col("relation").is_in(["could_execute", "responsible"]))
    if not has_actor_links() or not links.height:
        return [_("No actor is linked to proposals yet: theme coverage by level is unknown.")]
    actors = store.read("actors", columns=["id", "level"]).rename({"id": "actor_id"})
    covered = (
        links.join(actors, on="actor_id")
        .join(proposals.select(pl.col("id").alias("proposal_id"), "theme"), on="proposal_id")
        .drop_nulls("level")
        .group_by("theme")
        .agg(pl.col("level").unique())
    )
    have = dict(covered.iter_rows())
    out = []
    for theme in sorted(proposals["theme"].drop_nulls().unique()):
        missing = [
            _(_LEVELS[lv])
            for lv in ("national", "provincial", "cantonal", "parish")
            if lv not in (have.get(theme) or [])
        ]
        if missing:
            out.append(
                _(
                    "{theme}: no actor able to carry it at these levels: {levels}.",
                    theme=theme,
                    levels=", ".join(missing),
                )
            )
    return out


def build_session_report(
    store: Store,
    session_id: str | None = None,
    *,
    ranking: pl.DataFrame | None = None,
    portfolio: pl.DataFrame | None = None,
    lang: str = "es",
    today: dt.date | None = None,
) -> SessionReport:
    """Gather the report of a session (default: the latest).

    ``ranking`` and ``portfolio`` replace what :mod:`workbench.prioritise`
    would give; without either, those sections say that there is no ranking
    yet.
    """
    _ = translator(lang)
    session_id = session_id or latest_session_id(store)
    ranking = ranking_of(store, session_id) if ranking is None else normalise_ranking(ranking)
    if portfolio is None:
        portfolio = portfolio_of(store, session_id)
    session = store.read("sessions", where={"id": session_id}) if session_id else None
    title = session["title"][0] if session is not None and session.height else _("The table")
    report = SessionReport(lang=lang, title=title)
    territories = dict(store.read("territories", columns=["code", "name"]).iter_rows())
    anonymise = anonymiser(store)
    proposals = public_proposals_with_themes(store, anonymise)

    # -- summary
    if session is not None and session.height:
        row = session.row(0, named=True)
        report.facts.append((_("Session"), session_id))
        if row["opened_at"] is not None:
            report.facts.append((_("Date"), row["opened_at"].date().isoformat()))
    report.facts.append((_("Proposals"), str(proposals.height)))

    # -- participation
    sec = report.section("participation")
    counts = participation_counts(store, sessions=[session_id] if session_id else [])
    counts = counts.with_columns(
        pl.when(pl.col("dimension").is_in(["canton", "parish"]))
        .then(pl.col("value").replace_strict(territories, default=pl.col("value")))
        .when(pl.col("dimension") == "level")
        .then(
            pl.col("value").replace_strict(
                {k: _(v) for k, v in _LEVELS.items() if k}, default=pl.col("value")
            )
        )
        .otherwise(pl.col("value"))
        .alias("label")
    )
    people = int(counts.filter(pl.col("dimension") == "gender")["count"].sum() or 0)
    report.facts.append((_("Members who took part"), str(people)))
    titles = {
        "sector": _("By sector"),
        "level": _("By government level"),
        "canton": _("By territory (canton)"),
        "gender": _("By gender"),
    }
    sec["charts"].append(
        (
            _("Participation by sector, level, territory and gender"),
            charts.participation_chart(counts, titles, _("not stated")),
        )
    )
    call_ids = (
        store.read("call_sessions", where={"session_id": session_id})["call_id"]
        if session_id
        else []
    )
    for call_id in list(call_ids)[:1]:
        indicators = inclusion_indicators(store, call_id)
        under = indicators.filter(
            pl.col("proposals_under").fill_null(False) | pl.col("participants_under")
        )
        sec["notes"].append(
            _(
                "Against the targets of call {call}, {n} of {total} groups are under-represented.",
                call=call_id,
                n=under.height,
                total=indicators.height,
            )
        )
        sec["tables"].append(
            (
                _("Inclusion against the call's targets"),
                indicators.select(
                    pl.col("dimension").alias(_("Dimension")),
                    pl.col("name").fill_null(pl.col("value")).alias(_("Group")),
                    (pl.col("target_share") * 100).round(1).alias(_("Target %")),
                    (pl.col("proposals_share") * 100).round(1).alias(_("Proposals %")),
                    (pl.col("participants_share") * 100).round(1).alias(_("Participants %")),
                    pl.when(
                        pl.col("proposals_under").fill_null(False) | pl.col("participants_under")
                    )
                    .then(pl.lit(_("under-represented")))
                    .otherwise(pl.lit(""))
                    .alias(_("Status")),
                ),
            )
        )

    # -- themes
    sec = report.section("themes")
    themes = (
        proposals.group_by("theme")
        .agg(pl.len().alias("n"))
        .sort(["n", "theme"], descending=[True, False])
    )
    sec["charts"].append(
        (
            _("Proposals per theme"),
            charts.bar_chart(
                themes["theme"].fill_null("-").to_list(),
                themes["n"].to_list(),
                title=_("Proposals per theme"),
                xlabel=_("Proposals"),
            ),
        )
    )
    sec["tables"].append((_("Themes"), themes.rename({"theme": _("Theme"), "n": _("Proposals")})))

    # -- network
    sec = report.section("network")
    actors = store.read("actors", columns=["id", "name", "level", "type"])
    ties = store.read("ties", columns=["source", "target", "kind", "weight"])
    sec["charts"].append(
        (
            _("Actor network by government level"),
            charts.network_chart(
                actors,
                ties,
                level_names={k: _(v) for k, v in _LEVELS.items()},
                isolated=_("isolated"),
            ),
        )
    )
    sec["notes"].extend(network_gaps(actors, ties, lang))
    sec["notes"].extend(_theme_level_gaps(store, proposals, lang))

    # -- ranking
    sec = report.section("ranking")
    criteria = dict(store.read("criteria", columns=["id", "name"]).iter_rows())
    if ranking is None:
        sec["notes"].append(_("No ranking yet: prioritisation has not been run for this session."))
    else:
        ranked = ranking.sort("rank").with_columns(sensitivity_notes(ranking, portfolio, lang=lang))
        sec["charts"].append(
            (
                _("Contribution of each criterion to the score"),
                charts.ranking_chart(
                    ranked, criteria, title=_("Contribution of each criterion to the score")
                ),
            )
        )
        shown = ranked.join(
            proposals.select(pl.col("id").alias("proposal_id"), "title", "theme", "canton"),
            on="proposal_id",
            how="left",
        ).sort("rank")
        if shown.height > _TOP:
            sec["notes"].append(
                _(
                    "The first {top} of {n} ranked proposals; the whole ranking is in the open "
                    "data (rankings.csv).",
                    top=_TOP,
                    n=shown.height,
                )
            )
            shown = shown.head(_TOP)
        sec["tables"].append(
            (
                _("Ranking"),
                shown.select(
                    pl.col("rank").alias(_("Rank")),
                    pl.col("proposal_id").alias(_("Proposal")),
                    pl.col("title").alias(_("Title")),
                    pl.col("theme").alias(_("Theme")),
                    pl.col("score").round(3).alias(_("Score")),
                    pl.col("sensitivity").alias(_("Sensitivity notes")),
                ),
            )
        )

    # -- portfolio
    sec = report.section("portfolio")
    if portfolio is None or "selected" not in portfolio.columns:
        sec["notes"].append(_("No portfolio yet: no budgeted selection for this session."))
    else:
        chosen = (
            portfolio.filter(pl.col("selected"))
            .join(
                proposals.select(
                    pl.col("id").alias("proposal_id"), "title", "canton", "estimated_cost"
                ),
                on="proposal_id",
                how="left",
            )
            .with_columns(pl.col("cost").fill_null(pl.col("estimated_cost")).fill_null(0.0))
        )
        total = format(float(chosen["cost"].sum() or 0.0), ",.0f")
        sec["notes"].append(
            _("{n} proposals funded for a total of USD {total}.", n=chosen.height, total=total)
        )
        by_canton = (
            chosen.group_by(pl.col("canton").fill_null("-"))
            .agg(pl.col("cost").sum())
            .sort("cost", descending=True)
        )
        sec["charts"].append(
            (
                _("Funded amount per canton"),
                charts.portfolio_chart(
                    by_canton, title=_("Funded amount per canton"), xlabel="USD"
                ),
            )
        )
        sec["tables"].append(
            (
                _("Portfolio"),
                chosen.sort("rank").select(
                    pl.col("rank").alias(_("Rank")),
                    pl.col("proposal_id").alias(_("Proposal")),
                    pl.col("title").alias(_("Title")),
                    pl.col("canton").alias(_("Canton")),
                    pl.col("cost").round(0).alias(_("Cost (USD)")),
                ),
            )
        )

    # -- agreements
    sec = report.section("agreements")
    table = agreements(store, today=today)
    table = anonymise(table, ["title", "note"])
    if not table.height:
        sec["notes"].append(_("No agreements recorded yet."))
    else:
        counts = (
            table.group_by("status")
            .agg(pl.len().alias("count"))
            .with_columns(status_named(lang).alias("label"))
            .sort("count", descending=True)
        )
        sec["charts"].append(
            (
                _("Agreements by status"),
                charts.agreements_chart(counts, title=_("Agreements by status")),
            )
        )
        overdue = int(table["overdue"].sum())
        if overdue:
            sec["notes"].append(_("{n} agreements are past their due date.", n=overdue))
        sec["tables"].append(
            (
                _("Agreements"),
                table.select(
                    pl.col("id").alias(_("Id")),
                    pl.col("title").alias(_("Agreement")),
                    pl.col("responsible_actor").alias(_("Responsible")),
                    pl.col("responsible_level")
                    .replace_strict({k: _(v) for k, v in _LEVELS.items() if k}, default=None)
                    .alias(_("Level")),
                    pl.col("due_on").cast(pl.String).alias(_("Due")),
                    status_named(lang).alias(_("Status")),
                    pl.col("note").alias(_("Follow-up")),
                ),
            )
        )
    return report


# -- HTML ---------------------------------------------------------------------------------
_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em;
       color: #1f2328; padding: 0 1em; }
h1 { color: #0d3b66; } h2 { color: #1b7a43; border-bottom: 2px solid #1b7a43; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef3f7; } img { max-width: 100%; height: auto; }
.facts { color: #57606a; } .note { background: #fff8e5; padding: 0.3em 0.6em; }
"""


def _html_table(caption: str, frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cells = "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row)
        rows.append(f"<tr>{cells}</tr>")
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(report: SessionReport) -> str:
    """The report as one self-contained HTML page (pictures embedded, nothing fetched)."""
    _ = translator(report.lang)
    parts = [
        f'<!DOCTYPE html><html lang="{report.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
        '<p class="facts">'
        + " · ".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in report.facts)
        + "</p>",
    ]
    for key, heading in SECTIONS.items():
        content = report.sections.get(key, {"charts": [], "tables": [], "notes": []})
        shown = html.escape(_(heading))
        parts.append(f'<section id="{key}"><h2>{shown}</h2>')
        for note in content["notes"]:
            parts.append(f'<p class="note">{html.escape(note)}</p>')
        for alt, png in content["charts"]:
            data = base64.b64encode(png).decode("ascii")
            parts.append(f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">')
        for caption, frame in content["tables"]:
            parts.append(_html_table(caption, frame))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(report: SessionReport, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path``."""
    path = Path(path)
    path.write_text(render_html(report), encoding="utf-8")
    return path


# -- PDF ----------------------------------------------------------------------------------
def _fonts() -> tuple[Path, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


def write_pdf(report: SessionReport, path: str | Path) -> Path:
    """Write the report as PDF with fpdf2 (A4, DejaVu Sans shipped with matplotlib)."""
    import io

    from fpdf import FPDF
    from fpdf.fonts import FontFace

    _ = translator(report.lang)
    regular, bold = _fonts()
    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0, 6, " · ".join(f"{k}: {v}" for k, v in report.facts), new_x="LMARGIN", new_y="NEXT"
    )
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for key, heading in SECTIONS.items():
        content = report.sections.get(key, {"charts": [], "tables": [], "notes": []})
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 14)
        pdf.multi_cell(0, 8, _(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for note in content["notes"]:
            pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
        for _alt, png in content["charts"]:
            pdf.image(io.BytesIO(png), w=width)
        for caption, frame in content["tables"]:
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 6, caption, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 7)
            with pdf.table(
                headings_style=FontFace(emphasis="BOLD", fill_color=(238, 243, 247)),
                line_height=4,
            ) as table:
                header = table.row()
                for column in frame.columns:
                    header.cell(str(column))
                for values in frame.iter_rows():
                    row = table.row()
                    for value in values:
                        row.cell("" if value is None else str(value))
    path = Path(path)
    pdf.output(str(path))
    return path
