"""Spanish-aware text normalisation: accents, case, stopwords, stems, content hashes.

Stems are what the classical representation counts; :func:`surface_forms`
keeps, for each stem, the most frequent word it came from, so that labels are
shown as readable Spanish words (``"comercialización"``, not ``"comercializ"``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

__all__ = [
    "STOPWORDS",
    "analyse",
    "content_hash",
    "fold",
    "normalise",
    "stem_tokens",
    "surface_forms",
    "tokens",
]

# Common Spanish function words, plus the words every proposal of a public call
# uses to ask (they say nothing about the theme). Compared after folding accents.
_STOPWORDS = """
a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bajo bien cada
casi como con contra cual cuales cuando cuanto de del desde donde dos e el ella ellas ello
ellos en entre era eran es esa esas ese eso esos esta estaba estan estar estas este esto estos
fue fueron ha habia han hasta hay la las le les lo los mas me mi mis mucho muchos muy nada ni
no nos nosotros o otra otras otro otros para pero poco por porque que quien quienes se sea
segun ser si sido siempre sin sino sobre solo son su sus tambien tan tanto te tener tiene
tienen todo todos tras tu tus un una unas uno unos usted ustedes y ya yo nuestra nuestras
nuestro nuestros vez veces cual hace hacen hacer puede pueden poder debe deben mismo misma
cosa cosas parte ademas entonces luego pues alli ahi ano anos dia dias gran grande grandes
mejor mejores nuevo nueva nuevos nuevas sus esta estos aquel aquella cuya cuyo donde mientras
durante etc the of and to in is for
queremos solicitamos pedimos proponemos necesitamos planteamos propuesta propuestas proyecto
proyectos apoyo apoye apoyar ayuda favor saben sabemos como ustedes urgente solicita
solicitud pide piden queremos buscamos permitir poder seria sería gracias
"""

#: Stopwords, accent-folded and lower-case.
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS.split())

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case ``text`` and remove accents (``"Económica"`` -> ``"economica"``); keeps ñ."""
    text = unicodedata.normalize("NFKD", text.lower().replace("ñ", "\0"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\0", "ñ")


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


def normalise(text: str) -> str:
    """Folded ``text`` with everything but letters turned to single spaces."""
    return " ".join(_WORD.findall(fold(text or "")))


def tokens(text: str) -> list[str]:
    """Folded words of ``text`` that are not stopwords."""
    return [w for w in _WORD.findall(fold(text or "")) if w not in STOPWORDS]


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("spanish")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stem_tokens(text: str) -> list[str]:
    """Snowball (Spanish) stems of the non-stopword words of ``text``."""
    return [stem for stem, _ in _analyse(text or "")]


def analyse(text: str) -> tuple[tuple[str, str], ...]:
    """``(stem, word as written in lower case)`` of each non-stopword word of ``text``."""
    return _analyse(text or "")


@lru_cache(maxsize=100_000)
def _analyse(text: str) -> tuple[tuple[str, str], ...]:
    """(stem, word as written in lower case) of each non-stopword word; labels and the
    classical representation read the same texts several times, so this is cached."""
    stem_of = _stem_of_word
    return tuple((stem, word) for word in _WORD.findall(text.lower()) if (stem := stem_of(word)))


@lru_cache(maxsize=200_000)
def _stem_of_word(word: str) -> str:
    """Stem of a lower-case word, or ``""`` for a stopword."""
    folded = _fold_word(word)
    return "" if folded in STOPWORDS else _stem(folded)


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """For each stem, the most frequent word (as written, lower-case) it comes from.

    Ties go to the alphabetically first word, so the result does not depend on
    the order of ``texts``.
    """
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        for stem, word in _analyse(text or ""):
            counts.setdefault(stem, Counter())[word] += 1
    return {
        stem: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for stem, counter in counts.items()
    }


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with Unicode normalised (NFC) and outer spaces stripped."""
    return hashlib.sha256(unicodedata.normalize("NFC", text or "").strip().encode()).hexdigest()


def content_hashes(texts: Sequence[str]) -> list[str]:
    """:func:`content_hash` of each text."""
    return [content_hash(t) for t in texts]
