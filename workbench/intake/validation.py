"""Turn the rows of a file into proposals, and account for every row in a report.

Each row read ends as *accepted*, *accepted with warnings* or *rejected*, with
its row number and the reasons; rows read = accepted + rejected, always.
Rejected: blank rows, lines that are not records, rows without proposal text,
text over :data:`MAX_TEXT` characters, and duplicates (of an earlier row, or
of a proposal already in the table). Accepted with a warning: unknown,
ambiguous or missing place (kept and flagged for review with suggestions),
personal data found in the text (masked; the values go to ``proposers``),
markup removed, dates, amounts or counts not understood (kept as typed among
the extra attributes), very short text, an over-long title (moved into the text).

Reasons are stored as ``(English msgid, parameters)`` and rendered in the
reader's language by :func:`render_report`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from workbench.i18n import N_, gettext
from workbench.intake.cleaning import MARKUP, parse_amount, parse_dates, strip_markup
from workbench.intake.columns import EXTRA, PERSONAL_FIELDS, PLACE_FIELDS
from workbench.intake.hashing import content_hashes
from workbench.intake.personal import find_personal, has_personal, is_valid_cedula, mask_personal
from workbench.intake.readers import ROW_COLUMN
from workbench.territory.matching import match_places

__all__ = [
    "MAX_TEXT",
    "MAX_TITLE",
    "MIN_TEXT",
    "OUTCOMES",
    "Validated",
    "proposal_id",
    "render_report",
    "validate",
]

#: Longest proposal text accepted, in characters.
MAX_TEXT = 20_000
#: Longest title; a longer one is moved into the text.
MAX_TITLE = 500
#: Shorter texts are accepted with a warning.
MIN_TEXT = 15

#: Outcomes of a row, as written in reports.
OUTCOMES: tuple[str, ...] = ("accepted", "warning", "rejected")

_PROPOSAL_COLUMNS = (
    "id",
    "title",
    "text",
    "canton_code",
    "parish_code",
    "territory_raw",
    "sector",
    "organisation",
    "submitted_at",
    "source",
    "source_row",
    "estimated_cost",
    "beneficiaries",
    "content_hash",
    "extra",
)


def proposal_id(content_hash: str) -> str:
    """The id of a proposal from its content hash: the same proposal gets the same id."""
    return "P" + content_hash[:11]


@dataclass
class Validated:
    """The outcome of :func:`validate`.

    Attributes
    ----------
    proposals
        Accepted proposals, columns of the ``proposals`` table (``extra`` as JSON text).
    proposers
        Personal data: ``proposal_id, name, email, phone, id_number, gender``,
        one row per author (and one for data found inside a text).
    report
        One row per row read: ``row``, ``outcome``, ``issues`` (JSON list of
        ``[msgid, params]``), ``proposal_id`` (the proposal it became or duplicates).
    flags
        Review flags: ``proposal_id, source_row, kind, detail`` (JSON text, no personal data).
    """

    proposals: pl.DataFrame
    proposers: pl.DataFrame
    report: pl.DataFrame
    flags: pl.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


def _issue(msgid: str, **params: object) -> list:
    return [msgid, params]


def _text_expr(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String).alias(name)


def validate(
    raw: pl.DataFrame,
    mapping: Mapping[str, str],
    *,
    source: str,
    existing: Mapping[str, str] | None = None,
) -> Validated:
    """Validate the rows of a table read by :func:`~workbench.intake.read_table`.

    Parameters
    ----------
    raw
        The file's rows (text cells), ideally with the ``_row`` column.
    mapping
        ``{column: field}`` from :func:`~workbench.intake.map_columns`.
    source
        Where the rows come from (file name), kept on each proposal unless a
        column gives it.
    existing
        ``{content_hash: proposal_id}`` of proposals already in the table.

    Returns
    -------
    Validated
    """
    existing = existing or {}
    if ROW_COLUMN not in raw.columns:
        raw = raw.with_row_index(ROW_COLUMN, offset=2).with_columns(
            pl.col(ROW_COLUMN).cast(pl.Int64)
        )
    data_columns = [c for c in raw.columns if c != ROW_COLUMN]
    by_field = {f: c for c, f in mapping.items() if f != EXTRA and c in raw.columns}
    extras = [c for c in data_columns if mapping.get(c, EXTRA) == EXTRA and c != "_unparsed"]
    n = raw.height

    # -- gather fields ---------------------------------------------------------------------
    rows = raw.select(
        pl.col(ROW_COLUMN).alias("row"),
        pl.all_horizontal(pl.col(c).is_null() for c in data_columns).alias("blank")
        if data_columns
        else pl.lit(True).alias("blank"),
        (pl.col("_unparsed").is_not_null() if "_unparsed" in raw.columns else pl.lit(False)).alias(
            "unparsed"
        ),
        *[pl.col(c).alias(f) for f, c in by_field.items()],
        (pl.struct(extras).struct.json_encode() if extras else pl.lit(None, pl.String)).alias(
            "_extra_json"
        ),
    )
    for name in ("title", "text", "sector", "organisation", "source", "external_id"):
        if name not in rows.columns:
            rows = rows.with_columns(pl.lit(None, pl.String).alias(name))

    # the hash of the proposal as submitted: a re-import is recognised whatever cleaning did
    rows = rows.with_columns(content_hashes(rows).alias("content_hash"))

    # markup reduced to plain text (only cells that look like markup go through the parser)
    rows = rows.with_columns(
        pl.any_horizontal(
            pl.col(name).str.contains(MARKUP).fill_null(False)
            for name in ("title", "text", "organisation", "sector")
        ).alias("markup")
    )
    for name in ("title", "text", "organisation", "sector"):
        rows = rows.with_columns(_apply_where(rows.get_column(name), MARKUP, strip_markup))

    # over-long titles are moved into the text rather than cut
    long_title = pl.col("title").str.len_chars().fill_null(0) > MAX_TITLE
    rows = rows.with_columns(
        long_title.alias("title_moved"),
        pl.when(long_title)
        .then(pl.concat_str([pl.col("title"), pl.col("text")], separator="\n\n", ignore_nulls=True))
        .otherwise(pl.col("text"))
        .alias("text"),
        pl.when(long_title).then(None).otherwise(pl.col("title")).alias("title"),
    )

    # personal data inside title and text: masked, values kept for proposers
    found: dict[int, list[tuple[str, str]]] = {}
    candidates = rows.with_row_index("_i").filter(
        has_personal(pl.col("text")) | has_personal(pl.col("title"))
    )
    masked_text = rows.get_column("text").to_list() if candidates.height else None
    masked_title = rows.get_column("title").to_list() if candidates.height else None
    for i, title, text in candidates.select("_i", "title", "text").iter_rows():
        values = find_personal(title) + find_personal(text)
        if values:
            found[i] = values
            masked_text[i] = mask_personal(text)
            masked_title[i] = mask_personal(title)
    if found:
        rows = rows.with_columns(
            pl.Series("text", masked_text, pl.String), pl.Series("title", masked_title, pl.String)
        )

    # places
    places = match_places(rows, list(PLACE_FIELDS))
    place_raw = [c for c in PLACE_FIELDS if c in rows.columns]
    rows = pl.concat([rows, places], how="horizontal").with_columns(
        (
            pl.concat_str([pl.col(c) for c in place_raw], separator=" / ", ignore_nulls=True)
            if place_raw
            else pl.lit(None, pl.String)
        ).alias("territory_raw")
    )

    # dates, amounts, counts
    rows = rows.with_columns(
        parse_dates(pl.col("submitted_at")).alias("submitted_utc")
        if "submitted_at" in rows.columns
        else pl.lit(None, pl.Datetime("us", "UTC")).alias("submitted_utc"),
    )
    for name in ("estimated_cost", "beneficiaries"):
        if name in rows.columns:
            values = rows.get_column(name)
            distinct = values.drop_nulls().unique().to_list()
            parsed = {v: parse_amount(v) for v in distinct}
            rows = rows.with_columns(
                pl.col(name)
                .replace_strict(parsed, default=None, return_dtype=pl.Float64)
                .alias(f"{name}_num")
            )
        else:
            rows = rows.with_columns(
                pl.lit(None, pl.String).alias(name), pl.lit(None, pl.Float64).alias(f"{name}_num")
            )

    # identity
    text_len = pl.col("text").str.len_chars()
    rows = rows.with_columns(
        (pl.col("text").is_null() | (text_len == 0)).alias("no_text"),
        text_len.fill_null(0).alias("text_len"),
    )

    # -- decide each row ---------------------------------------------------------------------
    issues: list[list] = [[] for _ in range(n)]
    outcome = ["accepted"] * n
    target: list[str | None] = [None] * n
    first_row_of: dict[str, int] = {}
    cols = rows.select(
        "row",
        "blank",
        "unparsed",
        "no_text",
        "text_len",
        "content_hash",
        "markup",
        "title_moved",
        "territory_status",
        "territory_raw",
        "territory_suggestions",
        "submitted_at" if "submitted_at" in rows.columns else pl.lit(None, pl.String),
        "submitted_utc",
        "estimated_cost",
        "estimated_cost_num",
        "beneficiaries",
        "beneficiaries_num",
    ).rows()
    emails = rows.get_column("email").to_list() if "email" in rows.columns else [None] * n
    cedulas = rows.get_column("id_number").to_list() if "id_number" in rows.columns else [None] * n
    flags: list[dict] = []
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    for i, (
        _row,
        blank,
        unparsed,
        no_text,
        text_len,
        digest,
        has_markup,
        title_moved,
        place_status,
        place_raw_text,
        suggestions,
        date_raw,
        date_utc,
        cost_raw,
        cost,
        people_raw,
        people,
    ) in enumerate(cols):
        reject = None
        if blank:
            reject = _issue(N_("Empty row."))
        elif unparsed:
            reject = _issue(N_("The line is not a JSON record."))
        elif no_text:
            reject = _issue(N_("No proposal text."))
        elif text_len > MAX_TEXT:
            reject = _issue(
                N_("Text too long ({n} characters; the limit is {limit})."),
                n=text_len,
                limit=MAX_TEXT,
            )
        elif digest in first_row_of:
            j = first_row_of[digest]
            reject = _issue(N_("Duplicate of row {row}."), row=cols[j][0])
            target[i] = target[j]
        elif digest in existing:
            reject = _issue(N_("Already in the table as proposal {id}."), id=existing[digest])
            target[i] = existing[digest]
        if reject:
            issues[i].append(reject)
            outcome[i] = "rejected"
            continue
        first_row_of[digest] = i
        target[i] = proposal_id(digest)
        row_issues = issues[i]
        if text_len < MIN_TEXT:
            row_issues.append(_issue(N_("Very short text ({n} characters)."), n=text_len))
        if title_moved:
            row_issues.append(
                _issue(
                    N_("Title longer than {limit} characters: moved into the text."),
                    limit=MAX_TITLE,
                )
            )
        if has_markup:
            row_issues.append(_issue(N_("Markup (HTML) removed from the text.")))
        if place_status == "empty":
            row_issues.append(_issue(N_("No place given.")))
        elif place_status == "unknown":
            row_issues.append(
                _issue(
                    N_("Place not found: {place}. Closest: {suggestions}."),
                    place=place_raw_text,
                    suggestions=", ".join(suggestions) or "-",
                )
            )
            flags.append(
                {
                    "index": i,
                    "kind": "territory.unknown",
                    "detail": {"place": place_raw_text, "suggestions": list(suggestions)},
                }
            )
        elif place_status == "ambiguous":
            row_issues.append(
                _issue(
                    N_("Ambiguous place: {place} could be {suggestions}."),
                    place=place_raw_text,
                    suggestions=", ".join(suggestions),
                )
            )
            flags.append(
                {
                    "index": i,
                    "kind": "territory.ambiguous",
                    "detail": {"place": place_raw_text, "suggestions": list(suggestions)},
                }
            )
        if i in found:
            kinds = sorted({k for k, _v in found[i]})
            row_issues.append(
                _issue(N_("Personal data in the text ({kinds}): masked."), kinds=", ".join(kinds))
            )
            flags.append({"index": i, "kind": "personal.masked", "detail": {"kinds": kinds}})
        if date_raw is not None and date_utc is None:
            row_issues.append(_issue(N_("Date not understood: {value}."), value=date_raw))
        elif date_utc is not None and date_utc > tomorrow:
            row_issues.append(_issue(N_("Date in the future: {value}."), value=date_raw))
        if cost_raw is not None and cost is None:
            row_issues.append(_issue(N_("Cost not understood: {value}."), value=cost_raw))
        elif cost is not None and cost < 0:
            row_issues.append(_issue(N_("Negative cost: {value}."), value=cost_raw))
        if people_raw is not None and (people is None or people < 0 or people != int(people)):
            row_issues.append(
                _issue(N_("Number of beneficiaries not understood: {value}."), value=people_raw)
            )
        if emails[i] is not None and "@" not in emails[i]:
            row_issues.append(_issue(N_("The e-mail address does not look valid.")))
        if cedulas[i] is not None:
            digits = "".join(ch for ch in cedulas[i] if ch.isdigit())
            if not is_valid_cedula(digits[:10]):
                row_issues.append(_issue(N_("The ID number is not a valid Ecuadorian cédula.")))
        if row_issues:
            outcome[i] = "warning"

    rows = rows.with_columns(
        pl.Series("outcome", outcome, pl.String), pl.Series("proposal_id", target, pl.String)
    )
    report = pl.DataFrame(
        {
            "row": rows.get_column("row"),
            "outcome": outcome,
            "issues": [json.dumps(x, ensure_ascii=False) for x in issues],
            "proposal_id": target,
        },
        schema={
            "row": pl.Int64,
            "outcome": pl.String,
            "issues": pl.String,
            "proposal_id": pl.String,
        },
    )

    accepted = rows.filter(pl.col("outcome") != "rejected")
    kept_as_extra = []
    for name, parsed in (
        ("estimated_cost", "estimated_cost_num"),
        ("beneficiaries", "beneficiaries_num"),
    ):
        kept_as_extra.append(
            pl.when(pl.col(name).is_not_null() & pl.col(parsed).is_null())
            .then(pl.col(name))
            .otherwise(None)
            .alias(name)
        )
    unread = accepted.select(
        pl.when(pl.col("submitted_at").is_not_null() & pl.col("submitted_utc").is_null())
        .then(pl.col("submitted_at"))
        .otherwise(None)
        .alias("submitted_at")
        if "submitted_at" in accepted.columns
        else pl.lit(None, pl.String).alias("submitted_at"),
        *kept_as_extra,
        pl.col("external_id"),
        pl.col("_extra_json"),
    )
    extra_json = [_merge_extra(*r) for r in unread.iter_rows()]
    proposals = accepted.select(
        pl.col("proposal_id").alias("id"),
        pl.col("title"),
        pl.col("text"),
        pl.col("canton_code"),
        pl.col("parish_code"),
        pl.col("territory_raw").str.slice(0, 300),
        pl.col("sector").str.slice(0, 200),
        pl.col("organisation").str.slice(0, 300),
        pl.col("submitted_utc").alias("submitted_at"),
        pl.col("source").fill_null(pl.lit(source)).str.slice(0, 300),
        pl.col("row").alias("source_row"),
        pl.col("estimated_cost_num").alias("estimated_cost"),
        pl.when(
            pl.col("beneficiaries_num").is_not_null()
            & (pl.col("beneficiaries_num") >= 0)
            & (pl.col("beneficiaries_num") == pl.col("beneficiaries_num").round())
            & (pl.col("beneficiaries_num") < 2**31)
        )
        .then(pl.col("beneficiaries_num"))
        .otherwise(None)
        .cast(pl.Int64)
        .alias("beneficiaries"),
        pl.col("content_hash"),
    ).with_columns(pl.Series("extra", extra_json, pl.String))

    proposers = _proposers(rows, found)
    index_to_id = rows.get_column("proposal_id").to_list()
    row_numbers = rows.get_column("row").to_list()
    flag_frame = pl.DataFrame(
        {
            "proposal_id": [index_to_id[f["index"]] for f in flags],
            "source_row": [row_numbers[f["index"]] for f in flags],
            "kind": [f["kind"] for f in flags],
            "detail": [json.dumps(f["detail"], ensure_ascii=False) for f in flags],
        },
        schema={
            "proposal_id": pl.String,
            "source_row": pl.Int64,
            "kind": pl.String,
            "detail": pl.String,
        },
    )
    counts = {
        "read": n,
        "accepted": sum(o != "rejected" for o in outcome),
        "warnings": outcome.count("warning"),
        "rejected": outcome.count("rejected"),
    }
    return Validated(proposals, proposers, report, flag_frame, counts)


def _apply_where(series: pl.Series, pattern: str, function) -> pl.Series:
    """``function`` applied (in Python) only to the cells matching ``pattern``."""
    mask = series.str.contains(pattern).fill_null(False)
    if not mask.any():
        return series
    fixed = series.filter(mask).map_elements(function, return_dtype=pl.String)
    return series.scatter(mask.arg_true(), fixed)


def _merge_extra(date_raw, cost_raw, people_raw, external_id, extra_json) -> str | None:
    extra: dict[str, object] = {}
    if extra_json:
        extra.update({k: v for k, v in json.loads(extra_json).items() if v is not None})
    if external_id is not None:
        extra["external_id"] = external_id
    for key, value in (
        ("submitted_at_raw", date_raw),
        ("estimated_cost_raw", cost_raw),
        ("beneficiaries_raw", people_raw),
    ):
        if value is not None:
            extra[key] = value
    return json.dumps(extra, ensure_ascii=False) if extra else None


def _proposers(rows: pl.DataFrame, found: dict[int, list[tuple[str, str]]]) -> pl.DataFrame:
    """Authors (from personal columns) and personal data found in texts, per proposal."""
    schema = {
        "proposal_id": pl.String,
        "name": pl.String,
        "email": pl.String,
        "phone": pl.String,
        "id_number": pl.String,
        "gender": pl.String,
    }
    limits = {"name": 300, "email": 300, "phone": 60, "id_number": 40, "gender": 30}
    present = [f for f in PERSONAL_FIELDS if f in rows.columns]
    frames = []
    if present:
        authors = rows.filter(pl.col("proposal_id").is_not_null()).select(
            "proposal_id",
            *[pl.col(f).str.slice(0, limits[f]) for f in present],
        )
        authors = authors.filter(pl.any_horizontal(pl.col(f).is_not_null() for f in present))
        frames.append(
            authors.select(
                [
                    pl.col(k) if k in authors.columns else pl.lit(None, v).alias(k)
                    for k, v in schema.items()
                ]
            )
        )
    if found:
        ids = rows.get_column("proposal_id").to_list()
        records = []
        for i, values in found.items():
            if ids[i] is None or rows.get_column("outcome")[i] == "rejected":
                continue
            by_kind: dict[str, list[str]] = {}
            for kind, value in values:
                by_kind.setdefault(kind, []).append(value)
            records.append(
                {
                    "proposal_id": ids[i],
                    "name": None,
                    "email": "; ".join(by_kind.get("email", []))[:300] or None,
                    "phone": "; ".join(by_kind.get("phone", []))[:60] or None,
                    "id_number": "; ".join(by_kind.get("id_number", []))[:40] or None,
                    "gender": None,
                }
            )
        frames.append(pl.DataFrame(records, schema=schema))
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames).unique(maintain_order=True)


def render_report(report: pl.DataFrame, lang: str | None = None) -> pl.DataFrame:
    """The report with its reasons in ``lang``: columns ``row, outcome, reason, proposal_id``.

    Examples
    --------
    >>> import polars as pl
    >>> r = pl.DataFrame({"row": [2], "outcome": ["rejected"],
    ...                   "issues": ['[["Empty row.", {}]]'], "proposal_id": [None]})
    >>> render_report(r, "es")["reason"].item()
    'Fila vacía.'
    """
    cache: dict[str, str] = {}
    reasons = []
    for text in report.get_column("issues").to_list():
        if text == "[]" or not text:
            reasons.append("")
            continue
        if text not in cache:
            cache[text] = " ".join(gettext(m, lang, **p) for m, p in json.loads(text))
        reasons.append(cache[text])
    outcome_names = {
        "accepted": gettext(N_("accepted"), lang),
        "warning": gettext(N_("accepted with warnings"), lang),
        "rejected": gettext(N_("rejected"), lang),
    }
    return pl.DataFrame(
        {
            "row": report.get_column("row"),
            "outcome": [outcome_names[o] for o in report.get_column("outcome").to_list()],
            "reason": reasons,
            "proposal_id": report.get_column("proposal_id"),
        },
        schema={
            "row": pl.Int64,
            "outcome": pl.String,
            "reason": pl.String,
            "proposal_id": pl.String,
        },
    )
