"""Match a file's headers to the fields of a proposal, in Spanish or English.

Headers are compared without accents, case or punctuation: "Título", "TITULO"
and "title" all name the title. A header equal to a known synonym wins; else
the longest synonym contained in the header as whole words ("Descripción de la
propuesta" -> text, "Nombre de la organización" -> organisation). Each field
takes the first column that names it; an explicit mapping overrides the guess.
Columns left unmapped are kept as the proposal's extra attributes, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["EXTRA", "FIELDS", "PERSONAL_FIELDS", "PLACE_FIELDS", "map_columns", "normalise_header"]

#: Value of the mapping for a column kept as an extra attribute.
EXTRA = "extra"

#: Fields of a proposal and the header words that name them (normalised).
FIELDS: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "codigo", "code", "folio", "numero de propuesta", "_id", "uuid"),
    "title": (
        "titulo",
        "title",
        "nombre de la propuesta",
        "nombre del proyecto",
        "nombre de la iniciativa",
        "titulo de la propuesta",
        "titulo del proyecto",
        "asunto",
        "tema",
        "subject",
    ),
    "text": (
        "propuesta",
        "descripcion",
        "description",
        "texto",
        "text",
        "detalle",
        "proposal",
        "idea",
        "contenido",
        "body",
        "resumen",
        "summary",
        "cuerpo",
        "descripcion de la propuesta",
        "describa su propuesta",
        "texto de la propuesta",
    ),
    "canton": ("canton", "municipio", "municipality", "county", "gad municipal"),
    "parish": ("parroquia", "parish"),
    "territory": (
        "territorio",
        "territory",
        "ubicacion",
        "localizacion",
        "location",
        "lugar",
        "localidad",
        "zona",
        "place",
        "direccion",
        "address",
        "comunidad",
    ),
    "sector": ("sector", "eje", "eje tematico", "area tematica", "ambito", "categoria", "category"),
    "organisation": (
        "organizacion",
        "organization",
        "organisation",
        "institucion",
        "institution",
        "colectivo",
        "asociacion",
        "entidad",
        "nombre de la organizacion",
        "nombre de la institucion",
        "nombre del colectivo",
    ),
    "submitted_at": (
        "fecha",
        "date",
        "marca temporal",
        "timestamp",
        "fecha de envio",
        "submitted at",
        "submission time",
        "submission date",
        "created at",
        "fecha de registro",
        "hora",
    ),
    "estimated_cost": (
        "costo",
        "costo estimado",
        "presupuesto",
        "monto",
        "cost",
        "estimated cost",
        "budget",
        "valor",
        "usd",
    ),
    "beneficiaries": (
        "beneficiarios",
        "beneficiaries",
        "personas beneficiadas",
        "numero de beneficiarios",
        "poblacion beneficiaria",
    ),
    "name": (
        "nombre",
        "nombres",
        "nombre completo",
        "nombres y apellidos",
        "name",
        "full name",
        "proponente",
        "autor",
        "autora",
        "author",
        "responsable",
    ),
    "email": ("correo", "correo electronico", "email", "e mail", "mail", "direccion de correo"),
    "phone": ("telefono", "celular", "phone", "movil", "telephone", "mobile", "whatsapp", "tel"),
    "id_number": (
        "cedula",
        "cedula de identidad",
        "ci",
        "id number",
        "documento",
        "documento de identidad",
        "identificacion",
        "numero de cedula",
    ),
    "gender": ("genero", "sexo", "gender", "sex"),
    "source": ("fuente", "origen", "source", "canal", "channel"),
}

#: Fields that are personal data: they go to ``proposers``, never to ``proposals``.
PERSONAL_FIELDS: tuple[str, ...] = ("name", "email", "phone", "id_number", "gender")

#: Fields that locate the proposal, read together by the territory matcher.
PLACE_FIELDS: tuple[str, ...] = ("canton", "parish", "territory")


def normalise_header(text: str) -> str:
    """Lower case, no accents, punctuation as spaces.

    Examples
    --------
    >>> normalise_header("  Dirección de correo electrónico ")
    'direccion de correo electronico'
    """
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", plain).replace("_", " ").split()).strip() or (
        "_" if "_" in plain else ""
    )


_EXACT = {normalise_header(s): f for f, syns in FIELDS.items() for s in syns}
_CONTAINED = sorted(
    ((normalise_header(s), f) for f, syns in FIELDS.items() for s in syns),
    key=lambda pair: -len(pair[0]),
)


def _guess(header: str) -> str | None:
    norm = normalise_header(header)
    if not norm:
        return None
    if norm in _EXACT:
        return _EXACT[norm]
    padded = f" {norm} "
    for synonym, target in _CONTAINED:
        if len(synonym) > 2 and f" {synonym} " in padded:
            return target
    return None


def _parse_explicit(explicit: Mapping[str, str] | Iterable[str] | None) -> dict[str, str]:
    if explicit is None:
        return {}
    if isinstance(explicit, Mapping):
        return {str(k): str(v) for k, v in explicit.items()}
    out = {}
    for item in explicit:
        column, sep, target = str(item).rpartition("=")
        if not sep or not column or not target:
            raise InputError(
                N_("The mapping {item} is not of the form COLUMN=FIELD."), item=str(item)
            )
        out[column] = target
    return out


def map_columns(
    columns: Sequence[str],
    explicit: Mapping[str, str] | Iterable[str] | None = None,
) -> dict[str, str]:
    """The field each column fills.

    Parameters
    ----------
    columns
        The file's column names, in order.
    explicit
        ``{column: field}`` or ``["column=field", ...]``; the field may be
        ``"extra"`` to keep a column as an extra attribute. Overrides the guess.

    Returns
    -------
    dict
        ``{column: field}`` for every column, in order; a field appears at most
        once, columns not mapped get :data:`EXTRA`.

    Raises
    ------
    InputError
        When the explicit mapping names a column the file lacks or an unknown field.

    Examples
    --------
    >>> map_columns(["Título", "Descripción de la propuesta", "Cantón", "Notas"])
    {'Título': 'title', 'Descripción de la propuesta': 'text', 'Cantón': 'canton', 'Notas': 'extra'}
    """
    forced = _parse_explicit(explicit)
    for column, target in forced.items():
        if column not in columns:
            raise InputError(
                N_("The file has no column {column}; it has: {columns}."),
                column=column,
                columns=", ".join(columns),
            )
        if target != EXTRA and target not in FIELDS:
            raise InputError(
                N_("Unknown field {field}; the fields are: {fields}."),
                field=target,
                fields=", ".join([*FIELDS, EXTRA]),
            )
    taken = {t for t in forced.values() if t != EXTRA}
    mapping: dict[str, str] = {}
    for column in columns:
        if column in forced:
            mapping[column] = forced[column]
            continue
        guess = _guess(column)
        if guess is None or guess in taken:
            mapping[column] = EXTRA
        else:
            mapping[column] = guess
            taken.add(guess)
    return mapping
