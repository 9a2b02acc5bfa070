"""Message catalogues: complete, consistent placeholders, Spanish by default."""

from __future__ import annotations

import re
import string

import pytest

from workbench.i18n import catalog, gettext, ngettext, normalise_language, translator
from workbench.messages import extract, missing


def test_every_message_in_the_code_has_a_spanish_translation():
    gaps = missing("es")
    assert gaps == [], "run `python -m workbench.messages update` and translate:\n" + "\n".join(
        f"{where}: {msgid!r}" for msgid, where in gaps
    )


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_translations_keep_the_placeholders_of_their_message():
    spanish = catalog("es")
    for messages in extract().values():
        for msgid in messages:
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            translated = spanish.get(key)
            if translated is None:
                continue
            forms = translated if isinstance(translated, tuple) else (translated,)
            for form in forms:
                assert _fields(form) <= _fields(key) | {"n"}, (key, form)
                assert _fields(key) - {"n"} <= _fields(form), (key, form)


def test_translations_do_not_add_markup():
    for text in catalog("es").values():
        for form in text if isinstance(text, tuple) else (text,):
            assert not re.search(r"<[a-z]", form), form


def test_spanish_is_the_default_and_english_the_identity(monkeypatch):
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    assert gettext("Language") == "Idioma"
    assert gettext("Language", "en") == "Language"
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert gettext("Language") == "Language"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("en_GB.UTF-8", "en"), ("en-US", "en"), ("es_EC", "es"), ("fr", "es"), (None, "es")],
)
def test_language_codes_are_normalised(raw, code):
    assert normalise_language(raw) == code


def test_placeholders_are_filled_in_both_languages():
    _ = translator("es")
    assert "5006" in _(
        "Port {port} is already in use on {address}: choose another with --port.",
        port=5006,
        address="127.0.0.1",
    )


def test_plural_forms():
    assert ngettext("{n} proposal", "{n} proposals", 1, "en") == "1 proposal"
    assert ngettext("{n} proposal", "{n} proposals", 3, "en") == "3 proposals"
    assert ngettext("{n} proposal", "{n} proposals", 3, "es") == "3 propuestas"


def _calls_inside_fstrings(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in {"_", "N_", "gettext", "ngettext"}
                ):
                    yield inner.lineno


def test_no_message_is_hidden_inside_an_fstring():
    """Babel's extractor does not look inside f-strings: such messages never get translated."""
    from tests.util import REPO

    hidden = [
        f"{path.relative_to(REPO)}:{line}"
        for folder in ("workbench", "apps")
        for path in sorted((REPO / folder).rglob("*.py"))
        for line in _calls_inside_fstrings(path)
    ]
    assert hidden == []


def test_a_message_has_one_translation_across_the_catalogues():
    """All catalogues merge into one table: a msgid translated two ways would let one
    capability's wording silently replace another's (``Portfolio`` as both *Portafolio*
    and *Cartera*)."""
    from babel.messages.pofile import read_po

    from workbench.messages import LOCALE

    seen: dict[str, dict[str, str]] = {}
    for path in sorted((LOCALE / "es" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="es"):
                if not message.id or not message.string:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                seen.setdefault(key, {})[path.stem] = str(message.string)
    clashes = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert clashes == {}, "one Spanish wording per message, in every catalogue"
