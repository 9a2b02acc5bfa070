"""The words of the actor map: actor types, government levels, tie kinds, link relations.

Values are stored in English codes; :data:`LABELS` gives each its English
msgid (translated when shown). :func:`normalise_code` also accepts the usual
Spanish words and spellings found in spreadsheets made by many hands.
"""

from __future__ import annotations

import unicodedata

from workbench.i18n import N_

__all__ = [
    "DIRECTED_KINDS",
    "LABELS",
    "LEVELS",
    "LEVEL_ORDER",
    "NO_LEVEL",
    "RELATIONS",
    "SUBJECT_KINDS",
    "TIE_KINDS",
    "TYPES",
    "normalise_code",
]

#: Actor types.
TYPES: tuple[str, ...] = (
    "public",
    "private",
    "civil_society",
    "academia",
    "popular_economy",
    "community",
    "international",
)

#: Levels of government, national first; actors outside government have none.
LEVELS: tuple[str, ...] = ("national", "provincial", "cantonal", "parish")

#: The group name used for actors without a level (in matrices and brokerage).
NO_LEVEL = "none"

#: Levels top to bottom, then actors without level (the rows of the layered map).
LEVEL_ORDER: tuple[str, ...] = (*LEVELS, NO_LEVEL)

#: Kinds of tie.
TIE_KINDS: tuple[str, ...] = ("collaboration", "funding", "information", "coordination", "conflict")

#: Kinds whose ties are directed when the input does not say.
DIRECTED_KINDS: frozenset[str] = frozenset({"funding", "information"})

#: How an actor relates to a theme or a proposal.
RELATIONS: tuple[str, ...] = ("proposes", "could_execute", "could_cofinance", "opposes")

#: What an actor link points at.
SUBJECT_KINDS: tuple[str, ...] = ("theme", "proposal")

#: English msgid of every code.
LABELS: dict[str, str] = {
    "public": N_("Public"),
    "private": N_("Private"),
    "civil_society": N_("Civil society"),
    "academia": N_("Academia"),
    "popular_economy": N_("Popular and solidarity economy"),
    "community": N_("Community"),
    "international": N_("International"),
    "national": N_("National"),
    "provincial": N_("Provincial"),
    "cantonal": N_("Cantonal"),
    "parish": N_("Parish"),
    "none": N_("No level"),
    "collaboration": N_("Collaboration"),
    "funding": N_("Funding"),
    "information": N_("Information"),
    "coordination": N_("Coordination"),
    "conflict": N_("Conflict"),
    "proposes": N_("Proposes"),
    "could_execute": N_("Could execute"),
    "could_cofinance": N_("Could co-finance"),
    "opposes": N_("Opposes"),
    "theme": N_("Theme"),
    "proposal": N_("Proposal"),
}

# Spanish (and loose English) spellings, accents and case removed, to the code.
_SYNONYMS: dict[str, str] = {
    "publico": "public",
    "publica": "public",
    "sector publico": "public",
    "privado": "private",
    "privada": "private",
    "empresa": "private",
    "sector privado": "private",
    "sociedad civil": "civil_society",
    "civil society": "civil_society",
    "ong": "civil_society",
    "academico": "academia",
    "academica": "academia",
    "universidad": "academia",
    "eps": "popular_economy",
    "economia popular y solidaria": "popular_economy",
    "popular economy": "popular_economy",
    "comunidad": "community",
    "comunitario": "community",
    "comunitaria": "community",
    "internacional": "international",
    "cooperacion internacional": "international",
    "nacional": "national",
    "provincia": "provincial",
    "canton": "cantonal",
    "parroquia": "parish",
    "parroquial": "parish",
    "ninguno": NO_LEVEL,
    "ninguna": NO_LEVEL,
    "sin nivel": NO_LEVEL,
    "colaboracion": "collaboration",
    "financiamiento": "funding",
    "financiacion": "funding",
    "informacion": "information",
    "coordinacion": "coordination",
    "conflicto": "conflict",
    "propone": "proposes",
    "podria ejecutar": "could_execute",
    "could execute": "could_execute",
    "podria cofinanciar": "could_cofinance",
    "could cofinance": "could_cofinance",
    "could co-finance": "could_cofinance",
    "se opone": "opposes",
    "tema": "theme",
    "propuesta": "proposal",
}


def normalise_code(value: object) -> str | None:
    """The code for ``value``: lower case, accents and outer spaces removed, synonyms mapped.

    Returns ``None`` for a missing or blank value; an unknown word comes back
    normalised (the caller decides whether it is acceptable).

    Examples
    --------
    >>> normalise_code(" Parroquial ")
    'parish'
    >>> normalise_code("Coordinación")
    'coordination'
    >>> normalise_code("civil_society")
    'civil_society'
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    folded = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
    )
    folded = " ".join(folded.replace("_", " ").split())
    if folded in _SYNONYMS:
        return _SYNONYMS[folded]
    return folded.replace(" ", "_")
