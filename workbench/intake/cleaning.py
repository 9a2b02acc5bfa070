"""Clean cell values: markup to plain text, dates, amounts and counts as people type them."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import polars as pl

__all__ = [
    "LOCAL_TIME_ZONE",
    "MARKUP",
    "parse_amount",
    "parse_amounts",
    "parse_dates",
    "strip_markup",
]

#: Times typed without a zone are local time in Ecuador (mainland).
LOCAL_TIME_ZONE = "America/Guayaquil"

#: A cell that looks like it holds HTML (a tag or an entity).
MARKUP = r"<[A-Za-z!/?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]{2,8});"

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}
_DROP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _DROP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def strip_markup(value: str | None) -> str | None:
    """HTML reduced to its plain text: tags, scripts and styles removed, entities decoded.

    Examples
    --------
    >>> strip_markup("<p>Riego &amp; agua</p><script>alert(1)</script>")
    'Riego & agua'
    >>> strip_markup("2 < 3 y 5 > 4")
    '2 < 3 y 5 > 4'
    """
    if value is None or not re.search(MARKUP, value):
        return value
    parser = _Text()
    try:
        parser.feed(value)
        parser.close()
    except Exception:  # malformed markup: fall back to removing anything tag-like
        return html.unescape(re.sub(r"<[^>]*>", " ", value)).strip()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip() or None


_NAIVE_FORMATS = (
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def parse_dates(column: pl.Expr) -> pl.Expr:
    """Dates as typed (ISO with or without zone, day/month/year, Excel serials) to UTC.

    Times without a zone are taken as local time in Ecuador. Unparseable
    values become null (the caller reports them).
    """
    text = column.str.strip_chars().str.replace(r"Z$", "+00:00")
    aware = [
        text.str.to_datetime(fmt, strict=False, time_zone="UTC")
        for fmt in ("%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%:z")
    ]
    naive = [text.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in _NAIVE_FORMATS]
    serial = text.str.to_decimal(scale=6).cast(pl.Float64, strict=False)
    excel = (
        pl.when(serial.is_between(20000, 80000))
        .then(pl.lit(_EXCEL_EPOCH) + pl.duration(microseconds=(serial * 86_400_000_000).round()))
        .otherwise(None)
    )
    local = pl.coalesce(*naive, excel.cast(pl.Datetime("us")))
    local_utc = local.dt.replace_time_zone(
        LOCAL_TIME_ZONE, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")
    return pl.coalesce(
        *[a.dt.cast_time_unit("us") for a in aware], local_utc.dt.cast_time_unit("us")
    )


_AMOUNT_NOISE = re.compile(r"(?i)usd|us\$|\$|dólares|dolares|\s")


def parse_amount(value: str | None) -> float | None:
    """An amount as typed in Ecuador or abroad: ``$ 1.500,50``, ``1,500.50``, ``USD 2000``.

    Returns ``None`` when ``value`` is not a number.

    Examples
    --------
    >>> parse_amount("$ 1.500,50"), parse_amount("1,500.50"), parse_amount("12.000")
    (1500.5, 1500.5, 12000.0)
    >>> parse_amount("mucho") is None
    True
    """
    if value is None:
        return None
    text = _AMOUNT_NOISE.sub("", value)
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text:
        text = (
            text.replace(",", "")
            if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text)
            else text.replace(",", ".")
        )
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


#: Amounts polars reads exactly as :func:`parse_amount` does: plain digits, and digits with
#: dots between groups of three (``12.500``: twelve thousand five hundred, as typed in Ecuador).
_PLAIN_AMOUNT = r"^-?\d+$"
_DOTTED_THOUSANDS = r"^-?\d{1,3}(?:\.\d{3})+$"


def parse_amounts(values: pl.Series) -> pl.Series:
    """:func:`parse_amount` of every value (``Float64``): common forms vectorised, others in Python.

    Examples
    --------
    >>> parse_amounts(pl.Series(["12.500", "$ 1.500,50", None, "mucho"])).to_list()
    [12500.0, 1500.5, None, None]
    """
    plain = values.str.contains(_PLAIN_AMOUNT).fill_null(False)
    dotted = values.str.contains(_DOTTED_THOUSANDS).fill_null(False)
    fast = (
        pl.DataFrame({"v": values, "plain": plain, "dotted": dotted})
        .select(
            pl.when(pl.col("plain"))
            .then(pl.col("v"))
            .when(pl.col("dotted"))
            .then(pl.col("v").str.replace_all(".", "", literal=True))
            .otherwise(None)
            .cast(pl.Float64, strict=False)
        )
        .to_series()
    )
    # digit strings too long for an exact float, or that overflow, take the Python path too
    slow = ~(plain | dotted) | fast.is_null() | fast.is_infinite()
    slow = slow & values.is_not_null()
    if slow.any():
        others = values.filter(slow).unique()
        parsed = {v: parse_amount(v) for v in others.to_list()}
        fixed = values.filter(slow).replace_strict(parsed, return_dtype=pl.Float64)
        fast = fast.scatter(slow.arg_true(), fixed)
    return fast.alias(values.name)
