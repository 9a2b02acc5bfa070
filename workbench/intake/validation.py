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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from workbench.i18n import N_, gettext
from workbench.intake.cleaning import MARKUP, parse_amounts, parse_dates, strip_markup
from workbench.intake.columns import EXTRA, PERSONAL_FIELDS, PLACE_FIELDS
from workbench.intake.hashing import content_hashes
from workbench.intake.personal import find_and_mask, has_personal, is_valid_cedula
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


def validate(
    raw: pl.DataFrame,
    mapping: Mapping[str, str],
    *,
    source: str,
    existing: Mapping[str, str] | None = None,
    on_stage: Callable[[str, int, int], None] | None = None,
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
    on_stage
        Called as ``on_stage(stage, rows_done, rows_total)`` when the rows are
        checked (``"check"``) and when their places are matched (``"territory"``).

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
        *[pl.col(c).alias(f"_x{i}") for i, c in enumerate(extras)],
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
        in_title, title_masked = find_and_mask(title)
        in_text, text_masked = find_and_mask(text)
        if in_title or in_text:
            found[i] = in_title + in_text
            masked_text[i] = text_masked
            masked_title[i] = title_masked
    if found:
        rows = rows.with_columns(
            pl.Series("text", masked_text, pl.String), pl.Series("title", masked_title, pl.String)
        )

    if on_stage is not None:
        on_stage("check", n, n)

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
    if "submitted_at" in rows.columns:  # each distinct date as typed is parsed once
        distinct = rows.select(pl.col("submitted_at").unique().drop_nulls())
        parsed = distinct.with_columns(parse_dates(pl.col("submitted_at")).alias("submitted_utc"))
        rows = rows.join(parsed, on="submitted_at", how="left", maintain_order="left")
    else:
        rows = rows.with_columns(pl.lit(None, pl.Datetime("us", "UTC")).alias("submitted_utc"))
    for name in ("estimated_cost", "beneficiaries"):
        if name in rows.columns:
            rows = rows.with_columns(parse_amounts(rows.get_column(name)).alias(f"{name}_num"))
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

    # -- decide each row (vectorised) ----------------------------------------------------------
    for name in ("submitted_at", "email", "id_number"):
        if name not in rows.columns:
            rows = rows.with_columns(pl.lit(None, pl.String).alias(name))
    kinds = [None] * n
    for i, values in found.items():
        kinds[i] = ", ".join(sorted({k for k, _v in values}))
    cedulas = rows.get_column("id_number").drop_nulls().unique().to_list()
    valid_ids = {c: is_valid_cedula("".join(ch for ch in c if ch.isdigit())[:10]) for c in cedulas}
    rows = rows.with_columns(
        pl.Series("personal_kinds", kinds, pl.String),
        pl.col("id_number")
        .replace_strict(valid_ids, default=None, return_dtype=pl.Boolean)
        .alias("id_valid"),
        pl.col("content_hash")
        .replace_strict(dict(existing), default=None, return_dtype=pl.String)
        .alias("existing_id"),
        pl.when(pl.col("blank"))
        .then(pl.lit("empty"))
        .when(pl.col("unparsed"))
        .then(pl.lit("unparsed"))
        .when(pl.col("no_text"))
        .then(pl.lit("no_text"))
        .when(pl.col("text_len") > MAX_TEXT)
        .then(pl.lit("too_long"))
        .otherwise(None)
        .alias("_reject"),
    ).with_row_index("_i")
    # the first row of each content among the rows still standing; later ones are duplicates
    standing = pl.col("_reject").is_null() & pl.col("existing_id").is_null()
    firsts = (
        rows.filter(standing)
        .group_by("content_hash", maintain_order=True)
        .agg(pl.col("_i").first().alias("_first_i"), pl.col("row").first().alias("_first_row"))
    )
    rows = rows.join(firsts, on="content_hash", how="left", maintain_order="left")
    duplicate = standing & (pl.col("_first_i") != pl.col("_i"))
    rows = rows.with_columns(
        pl.when(pl.col("_reject").is_not_null())
        .then(pl.col("_reject"))
        .when(pl.col("existing_id").is_not_null())
        .then(pl.lit("existing"))
        .when(duplicate)
        .then(pl.lit("duplicate"))
        .otherwise(None)
        .alias("_reject"),
        pl.when(pl.col("_reject").is_not_null())
        .then(None)
        .when(pl.col("existing_id").is_not_null())
        .then(pl.col("existing_id"))
        .otherwise(pl.lit("P") + pl.col("content_hash").str.slice(0, 11))
        .alias("proposal_id"),
    )
    reject = pl.col("_reject")
    ok = reject.is_null()
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    date_unread = pl.col("submitted_at").is_not_null() & pl.col("submitted_utc").is_null()
    cost_unread = pl.col("estimated_cost").is_not_null() & pl.col("estimated_cost_num").is_null()
    people = pl.col("beneficiaries_num")
    people_unread = pl.col("beneficiaries").is_not_null() & (
        people.is_null() | (people < 0) | (people != people.round())
    )
    suggestions = pl.col("territory_suggestions").list.join(", ")
    fragments = [
        _fragment(reject == "empty", N_("Empty row.")),
        _fragment(reject == "unparsed", N_("The line is not a JSON record.")),
        _fragment(reject == "no_text", N_("No proposal text.")),
        _fragment(
            reject == "too_long",
            N_("Text too long ({n} characters; the limit is {limit})."),
            n=pl.col("text_len"),
            limit=pl.lit(MAX_TEXT),
        ),
        _fragment(
            reject == "existing",
            N_("Already in the table as proposal {id}."),
            id=pl.col("existing_id"),
        ),
        _fragment(reject == "duplicate", N_("Duplicate of row {row}."), row=pl.col("_first_row")),
        _fragment(
            ok & (pl.col("text_len") < MIN_TEXT),
            N_("Very short text ({n} characters)."),
            n=pl.col("text_len"),
        ),
        _fragment(
            ok & pl.col("title_moved"),
            N_("Title longer than {limit} characters: moved into the text."),
            limit=pl.lit(MAX_TITLE),
        ),
        _fragment(ok & pl.col("markup"), N_("Markup (HTML) removed from the text.")),
        _fragment(ok & (pl.col("territory_status") == "empty"), N_("No place given.")),
        _fragment(
            ok & (pl.col("territory_status") == "unknown"),
            N_("Place not found: {place}. Closest: {suggestions}."),
            place=pl.col("territory_raw"),
            suggestions=pl.when(suggestions == "").then(pl.lit("-")).otherwise(suggestions),
        ),
        _fragment(
            ok & (pl.col("territory_status") == "ambiguous"),
            N_("Ambiguous place: {place} could be {suggestions}."),
            place=pl.col("territory_raw"),
            suggestions=suggestions,
        ),
        _fragment(
            ok & pl.col("personal_kinds").is_not_null(),
            N_("Personal data in the text ({kinds}): masked."),
            kinds=pl.col("personal_kinds"),
        ),
        _fragment(
            ok & date_unread, N_("Date not understood: {value}."), value=pl.col("submitted_at")
        ),
        _fragment(
            ok & (pl.col("submitted_utc") > tomorrow),
            N_("Date in the future: {value}."),
            value=pl.col("submitted_at"),
        ),
        _fragment(
            ok & cost_unread, N_("Cost not understood: {value}."), value=pl.col("estimated_cost")
        ),
        _fragment(
            ok & (pl.col("estimated_cost_num") < 0),
            N_("Negative cost: {value}."),
            value=pl.col("estimated_cost"),
        ),
        _fragment(
            ok & people_unread,
            N_("Number of beneficiaries not understood: {value}."),
            value=pl.col("beneficiaries"),
        ),
        _fragment(
            ok & pl.col("email").is_not_null() & ~pl.col("email").str.contains("@"),
            N_("The e-mail address does not look valid."),
        ),
        _fragment(
            ok & (pl.col("id_valid") == False),  # noqa: E712 - null means no ID given
            N_("The ID number is not a valid Ecuadorian cédula."),
        ),
    ]
    issues = pl.concat_str(
        [pl.lit("["), pl.concat_str(fragments, separator=",", ignore_nulls=True), pl.lit("]")]
    )
    rows = rows.with_columns(issues.alias("issues")).with_columns(
        pl.when(reject.is_not_null())
        .then(pl.lit("rejected"))
        .when(pl.col("issues") != "[]")
        .then(pl.lit("warning"))
        .otherwise(pl.lit("accepted"))
        .alias("outcome")
    )
    report = rows.select("row", "outcome", "issues", "proposal_id")

    accepted = rows.filter(pl.col("outcome") != "rejected")
    extra_fields = [pl.col(f"_x{i}").alias(c) for i, c in enumerate(extras)]
    used = set(extras)

    def _key(name: str) -> str:
        while name in used:  # a file column may already bear the name
            name = "_" + name
        used.add(name)
        return name

    if "external_id" in by_field:
        extra_fields.append(pl.col("external_id").alias(_key("external_id")))
    for name, unread in (
        ("submitted_at", date_unread),
        ("estimated_cost", cost_unread),
        ("beneficiaries", people_unread),
    ):
        if name in by_field:
            extra_fields.append(
                pl.when(unread).then(pl.col(name)).otherwise(None).alias(_key(f"{name}_raw"))
            )
    extra = (
        pl.when(pl.any_horizontal(e.is_not_null() for e in extra_fields))
        .then(_drop_null_keys(pl.struct(extra_fields).struct.json_encode()))
        .otherwise(None)
        if extra_fields
        else pl.lit(None, pl.String)
    )
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
        pl.when(~people_unread & (people < 2**31))
        .then(people)
        .otherwise(None)
        .cast(pl.Int64)
        .alias("beneficiaries"),
        pl.col("content_hash"),
        extra.alias("extra"),
    )

    proposers = _proposers(rows, found)
    place_flags = accepted.filter(pl.col("territory_status").is_in(["unknown", "ambiguous"]))
    personal_flags = accepted.filter(pl.col("personal_kinds").is_not_null())
    flag_frame = pl.concat(
        [
            place_flags.select(
                "proposal_id",
                pl.col("row").alias("source_row"),
                (pl.lit("territory.") + pl.col("territory_status")).alias("kind"),
                pl.struct(
                    pl.col("territory_raw").alias("place"),
                    pl.col("territory_suggestions").alias("suggestions"),
                )
                .struct.json_encode()
                .alias("detail"),
            ),
            personal_flags.select(
                "proposal_id",
                pl.col("row").alias("source_row"),
                pl.lit("personal.masked").alias("kind"),
                pl.struct(pl.col("personal_kinds").str.split(", ").alias("kinds"))
                .struct.json_encode()
                .alias("detail"),
            ),
        ]
    ).sort("source_row", "kind")
    outcomes = rows.get_column("outcome")
    if on_stage is not None:
        on_stage("territory", n, n)
    counts = {
        "read": n,
        "accepted": int((outcomes != "rejected").sum()),
        "warnings": int((outcomes == "warning").sum()),
        "rejected": int((outcomes == "rejected").sum()),
    }
    return Validated(proposals, proposers, report, flag_frame, counts)


def _apply_where(series: pl.Series, pattern: str, function) -> pl.Series:
    """``function`` applied (in Python) only to the cells matching ``pattern``."""
    mask = series.str.contains(pattern).fill_null(False)
    if not mask.any():
        return series
    fixed = series.filter(mask).map_elements(function, return_dtype=pl.String)
    return series.scatter(mask.arg_true(), fixed)


def _fragment(condition: pl.Expr, msgid: str, **params: pl.Expr) -> pl.Expr:
    """One issue as JSON text ``["msgid", {params}]`` where ``condition`` holds, else null."""
    encoded = (
        pl.struct(*[value.alias(name) for name, value in params.items()]).struct.json_encode()
        if params
        else pl.lit("{}")
    )
    head = pl.lit("[" + json.dumps(msgid, ensure_ascii=False) + ",")
    return pl.when(condition).then(pl.concat_str([head, encoded, pl.lit("]")])).otherwise(None)


_NULL_MEMBER = r',"(?:[^"\\]|\\.)*":null'
_FIRST_NULL_MEMBER = r'^\{"(?:[^"\\]|\\.)*":null,?'


def _drop_null_keys(encoded: pl.Expr) -> pl.Expr:
    """Remove ``"key":null`` members from JSON objects encoded by polars (no spaces)."""
    return encoded.str.replace_all(_NULL_MEMBER, "").str.replace(_FIRST_NULL_MEMBER, "{")


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
