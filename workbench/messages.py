"""Keep the message catalogues complete: extract messages from the code and update ``.po`` files.

Run ``python -m workbench.messages update`` after adding user-facing strings:
new messages are appended, untranslated, to the catalogue of their capability
(``intake.po`` for ``workbench/intake`` and ``workbench/ui/intake*.py``...,
``core.po`` for the rest). ``python -m workbench.messages check`` lists what
is missing; the test suite runs the same check.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

__all__ = ["CAPABILITIES", "domain_for", "extract", "fill", "missing", "update"]

#: Capabilities with a catalogue of their own; everything else goes to ``core``.
CAPABILITIES: tuple[str, ...] = (
    "intake",
    "territory",
    "themes",
    "actors",
    "prioritise",
    "session",
    "reports",
    "cycle",
)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
ROOT = Path(__file__).resolve().parents[1]
LOCALE = Path(__file__).resolve().parent / "locale"
_SOURCES = ("workbench", "apps")


def domain_for(path: Path) -> str:
    """The catalogue a source file's messages belong to."""
    for part in path.with_suffix("").parts:
        for capability in CAPABILITIES:
            if part.startswith(capability):
                return capability
    return "core"


def _python_files(root: Path) -> Iterable[Path]:
    for folder in _SOURCES:
        yield from sorted((root / folder).rglob("*.py"))


def extract(root: Path = ROOT) -> dict[str, dict[str | tuple[str, str], list[str]]]:
    """Messages in the code: ``{domain: {msgid: [file:line, ...]}}``."""
    found: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for path in _python_files(root):
        relative = path.relative_to(root)
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            if isinstance(message, tuple):
                message = tuple(m for m in message if m)
                if len(message) == 1:
                    message = message[0]
            if not message:
                continue
            found[domain_for(relative)][message].append(f"{relative}:{lineno}")
    return found


def _read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, domain=path.stem, project="mesa-workbench")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _all_msgids(lang: str) -> set:
    ids: set = set()
    for path in (LOCALE / lang / "LC_MESSAGES").glob("*.po"):
        for message in _read(path, lang):
            if (
                message.id
                and message.string
                and (not isinstance(message.string, tuple) or all(message.string))
            ):
                ids.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    return ids


def missing(lang: str = "es", root: Path = ROOT) -> list[tuple[str, str]]:
    """``(msgid, first location)`` of every message without a translation into ``lang``."""
    translated = _all_msgids(lang)
    out = []
    for _domain, messages in sorted(extract(root).items()):
        for msgid, where in messages.items():
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            if key not in translated:
                out.append((key, where[0]))
    return sorted(out, key=lambda item: item[1])


def update(lang: str = "es", root: Path = ROOT) -> dict[str, int]:
    """Append untranslated new messages to each domain's catalogue. Returns counts added."""
    known = set()
    for path in (LOCALE / lang / "LC_MESSAGES").glob("*.po"):
        for message in _read(path, lang):
            known.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    added: dict[str, int] = {}
    for domain, messages in sorted(extract(root).items()):
        path = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
        catalog = _read(path, lang)
        count = 0
        for msgid, where in messages.items():
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            if key in known:
                continue
            catalog.add(
                msgid,
                string=("", "") if isinstance(msgid, tuple) else "",
                locations=[(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where],
            )
            known.add(key)
            count += 1
        if count:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, no_location=True, sort_output=False)
            added[domain] = count
    return added


def fill(translations: dict[str, str | list[str]], lang: str = "es") -> int:
    """Write ``translations`` (msgid -> text, or list of plural forms) into the catalogues.

    Only messages already in a catalogue are filled; returns how many were.
    """
    filled = 0
    for path in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        catalog = _read(path, lang)
        changed = False
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if not key or key not in translations:
                continue
            text = translations[key]
            message.string = tuple(text) if isinstance(message.id, tuple) else text
            message.flags.discard("fuzzy")
            changed = True
            filled += 1
        if changed:
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, no_location=True, sort_output=False)
    return filled


def main(argv: list[str] | None = None) -> int:
    """``python -m workbench.messages update|check|fill FILE.json``."""
    argv = sys.argv[1:] if argv is None else argv
    action = argv[0] if argv else "check"
    if action == "fill":
        import json

        translations = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        print(f"filled {fill(translations)} message(s)")
    if action == "update":
        for domain, count in update().items():
            print(f"{domain}: {count} new message(s)")
    gaps = missing()
    for msgid, where in gaps:
        print(f"untranslated: {where}: {msgid!r}")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(main())
