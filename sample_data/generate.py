"""Generate the seeded sample data of Mesa Workbench.

Writes, into ``sample_data/`` by default, the CSV files the workbench loads as
its sample (proposals, proposers, actors, ties, criteria, participants,
sessions, scores, weights, actor_links), the gazetteer as ``territories.csv``,
and the generator's own labels (``labels.csv``, ``themes.csv``) that only
tests read. Everything is drawn from ``random.Random`` instances
seeded from ``--seed``, so a seed always gives byte-identical files.

Usage::

    python sample_data/generate.py [--seed 2026] [--out sample_data]

All people, e-mails, phone numbers, ID numbers, associations, cooperatives,
firms and NGOs are fictitious; territories are the INEC DPA codes of Pichincha.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random

import polars as pl

_HERE = Path(__file__).resolve().parent
# The vocabulary modules sit next to this script; the workbench package one folder up
# (appended, so an installed workbench wins).
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))
if str(_HERE.parent) not in sys.path:
    sys.path.append(str(_HERE.parent))

import institutions as inst  # noqa: E402
import vocabulary as voc  # noqa: E402

from workbench.territory import gazetteer  # noqa: E402

__all__ = ["cedula_check_digit", "is_valid_cedula", "main", "write_sample"]

DEFAULT_SEED = 2026
CALL_START = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
CALL_DAYS = 60  # 2 March to 30 April 2026, both included
SOURCES = ("formulario_web", "kobo", "acta_parroquial", "correo", "decidim")
RESUBMIT_SOURCES = ("formulario_web", "correo", "decidim")  # resent by the citizen, not an acta
N_NEAR_DUPLICATES = 15
N_PERSONAL_DATA = 12
N_SHORTLIST = 40
SESSION_ID = "S2026-01"
THEMES = {theme.key: theme for theme in voc.THEMES}
ACTORS = {actor.key: actor for actor in inst.ACTORS}
ACTOR_IDS = {actor.key: f"A{i:03d}" for i, actor in enumerate(inst.ACTORS, start=1)}
SCORED = ("empleo", "inclusion", "viabilidad", "sostenibilidad")

#: Where a proposal of a theme tends to sit on the 1-5 criteria (before its own merit).
THEME_PRIOR: dict[str, tuple[float, float, float, float]] = {
    "riego": (3.0, 3.0, 3.5, 4.0),
    "textil": (4.0, 3.5, 3.5, 2.5),
    "turismo": (3.5, 3.0, 3.0, 4.0),
    "lacteos_flores": (3.5, 2.5, 3.5, 2.5),
    "cacao_palmito": (3.5, 3.0, 3.5, 3.5),
    "comercializacion": (3.5, 3.5, 4.0, 3.5),
    "cooperativas": (3.0, 3.0, 3.0, 2.5),
    "empleo_joven": (4.5, 4.0, 3.0, 2.5),
    "mujeres_violencia": (3.0, 5.0, 3.0, 2.5),
    "vialidad_conectividad": (2.5, 2.5, 3.0, 2.0),
    "huertos_agricultura": (2.5, 3.5, 4.0, 4.5),
    "reciclaje_ambiente": (3.5, 4.0, 3.0, 5.0),
}


# --- Ecuadorian ID numbers ---------------------------------------------------------------


def cedula_check_digit(first_nine: str) -> int:
    """The check digit of an Ecuadorian cédula.

    Parameters
    ----------
    first_nine : str
        The first nine digits.

    Returns
    -------
    int
        Modulo 10 with coefficients 2,1,2,1,2,1,2,1,2; products above 9 lose 9.

    Examples
    --------
    >>> cedula_check_digit("171003406")
    5
    """
    total = 0
    for position, char in enumerate(first_nine):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def is_valid_cedula(number: str) -> bool:
    """Whether ``number`` is a well-formed cédula (province 01-24, third digit < 6, check).

    Examples
    --------
    >>> is_valid_cedula("1710034065"), is_valid_cedula("1710034064")
    (True, False)
    """
    if len(number) != 10 or not number.isdigit():
        return False
    if not 1 <= int(number[:2]) <= 24 or int(number[2]) >= 6:
        return False
    return cedula_check_digit(number[:9]) == int(number[9])


def make_cedula(rng: Random) -> str:
    """A random valid cédula, mostly from Pichincha (province 17)."""
    province = 17 if rng.random() < 0.72 else rng.randint(1, 24)
    body = f"{province:02d}{rng.randint(0, 5)}{rng.randint(0, 999_999):06d}"
    return body + str(cedula_check_digit(body))


def _self_check() -> None:
    # A published example and a corrupted copy pin the algorithm before it is used.
    if not is_valid_cedula("1710034065") or is_valid_cedula("1710034066"):
        raise AssertionError("cédula check digit algorithm is wrong")
    rng = Random(0)
    if not all(is_valid_cedula(make_cedula(rng)) for _ in range(500)):
        raise AssertionError("make_cedula produced an invalid number")


# --- text noise ----------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{4,}")
_CHAT = (
    (r"\bque\b", "q"),
    (r"\bporque\b", "xq"),
    (r"\bpor qué\b", "xq"),
    (r"\btambién\b", "tb"),
    (r"\bpor favor\b", "xfa"),
    (r"\bpara\b", "pa"),
    (r"\bgracias\b", "grax"),
    (r"\bpor\b", "x"),
    (r"\bsaludos\b", "slds"),
    (r"\bdonde\b", "dnd"),
)


def strip_accents(text: str, keep_enye: bool = True) -> str:
    """``text`` without accents (and without ñ unless ``keep_enye``)."""
    out = []
    for char in text:
        if keep_enye and char in "ñÑ":
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        out.append("".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
    return "".join(out)


def _typo(word: str, rng: Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.45:  # dropped letter
        return word[:i] + word[i + 1 :]
    if kind < 0.8:  # swapped neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]  # doubled letter


def add_typos(text: str, rng: Random, rate: float) -> str:
    """Misspell about ``rate`` of the words of four letters or more."""
    return _WORD.sub(lambda m: _typo(m.group(), rng) if rng.random() < rate else m.group(), text)


def chat_style(text: str, rng: Random) -> str:
    """Some WhatsApp abbreviations (q, xq, tb, x...), not all of them every time."""
    for pattern, short in _CHAT:
        if rng.random() < 0.7:
            text = re.sub(pattern, short, text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class Noise:
    """How carelessly one citizen types."""

    accents: bool  # drops accents
    enye: bool  # keeps ñ when dropping accents
    typos: float  # share of long words misspelt
    caps: bool
    lower: bool
    no_punct: bool
    chat: bool

    @classmethod
    def draw(cls, rng: Random, formal: bool = False) -> Noise:
        """A citizen's habits; ``formal`` texts (assembly records) are cleaner."""
        scale = 0.4 if formal else 1.0
        caps = rng.random() < 0.08
        return cls(
            accents=rng.random() < 0.40,
            enye=rng.random() < 0.7,
            typos=rng.uniform(0.015, 0.05) if rng.random() < 0.35 * scale else 0.0,
            caps=caps,
            lower=not caps and rng.random() < 0.12 * scale,
            no_punct=rng.random() < 0.08 * scale,
            chat=rng.random() < 0.06 * scale,
        )

    def apply(self, text: str, rng: Random, typos: bool = True) -> str:
        """``text`` as this citizen would have typed it."""
        if self.chat:
            text = chat_style(text, rng)
        if typos and self.typos:
            text = add_typos(text, rng, self.typos)
        if self.accents:
            text = strip_accents(text, keep_enye=self.enye)
        if self.no_punct:
            text = re.sub(r"[.,;:]", "", text)
        if self.caps:
            text = text.upper()
        elif self.lower:
            text = text.lower()
        return re.sub(r"\s+", " ", text).strip()


# --- territories ----------------------------------------------------------------------------


class Places:
    """The gazetteer, with the groupings the themes use for their territory weights."""

    def __init__(self, frame: pl.DataFrame) -> None:
        rows = frame.to_dicts()
        self.name = {r["code"]: r["name"] for r in rows}
        self.parent = {r["code"]: r["parent_code"] for r in rows}
        self.area = {r["code"]: r["area"] for r in rows}
        self.parishes = [r["code"] for r in rows if r["kind"] == "parish"]

    def expand(self, key: str) -> list[str]:
        """Parish codes a theme's territory key stands for."""
        if key == "QU":
            return [p for p in self.parishes if p.startswith("1701") and self.area[p] == "urban"]
        if key == "QR":
            return [p for p in self.parishes if p.startswith("1701") and self.area[p] == "rural"]
        if key == "NW":
            return list(voc.NORTHWEST)
        if key.startswith("R"):
            return [
                p for p in self.parishes if self.parent[p] == key[1:] and self.area[p] == "rural"
            ]
        if len(key) == 4:
            return [p for p in self.parishes if self.parent[p] == key]
        return [key]

    def draw_parish(self, weights: dict[str, float], rng: Random) -> str:
        """A parish drawn from weighted keys (a key's weight is shared by its parishes)."""
        key = rng.choices(list(weights), weights=list(weights.values()))[0]
        return rng.choice(self.expand(key))


#: Where proposals "from anywhere" come from.
ANYWHERE = {"QU": 38, "QR": 25, "1702": 8, "1703": 6, "1704": 5, "1705": 9, "NW": 9}
#: ... for farming and road themes, which nobody raises from a city flat.
ANYWHERE_RURAL = {"QR": 40, "R1702": 12, "R1703": 12, "R1704": 10, "R1705": 4, "NW": 22}
_RURAL_THEMES = {"riego", "lacteos_flores", "vialidad_conectividad"}


def text_place(places: Places, parish: str | None, canton: str, rng: Random) -> str:
    """The place as a proposal's text names it: community, parish or canton."""
    if parish is None:
        return places.name[canton]
    roll = rng.random()
    if parish in voc.COMMUNITIES and roll < 0.35:
        return rng.choice(voc.COMMUNITIES[parish])
    if roll > 0.93:
        return places.name[canton]
    return places.name[parish]


def territory_raw(places: Places, parish: str | None, canton: str, rng: Random) -> str:
    """The place as typed in the form's territory field, consistent with the codes."""
    canton_name = places.name[canton]
    if parish is None:
        raw = rng.choice(voc.CANTON_ALIASES[canton])
    else:
        name = places.name[parish]
        short_canton = rng.choice(("DMQ", "Quito")) if canton == "1701" else canton_name
        forms = [name, name, name]
        forms += list(voc.PARISH_ALIASES.get(parish, ()))
        if parish != canton + "50":  # "Machachi, Mejía" style only where it adds something
            forms += [
                f"{short_canton} - {name}",
                f"{name}, {short_canton}",
                f"{canton_name}, sector {name}",
                f"parroquia {name}",
            ]
        if parish in voc.COMMUNITIES:
            community = rng.choice(voc.COMMUNITIES[parish])
            forms += [f"comunidad {community}, {name}", f"{community} ({name})"]
        raw = rng.choice(forms)
    noise = Noise(
        accents=rng.random() < 0.45,
        enye=rng.random() < 0.8,
        typos=0.12 if rng.random() < 0.1 else 0.0,
        caps=rng.random() < 0.05,
        lower=rng.random() < 0.4,
        no_punct=False,
        chat=False,
    )
    return noise.apply(raw, rng)


# --- proposals --------------------------------------------------------------------------------


@dataclass
class Person:
    """A proposer (fictitious)."""

    name: str
    email: str
    phone: str
    id_number: str
    gender: str


@dataclass
class Proposal:
    """One proposal while it is being generated."""

    theme: str
    canton: str
    parish: str | None
    place: str
    organisation: str
    style: str
    submitted_at: dt.datetime
    source: str
    estimated_cost: int | None
    beneficiaries: int | None
    sector: str
    territory_raw: str = ""
    title: str = ""
    text: str = ""
    proposers: list[Person] = field(default_factory=list)
    copy_of: Proposal | None = None
    has_copy: bool = False
    foreign: bool = False
    id: str = ""


_PROPER_START = (
    "Cayambe",
    "Pedro",
    "Machachi",
    "Quito",
    "Calderón",
    "Tabacundo",
    "IEPS",
    "GAD",
    "El Pisque",
    "Los Bancos",
)


def decap(template: str) -> str:
    """Lower-case a sentence's first letter unless it starts a name or a slot."""
    if template.startswith(("{", *_PROPER_START)):
        return template
    return template[:1].lower() + template[1:]


def capitalise(sentence: str) -> str:
    """Upper-case the first letter of a finished sentence."""
    return sentence[:1].upper() + sentence[1:]


def with_connector(template: str, connectors: Sequence[str], rng: Random) -> str:
    """Join a sentence to the previous one with a connector."""
    return f"{rng.choice(connectors)} {decap(template)}"


def reword(template: str, rng: Random) -> str:
    """Swap some words for the ones another citizen would have used.

    Replacements are parked behind placeholders until the end, so that one
    rewording is never reworded again ("muy caro" must not become "demasiado carísimo").
    """
    parked: list[str] = []

    def park(replacement: str) -> Callable[[re.Match[str]], str]:
        def substitute(match: re.Match[str]) -> str:
            new = match.expand(replacement)
            parked.append(capitalise(new) if match.group()[0].isupper() else new)
            return f"\x00{len(parked) - 1}\x00"

        return substitute

    for pattern, alternatives in voc.REWORDINGS:
        if rng.random() < 0.65:
            template = re.sub(
                pattern, park(rng.choice(alternatives)), template, count=1, flags=re.IGNORECASE
            )
    return re.sub("\x00(\\d+)\x00", lambda m: parked[int(m.group(1))], template)


def vary(template: str, rng: Random) -> str:
    """Make a stock sentence a citizen's own: other words, a lead-in, a tail."""
    template = reword(template, rng)
    if rng.random() < 0.4:
        prefix = rng.choice(voc.PREFIXES)
        template = f"{prefix}{' ' if prefix.endswith('que') else ', '}{decap(template)}"
    if template.endswith("."):
        roll = rng.random()
        if roll < 0.2:
            template = f"{template[:-1]}, {rng.choice(voc.SUFFIXES)}."
        elif roll < 0.3 and "{lugar}" not in template:
            template = f"{template[:-1]} {rng.choice(voc.TAILS_PLACE)}."
    return template


def say_number(n: int, rng: Random) -> str:
    """A count as citizens write it (1.200 or 1200)."""
    return f"{n:,}".replace(",", ".") if n >= 1000 and rng.random() < 0.5 else str(n)


def request(theme: voc.Theme, rng: Random, connect: bool = False) -> str:
    """A request sentence template (``{lugar}`` still open), maybe led by "Por eso"."""
    objs = rng.sample(theme.objects, 3)
    if rng.random() < 0.3:  # proponents of every theme also ask for the usual things
        objs[rng.randrange(3)] = rng.choice(voc.GENERIC_OBJECTS)
    purposes = voc.GENERIC_PURPOSES if rng.random() < 0.3 else theme.purposes
    lead = rng.choice(voc.REQUEST_LEADS)
    if rng.random() < 0.04:
        return f"{lead}: 1) {objs[0]}, 2) {objs[1]} y 3) {objs[2]}."
    form = rng.choice(voc.REQUEST_FORMS)
    if connect and form.startswith("{lead}"):
        form = f"{rng.choice(voc.CONNECTORS_REQUEST)} {form}"
    return form.format(
        lead=lead,
        obj=objs[0],
        obj2=objs[1],
        plead=rng.choice(voc.PURPOSE_LEADS),
        plead_cap=rng.choice(("Para", "Para poder", "Con el fin de", "A fin de")),
        purpose=rng.choice(purposes),
        lugar="{lugar}",
    )


def benefit(theme: voc.Theme, people: int, rng: Random) -> str:
    """A sentence saying who benefits, with a count matching ``people``."""
    noun = rng.choice(theme.beneficiaries)
    n = max(3, round(people / rng.uniform(3.5, 4.5))) if noun.startswith("familias") else people
    return rng.choice(voc.BENEFIT_FORMS).replace("{n}", say_number(n, rng)).replace("{ben}", noun)


def context_pool(theme: voc.Theme, canton: str, parish: str | None) -> list[str]:
    """The theme's context sentences, some generic ones, and those local to this place."""
    pool = list(theme.context)
    for codes, sentences in theme.local.items():
        if canton in codes or (parish is not None and parish in codes):
            pool += list(sentences) * 2  # local colour is what people mention first
    return pool


def opener(p: Proposal, theme: voc.Theme, rng: Random) -> str:
    """The first sentence: an assembly record, an organisation or a person introducing."""
    if p.source == "acta_parroquial" and rng.random() < 0.8:
        return rng.choice(voc.OPENERS_ACTA)
    if p.organisation:
        template = rng.choice(voc.OPENERS_ORG)
        # "la Junta de Riego Porotog de Porotog" says the place twice
        return template.replace(" de {lugar}", "") if p.place in p.organisation else template
    return rng.choice(voc.OPENERS_INDIVIDUAL).replace("{rol}", rng.choice(theme.roles))


def body(p: Proposal, theme: voc.Theme, people: int, rng: Random) -> list[str]:
    """Sentence templates of a proposal, in order, for its style."""
    contexts = context_pool(theme, p.canton, p.parish)
    if p.style == "one":
        line = reword(rng.choice(theme.one_liners), rng)
        if "{lugar}" not in line and rng.random() < 0.5:
            line += rng.choice((" en {lugar}", " para {lugar}", ", {lugar}", " - {lugar}"))
        return [line]
    if p.style == "vague":  # says little more than "support for our people"
        generic = replace(theme, objects=voc.GENERIC_OBJECTS, purposes=voc.GENERIC_PURPOSES)
        return [
            vary(rng.choice(voc.GENERIC_CONTEXT), rng),
            vary(rng.choice(voc.GENERIC_PROBLEMS), rng),
            request(generic, rng, connect=True),
            benefit(theme, people, rng),
        ]
    if p.style == "short":
        parts = [request(theme, rng)]
        extra = rng.random()
        if extra < 0.35:
            parts.insert(0, vary(rng.choice(theme.problems), rng))
        elif extra < 0.6:
            parts.insert(0, vary(rng.choice(contexts), rng))
        elif extra < 0.75:
            parts.append(benefit(theme, people, rng))
        return parts
    n_context, n_problem = (1, 1) if p.style == "medium" else (rng.randint(1, 2), rng.randint(1, 3))
    parts = [opener(p, theme, rng)] if rng.random() < (0.4 if p.style == "medium" else 0.75) else []
    parts += [vary(s, rng) for s in rng.sample(contexts, n_context)]
    problems = [vary(problem, rng) for problem in rng.sample(theme.problems, n_problem + 1)]
    if rng.random() < 0.25:  # two complaints in one breath
        problems[0] = (
            f"{problems[0][:-1]}, y {rng.choice(('además', 'encima', 'también'))} "
            f"{decap(problems.pop())}"
        )
    for i, problem in enumerate(problems[:n_problem]):
        parts.append(
            with_connector(problem, voc.CONNECTORS_PROBLEM, rng)
            if i or rng.random() < 0.3
            else problem
        )
    if rng.random() < 0.35:
        parts.insert(len(parts) - n_problem, vary(rng.choice(voc.GENERIC_CONTEXT), rng))
    if rng.random() < (0.3 if p.style == "medium" else 0.5):
        parts.append(vary(rng.choice(voc.GENERIC_PROBLEMS), rng))
    parts.append(request(theme, rng, connect=rng.random() < 0.5))
    if p.style == "long" and rng.random() < 0.35:
        parts.append(request(theme, rng))
    tail = [benefit(theme, people, rng), vary(rng.choice(theme.justifications), rng)]
    parts += rng.sample(tail, rng.randint(1, 2) if p.style == "long" else 1)
    if p.style == "long" and rng.random() < 0.6:
        parts.append(rng.choice(voc.CLOSERS))
    return parts


def mix_in(parts: list[str], p: Proposal, rng: Random) -> list[str]:
    """Borrow a sentence from a neighbouring theme, or add a Kichwa phrase, now and then."""
    if p.style != "one" and rng.random() < 0.5:
        other = THEMES[rng.choice(voc.PARTNERS[p.theme])]
        borrowed = [
            request(other, rng) if rng.random() < 0.6 else vary(rng.choice(other.problems), rng)
        ]
        if rng.random() < 0.5:  # a proposal really about two things
            borrowed.insert(0, vary(rng.choice(other.context), rng))
        borrowed[-1] = with_connector(
            borrowed[-1], ("También", "Además", "Aparte de eso", "Y"), rng
        )
        at = rng.randint(1, max(1, len(parts) - 1))  # before the closing line
        parts[at:at] = borrowed
    if rng.random() < 0.055:  # with the Kichwa already in some stock sentences: ~8% in all
        parts.insert(rng.randint(1, len(parts)), rng.choice(voc.KICHWA_PHRASES))
    return parts


def org_slots(organisation: str) -> dict[str, str]:
    """The organisation with its article, for ``{la_org}``, ``{de_org}`` and ``{org}``."""
    masculine = organisation.split(" ", 1)[0] in {
        "Colectivo",
        "Centro",
        "Grupo",
        "Comité",
        "Club",
        "Banco",
        "Cabildo",
        "Directorio",
        "Taller",
    }
    return {
        "org": organisation,
        "la_org": ("el " if masculine else "la ") + organisation,
        "de_org": ("del " if masculine else "de la ") + organisation,
    }


def compose(p: Proposal, rng: Random) -> tuple[str, str]:
    """Title and text of a proposal, already with the citizen's typing habits."""
    theme = THEMES[p.theme]
    people = p.beneficiaries or rng.randint(*theme.people)
    parts = mix_in(body(p, theme, people, rng), p, rng)
    slots = {"lugar": p.place, **org_slots(p.organisation or "comunidad")}
    text = " ".join(capitalise(part.format(**slots)) for part in parts)
    noise = Noise.draw(rng, formal=p.source == "acta_parroquial")
    title = ""
    if rng.random() < (0.75 if p.source == "kobo" else 0.92):
        title = capitalise(rng.choice(theme.titles).format(lugar=p.place))
        title = noise.apply(title, rng, typos=rng.random() < 0.3)
    return title, noise.apply(text, rng)


def round_cost(value: float, rng: Random) -> int:
    """Citizens round their estimates, mostly."""
    if rng.random() < 0.15:
        return int(value)
    step = 100 if value < 10_000 else 1_000 if value < 100_000 else 5_000
    return max(3_000, min(900_000, int(round(value / step) * step)))


def log_uniform(low: int, high: int, rng: Random) -> float:
    """A value spread evenly on a log scale between ``low`` and ``high``."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def draw_moment(rng: Random, source: str) -> dt.datetime:
    """A submission time in the call: busier near the deadline, at Ecuadorian hours."""
    weights = [
        (2.5 if d >= CALL_DAYS - 10 else 1.5 if d < 4 else 1.0)
        * (0.6 if (CALL_START + dt.timedelta(days=d)).weekday() >= 5 else 1.0)
        for d in range(CALL_DAYS)
    ]
    day = rng.choices(range(CALL_DAYS), weights=weights)[0]
    # Ecuador is UTC-5: assemblies meet by day, citizens type until late at night
    local_hour = (
        rng.randint(9, 17)
        if source == "acta_parroquial"
        else rng.choice(
            [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 22, 23]
        )
    )
    moment = CALL_START + dt.timedelta(
        days=day, hours=local_hour + 5, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
    )
    if moment >= CALL_START + dt.timedelta(days=CALL_DAYS):  # late on 30 April is 1 May in UTC
        moment -= dt.timedelta(days=1)
    return moment


def draw_source(places: Places, parish: str | None, rng: Random) -> str:
    """The channel a proposal came in by; assembly records only from rural parishes."""
    rural = parish is not None and places.area[parish] == "rural"
    weights = (30, 28, 20, 8, 14) if rural else (42, 14, 0, 14, 30)
    return rng.choices(SOURCES, weights=weights)[0]


class Organisations:
    """Organisation names per theme and parish, reused as a real community would."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self.seen: dict[tuple[str, str], list[str]] = {}

    def draw(self, theme: voc.Theme, canton: str, parish: str | None, rng: Random) -> str:
        """An organisation name, or "" for an individual proposer."""
        if rng.random() < 0.4:
            return ""
        actors = [
            a.name
            for a in inst.ACTORS
            if a.type in {"popular_economy", "community", "civil_society"}
            and a.key != "fundacion"
            and theme.key in a.themes
            and a.territory[:4] == canton
        ]
        if actors and rng.random() < 0.2:
            return rng.choice(actors)
        key = (theme.key, parish or canton)
        if self.seen.get(key) and rng.random() < 0.4:
            return rng.choice(self.seen[key])
        place = self.places.name[parish or canton]
        if parish in voc.COMMUNITIES and rng.random() < 0.5:
            place = rng.choice(voc.COMMUNITIES[parish])
        name = rng.choice(theme.organisations).format(
            lugar=place, fancy=rng.choice(voc.FANCY_NAMES)
        )
        self.seen.setdefault(key, []).append(name)
        return name


def draw_proposal(theme: voc.Theme, places: Places, orgs: Organisations, rng: Random) -> Proposal:
    """One proposal of ``theme``: where, who, when, how much; text comes after."""
    weights = theme.territory
    if theme.key != "cacao_palmito" and rng.random() < 0.15:  # cocoa only grows in the west
        weights = ANYWHERE_RURAL if theme.key in _RURAL_THEMES else ANYWHERE
    parish: str | None = places.draw_parish(weights, rng)
    canton = places.parent[parish]
    if rng.random() < 0.15:
        parish = None  # the citizen only gave the canton
    style = rng.choices(("one", "short", "medium", "long", "vague"), weights=(11, 25, 36, 22, 6))[0]
    source = draw_source(places, parish, rng)
    sparse = style == "one"
    cost = (
        None
        if rng.random() < (0.25 if sparse else 0.08)
        else round_cost(log_uniform(*theme.cost, rng), rng)
    )
    people = (
        None if rng.random() < (0.3 if sparse else 0.1) else int(log_uniform(*theme.people, rng))
    )
    if people and people > 50 and rng.random() < 0.6:
        people = round(people, -1)
    p = Proposal(
        theme=theme.key,
        canton=canton,
        parish=parish,
        place=text_place(places, parish, canton, rng),
        organisation=orgs.draw(theme, canton, parish, rng),
        style=style,
        submitted_at=draw_moment(rng, source),
        source=source,
        estimated_cost=cost,
        beneficiaries=people,
        sector=rng.choices(list(theme.sectors), weights=list(theme.sectors.values()))[0],
    )
    p.territory_raw = territory_raw(places, parish, canton, rng)
    p.title, p.text = compose(p, rng)
    return p


def foreign_proposals(places: Places, rng: Random) -> list[Proposal]:
    """The few proposals written in English or in Kichwa mixed with Spanish."""
    out = []
    for theme_key, parish, organisation, text in voc.ENGLISH_AND_KICHWA:
        theme = THEMES[theme_key]
        canton = places.parent[parish]
        source = draw_source(places, parish, rng)
        p = Proposal(
            theme=theme_key,
            canton=canton,
            parish=parish,
            place=places.name[parish],
            organisation=organisation,
            style="medium",
            submitted_at=draw_moment(rng, source),
            source=source,
            estimated_cost=round_cost(log_uniform(*theme.cost, rng), rng),
            beneficiaries=None,
            sector=next(iter(theme.sectors)),
            text=text,
            foreign=True,
        )
        p.territory_raw = territory_raw(places, parish, canton, rng)
        out.append(p)
    return out


_SYNONYMS = (
    ("solicitamos", "pedimos"),
    ("necesitamos", "requerimos"),
    ("pedimos", "solicitamos"),
    ("comunidad", "comuna"),
    ("apoyo", "ayuda"),
    ("familias", "hogares"),
    ("urgente", "prioritario"),
    ("capacitación", "formación"),
    ("Además", "También"),
)


def resubmit(original: Proposal, places: Places, rng: Random) -> Proposal:
    """The same proposal sent again by the same people, with small edits."""
    text = original.text
    sentences = re.split(r"(?<=[.!?]) +", text)
    if len(sentences) >= 4 and rng.random() < 0.5:
        del sentences[rng.randrange(1, len(sentences) - 1)]
        text = " ".join(sentences)
    for old, new in rng.sample(_SYNONYMS, 4):
        text = re.sub(rf"\b{old}\b", new, text, count=1)
    if rng.random() < 0.5:
        text = f"{rng.choice(voc.RESUBMISSION_NOTES)} {text}"
    if rng.random() < 0.3:
        text = text + " " + rng.choice(voc.CLOSERS)
    later = original.submitted_at + dt.timedelta(
        days=rng.randint(1, 12), minutes=rng.randint(-300, 300)
    )
    end = CALL_START + dt.timedelta(days=CALL_DAYS) - dt.timedelta(seconds=1)
    if later > end:
        later = original.submitted_at - dt.timedelta(days=rng.randint(1, 5))
    original.has_copy = True
    return Proposal(
        theme=original.theme,
        canton=original.canton,
        parish=original.parish,
        place=original.place,
        organisation=original.organisation,
        style=original.style,
        submitted_at=later,
        source=original.source if rng.random() < 0.5 else rng.choice(RESUBMIT_SOURCES),
        estimated_cost=original.estimated_cost if rng.random() < 0.7 else None,
        beneficiaries=original.beneficiaries,
        sector=original.sector,
        territory_raw=territory_raw(places, original.parish, original.canton, rng),
        title=original.title if rng.random() < 0.6 else original.title.lower(),
        text=text,
        proposers=original.proposers,
        copy_of=original,
    )


# --- people -------------------------------------------------------------------------------------


class People:
    """Fictitious Ecuadorian people, with unique e-mails and ID numbers."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.emails: set[str] = set()
        self.ids: set[str] = set()
        self.phones: set[str] = set()

    def name(self, gender: str, kichwa_share: float) -> str:
        """Given name(s) and two surnames; Kichwa surnames as common as the place has them."""
        rng = self.rng
        female = gender == "mujer" or (gender not in {"mujer", "hombre"} and rng.random() < 0.5)
        pool = voc.GIVEN_FEMALE if female else voc.GIVEN_MALE
        given = rng.sample(pool, 2 if rng.random() < 0.55 else 1)
        surnames: list[str] = []
        while len(surnames) < 2:  # father's and mother's surname, rarely the same
            pool = voc.SURNAMES_KICHWA if rng.random() < kichwa_share else voc.SURNAMES_SPANISH
            surname = rng.choice(pool)
            if surname not in surnames:
                surnames.append(surname)
        return " ".join(given + surnames)

    def email(self, name: str) -> str:
        """A personal e-mail made from the name, as people pick them."""
        rng = self.rng
        parts = strip_accents(name, keep_enye=False).lower().split()
        first, last = parts[0], parts[-2]
        user = rng.choice(
            (
                f"{first}.{last}",
                f"{first[0]}{last}",
                f"{first}_{last}",
                f"{first}{last}{rng.randint(1, 99)}",
                f"{last}.{first}",
            )
        )
        domain = rng.choices(
            ("gmail.com", "hotmail.com", "yahoo.es", "outlook.com", "yahoo.com"),
            weights=(60, 20, 7, 8, 5),
        )[0]
        address = f"{user}@{domain}"
        while address in self.emails:
            address = f"{user}{rng.randint(1, 999)}@{domain}"
        self.emails.add(address)
        return address

    def phone(self) -> str:
        """A mobile number, 09XXXXXXXX or in international form."""
        rng = self.rng
        digits = f"9{rng.choice('3456789')}{rng.randint(0, 9_999_999):07d}"
        while digits in self.phones:
            digits = f"9{rng.choice('3456789')}{rng.randint(0, 9_999_999):07d}"
        self.phones.add(digits)
        roll = rng.random()
        if roll < 0.1:
            return f"+593{digits}"
        if roll < 0.18:
            return f"+593 {digits[:2]} {digits[2:5]} {digits[5:]}"
        return f"0{digits}"

    def cedula(self) -> str:
        """A valid, unused cédula."""
        number = make_cedula(self.rng)
        while number in self.ids:
            number = make_cedula(self.rng)
        self.ids.add(number)
        return number

    def person(self, gender: str, kichwa_share: float) -> Person:
        """A proposer as the form recorded them (some fields left empty)."""
        rng = self.rng
        name = self.name(gender, kichwa_share)
        if rng.random() < 0.04:
            name = name.upper()
        return Person(
            name=name,
            email=self.email(name) if rng.random() < 0.72 else "",
            phone=self.phone() if rng.random() < 0.85 else "",
            id_number=self.cedula() if rng.random() < 0.85 else "",
            gender=gender,
        )


def kichwa_share(p: Proposal) -> float:
    """How common Kichwa surnames are where the proposal comes from."""
    if p.canton in {"1702", "1704"}:
        return 0.5
    if p.canton == "1701" and p.parish and p.parish[4:] >= "50":
        return 0.22
    return 0.1


def draw_gender(theme: str, rng: Random) -> str:
    """Proposers' gender; women lead the textile and women's proposals."""
    female = 0.8 if theme in {"mujeres_violencia", "textil"} else 0.48
    roll = rng.random()
    if roll < 0.06:
        return ""
    if roll < 0.08:
        return "otro"
    return "mujer" if rng.random() < female else "hombre"


def assign_proposers(proposals: list[Proposal], people: People, rng: Random) -> None:
    """One proposer per proposal, two for some, none for anonymous ones (~5%)."""
    for p in proposals:
        if p.copy_of is not None:
            continue  # a re-submission keeps the original's people
        roll = rng.random()
        count = 0 if roll < 0.05 else 2 if roll < 0.17 else 1
        p.proposers = [
            people.person(draw_gender(p.theme, rng), kichwa_share(p)) for _ in range(count)
        ]


def plant_personal_data(proposals: list[Proposal], rng: Random) -> None:
    """Put a proposer's own phone, e-mail or cédula in about a dozen texts, as citizens do."""
    kinds = ["phone"] * 5 + ["email"] * 4 + ["id_number"] * 3
    candidates = [
        p
        for p in proposals
        if p.proposers and not p.foreign and p.copy_of is None and not p.has_copy
    ]
    rng.shuffle(candidates)
    for kind in kinds[:N_PERSONAL_DATA]:
        p = next(c for c in candidates if getattr(c.proposers[0], kind))
        candidates.remove(p)
        sentence = rng.choice(voc.PERSONAL_DATA_FORMS[kind]).format(
            **{kind: getattr(p.proposers[0], kind)}
        )
        p.text = f"{p.text} {sentence}" if p.text.endswith((".", "!")) else f"{p.text}. {sentence}"


def make_proposals(places: Places, seed: int) -> list[Proposal]:
    """All proposals, dated, with ids in order of submission and their proposers."""
    rng = Random(f"{seed}:proposals")
    orgs = Organisations(places)
    plan = [
        theme
        for theme in voc.THEMES
        for _ in range(theme.size - sum(1 for f in voc.ENGLISH_AND_KICHWA if f[0] == theme.key))
    ]
    rng.shuffle(plan)
    proposals = [draw_proposal(theme, places, orgs, rng) for theme in plan]
    proposals += foreign_proposals(places, rng)
    originals = [p for p in proposals if p.style in {"medium", "long"} and not p.foreign]
    copies = [resubmit(p, places, rng) for p in rng.sample(originals, N_NEAR_DUPLICATES)]
    proposals += copies
    proposals.sort(key=lambda p: (p.submitted_at, p.text))
    for i, p in enumerate(proposals, start=1):
        p.id = f"P{i:04d}"
    people_rng = Random(f"{seed}:people")
    assign_proposers(proposals, People(people_rng), people_rng)
    for copy in copies:
        copy.proposers = copy.copy_of.proposers
    plant_personal_data(proposals, Random(f"{seed}:personal"))
    return proposals


# --- network ------------------------------------------------------------------------------------


def make_ties(seed: int) -> list[dict[str, object]]:
    """The ties of the actor map, with weights drawn per kind."""
    rng = Random(f"{seed}:ties")
    rows = []
    for source, target, kind in inst.TIES:
        if kind == "coordination":
            weight = rng.choices((2, 3, 4, 5), weights=(2, 4, 3, 1))[0]
        elif kind == "funding":
            weight = rng.choices((2, 3, 4, 5), weights=(2, 3, 3, 2))[0]
        else:
            weight = rng.choices((1, 2, 3, 4, 5), weights=(2, 4, 3, 2, 1))[0]
        directed = kind in {"funding", "information"} or (
            kind == "collaboration" and rng.random() < 0.1
        )
        rows.append(
            {
                "source": ACTOR_IDS[source],
                "target": ACTOR_IDS[target],
                "kind": kind,
                "weight": weight,
                "directed": directed,
            }
        )
    for a, b in inst.CONFLICTS:
        rows.append(
            {
                "source": ACTOR_IDS[a],
                "target": ACTOR_IDS[b],
                "kind": "conflict",
                "weight": rng.randint(2, 4),
                "directed": False,
            }
        )
    return rows


def executors(p: Proposal) -> list[str]:
    """Public actors that could carry out ``p``: local governments first."""
    out = []
    for a in inst.ACTORS:
        if a.type != "public" or p.theme not in a.themes:
            continue
        if a.level == "parish" and a.territory == p.parish:
            out += [a.key] * 4
        elif a.level == "cantonal" and a.territory == p.canton:
            out += [a.key] * 3
        elif a.level == "provincial":
            out += [a.key] * 2
        elif a.level == "national":
            out.append(a.key)
    return out


_FUNDERS = {
    "banecuador",
    "conafips",
    "coop_cayambe",
    "coop_pmoncayo",
    "caja_pacto",
    "fao",
    "fundacion",
    "cacao_export",
    "mag",
    "m_quito",
    "conquito",
    "gp_deseco",
    "mujer",
}


def cofinanciers(p: Proposal) -> list[str]:
    """Actors that could co-finance ``p``: theme fits, and local lenders stay local."""
    out = []
    for key in sorted(_FUNDERS):
        a = ACTORS[key]
        local = a.type != "popular_economy" or a.territory[:4] == p.canton
        if p.theme in a.themes and local and (a.level != "cantonal" or a.territory == p.canton):
            out.append(key)
    return out


#: Deliberate oppositions: (actor key, theme, canton codes the proposal must be in).
_OPPOSITIONS = (
    ("floricola", "riego", ("1704", "1702"), 2),
    ("lacteos_planta", "lacteos_flores", ("1702",), 2),
    ("m_quito", "reciclaje_ambiente", ("1701",), 1),
    ("hosteria", "turismo", ("1707",), 1),
)


def make_actor_links(proposals: list[Proposal], seed: int) -> list[dict[str, str]]:
    """Actors linked to proposals whose theme and territory fit them."""
    rng = Random(f"{seed}:links")
    by_name = {a.name: a.key for a in inst.ACTORS}
    links: dict[tuple[str, str], str] = {}
    for p in proposals:
        if p.organisation in by_name:
            links[(by_name[p.organisation], p.id)] = "proposes"
    pool = [p for p in proposals if p.copy_of is None]
    for relation, count, candidates in (
        ("could_execute", 85, executors),
        ("could_cofinance", 45, cofinanciers),
    ):
        added = 0
        for p in rng.sample(pool, len(pool)):
            options = [k for k in candidates(p) if (k, p.id) not in links]
            if not options or added >= count:
                continue
            links[(rng.choice(options), p.id)] = relation
            added += 1
    for key, theme, cantons, count in _OPPOSITIONS:
        fitting = [
            p for p in pool if p.theme == theme and p.canton in cantons and (key, p.id) not in links
        ]
        for p in rng.sample(fitting, min(count, len(fitting))):
            links[(key, p.id)] = "opposes"
    return [
        {"actor_id": ACTOR_IDS[k], "subject_kind": "proposal", "subject_id": pid, "relation": rel}
        for (k, pid), rel in sorted(links.items(), key=lambda x: (ACTOR_IDS[x[0][0]], x[0][1]))
    ]


# --- the table: members, session, scores, weights -----------------------------------------


def make_participants(seed: int) -> list[dict[str, str]]:
    """Members M01... (one per organisation) and facilitators F01, F02."""
    rng = Random(f"{seed}:participants")
    people = People(rng)
    genders = ["mujer"] * 12 + ["hombre"] * 11 + ["otro", ""]
    rng.shuffle(genders)
    rows = []
    staff = [
        (f"M{i:02d}", key, g, "member")
        for i, (key, g) in enumerate(zip(inst.MEMBERS, genders, strict=True), start=1)
    ]
    staff += [
        ("F01", inst.FACILITATORS[0], "mujer", "facilitator"),
        ("F02", inst.FACILITATORS[1], "hombre", "facilitator"),
    ]
    for pid, key, gender, role in staff:
        a = ACTORS[key]
        rows.append(
            {
                "id": pid,
                "name": people.name(gender, 0.2),
                "organisation": a.name,
                "sector": a.sector,
                "level": a.level,
                "territory_code": a.territory,
                "gender": gender,
                "role": role,
            }
        )
    return rows


def member_group(actor_key: str) -> str:
    """Which weighting profile a member's organisation follows."""
    kind = ACTORS[actor_key].type
    if kind == "public":
        return "public"
    if kind in {"academia", "international"}:
        return "academia"
    return "private" if kind == "private" else "association"


def shortlist(proposals: list[Proposal], rng: Random) -> list[Proposal]:
    """About 40 proposals spread over all themes, as the facilitators would pick them."""
    eligible = [p for p in proposals if p.copy_of is None and p.style != "one"]
    total = sum(t.size for t in voc.THEMES)
    picked: list[Proposal] = []
    for theme in voc.THEMES:
        quota = max(2, round(N_SHORTLIST * theme.size / total))
        of_theme = [p for p in eligible if p.theme == theme.key]
        picked += rng.sample(of_theme, quota)
    picked = rng.sample(picked, min(N_SHORTLIST, len(picked)))
    return sorted(picked, key=lambda p: p.id)


def latent_quality(p: Proposal, rng: Random) -> dict[str, float]:
    """What a proposal is 'really' worth on each 1-5 criterion."""
    merit = rng.uniform(1.8, 4.2)
    prior = THEME_PRIOR[p.theme]
    quality = {c: 0.5 * merit + 0.5 * prior[i] + rng.gauss(0, 0.5) for i, c in enumerate(SCORED)}
    quality["viabilidad"] += (0.4 if p.organisation else -0.2) - (
        0.4 if (p.estimated_cost or 0) > 300_000 else 0
    )
    return quality


def make_scores(
    proposals: list[Proposal], participants: list[dict[str, str]], seed: int
) -> list[dict[str, object]]:
    """Sparse 1-5 scores with realistic disagreement, one per member, proposal, criterion."""
    rng = Random(f"{seed}:scores")
    listed = shortlist(proposals, rng)
    quality = {p.id: latent_quality(p, rng) for p in listed}
    members = [m for m in participants if m["role"] == "member"]
    bias = {m["id"]: rng.gauss(0, 0.3) for m in members}
    harsh_and_lenient = rng.sample(sorted(bias), 4)
    for mid in harsh_and_lenient[:2]:
        bias[mid] = -0.9
    for mid in harsh_and_lenient[2:]:
        bias[mid] = 0.8
    rows = []
    for m, key in zip(members, inst.MEMBERS, strict=True):
        group = member_group(key)
        own = set(ACTORS[key].themes)
        for p in rng.sample(listed, round(len(listed) * rng.uniform(0.4, 0.7))):
            criteria = (
                list(SCORED) if rng.random() < 0.75 else rng.sample(SCORED, rng.randint(1, 3))
            )
            for c in SCORED:
                if c not in criteria:
                    continue
                value = quality[p.id][c] + bias[m["id"]] + rng.gauss(0, 0.65)
                value += 0.4 if p.theme in own else 0.0  # members favour their own field
                if group == "association" and c in {"empleo", "inclusion"}:
                    value += 0.3
                rows.append(
                    {
                        "session_id": SESSION_ID,
                        "participant_id": m["id"],
                        "proposal_id": p.id,
                        "criterion_id": c,
                        "value": min(5, max(1, round(value))),
                    }
                )
    return sorted(
        rows, key=lambda r: (r["participant_id"], r["proposal_id"], SCORED.index(r["criterion_id"]))
    )


def allocate_points(profile: dict[str, float], rng: Random) -> dict[str, int]:
    """100 points spread like ``profile`` with a member's own variation (integers)."""
    raw = {c: rng.gammavariate(0.4 * share, 1.0) for c, share in profile.items()}
    total = sum(raw.values())
    exact = {c: 100 * v / total for c, v in raw.items()}
    points = {c: int(v) for c, v in exact.items()}
    # largest remainders take the points lost to rounding down
    for c in sorted(exact, key=lambda c: points[c] - exact[c])[: 100 - sum(points.values())]:
        points[c] += 1
    return points


def make_weights(participants: list[dict[str, str]], seed: int) -> list[dict[str, object]]:
    """Each member's 100 points over the six criteria."""
    rng = Random(f"{seed}:weights")
    rows = []
    members = [m for m in participants if m["role"] == "member"]
    for m, key in zip(members, inst.MEMBERS, strict=True):
        points = allocate_points(inst.WEIGHT_PROFILES[member_group(key)], rng)
        rows += [
            {
                "session_id": SESSION_ID,
                "participant_id": m["id"],
                "criterion_id": c.id,
                "value": points[c.id],
                "method": "points",
            }
            for c in inst.CRITERIA
        ]
    return rows


# --- output ----------------------------------------------------------------------------------


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def proposal_frames(proposals: list[Proposal]) -> dict[str, pl.DataFrame]:
    """``proposals``, ``proposers`` and ``labels`` tables."""
    rows = [
        {
            "id": p.id,
            "title": p.title,
            "text": p.text,
            "canton_code": p.canton,
            "parish_code": p.parish or "",
            "territory_raw": p.territory_raw,
            "sector": p.sector,
            "organisation": p.organisation,
            "submitted_at": _stamp(p.submitted_at),
            "source": p.source,
            "estimated_cost": p.estimated_cost,
            "beneficiaries": p.beneficiaries,
        }
        for p in proposals
    ]
    people = [
        {
            "proposal_id": p.id,
            "name": x.name,
            "email": x.email,
            "phone": x.phone,
            "id_number": x.id_number,
            "gender": x.gender,
        }
        for p in proposals
        for x in p.proposers
    ]
    return {
        "proposals": pl.DataFrame(
            rows, schema_overrides={"estimated_cost": pl.Int64, "beneficiaries": pl.Int64}
        ),
        "proposers": pl.DataFrame(
            people,
            schema={
                c: pl.String
                for c in ("proposal_id", "name", "email", "phone", "id_number", "gender")
            },
        ),
        "labels": pl.DataFrame(
            {"proposal_id": [p.id for p in proposals], "theme": [p.theme for p in proposals]}
        ),
    }


def fixed_frames() -> dict[str, pl.DataFrame]:
    """Themes, actors, criteria and the session: tables with no randomness."""
    return {
        "themes": pl.DataFrame(
            {
                "theme": [t.key for t in voc.THEMES],
                "name": [t.name for t in voc.THEMES],
                "description": [t.description for t in voc.THEMES],
            }
        ),
        "actors": pl.DataFrame(
            [
                {
                    "id": ACTOR_IDS[a.key],
                    "name": a.name,
                    "type": a.type,
                    "level": a.level,
                    "territory_code": a.territory,
                    "sector": a.sector,
                    "influence": a.influence,
                }
                for a in inst.ACTORS
            ]
        ),
        "criteria": pl.DataFrame(
            [{**c._asdict(), "position": i} for i, c in enumerate(inst.CRITERIA, start=1)],
            schema_overrides={"min_value": pl.Int64, "max_value": pl.Int64},
        ),
        "sessions": pl.DataFrame(
            [
                {
                    "id": SESSION_ID,
                    "title": "Primera mesa de priorización 2026",
                    "status": "closed",
                    "join_code": "PICH26",
                    "opened_at": "2026-05-14T14:00:00Z",
                    "closed_at": "2026-05-14T17:30:00Z",
                    "time_box_minutes": 180,
                }
            ]
        ),
    }


def write_sample(out: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Generate every table and write the CSV files into ``out``.

    Parameters
    ----------
    out : Path
        Folder to write into (created if needed).
    seed : int
        Seed of every random draw.

    Returns
    -------
    dict
        Rows written per file.
    """
    _self_check()
    places = Places(gazetteer())
    proposals = make_proposals(places, seed)
    participants = make_participants(seed)
    frames = {
        "territories": gazetteer(),
        **proposal_frames(proposals),
        **fixed_frames(),
        "ties": pl.DataFrame(make_ties(seed)),
        "actor_links": pl.DataFrame(make_actor_links(proposals, seed)),
        "participants": pl.DataFrame(participants),
        "scores": pl.DataFrame(make_scores(proposals, participants, seed)),
        "weights": pl.DataFrame(make_weights(participants, seed)),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        # empty text is a missing value: written as an empty field, read back as null
        frame = frame.with_columns(pl.col(pl.String).replace("", None))
        frame.write_csv(out / f"{name}.csv")
    return {name: frame.height for name, frame in frames.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=_HERE, help="output folder")
    args = parser.parse_args(argv)
    counts = write_sample(args.out, args.seed)
    for name, rows in counts.items():
        print(f"{name}.csv: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
