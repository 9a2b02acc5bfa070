"""One look for every app: the page template, colours and the language switch."""

from __future__ import annotations

import html
from collections.abc import Sequence

import panel as pn

from workbench.i18n import LANGUAGES, translator
from workbench.palette import ACCENT, HEADER, PALETTE
from workbench.ui.page_memory import track_page

__all__ = ["ACCENT", "HEADER", "PALETTE", "page", "page_header_links", "sign_in_link"]


#: Styles for our own HTML panes (each pane renders in its own shadow root).
CARD_CSS = """
.wb-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.4em 1em; margin: 0.3em;
           min-width: 16em; max-width: 28em; background: white; }
.wb-card h3 { margin: 0.4em 0; font-size: 1.15em; }
.wb-card a { color: #0d3b66; }
.wb-muted { color: #57606a; font-size: 0.9em; }
"""
_NAV_CSS = """
.wb-nav { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; }
.wb-nav a { color: white; text-decoration: underline; font-size: 1.05em; }
.wb-nav a[aria-current="true"] { font-weight: bold; text-decoration: none; }
"""


def page_header_links(lang: str, slug: str) -> str:
    """HTML of the header's home link and language switch (our own strings only)."""
    _ = translator(lang)
    home = html.escape(_("Home"))
    parts = [f'<a href="./?lang={lang}">{home}</a>']
    for code in LANGUAGES:
        label = {"es": "Español", "en": "English"}[code]
        target = f"./{slug}?lang={code}" if slug else f"./?lang={code}"
        current = ' aria-current="true"' if code == lang else ""
        parts.append(f'<a href="{target}" lang="{code}"{current}>{label}</a>')
    label = html.escape(_("Language"))
    return f'<nav class="wb-nav" aria-label="{label}">' + "".join(parts) + "</nav>"


def sign_in_link(text: str, *, lang: str, slug: str) -> pn.pane.HTML:
    """A link to the sign-in page that comes back to ``/slug``; ``text`` is escaped."""
    return pn.pane.HTML(f'<a href="/login?next=/{slug}&lang={lang}">{html.escape(text)}</a>')


def page(
    title: str,
    main: Sequence[pn.viewable.Viewable] | pn.viewable.Viewable,
    *,
    lang: str,
    slug: str = "",
    sidebar: Sequence[pn.viewable.Viewable] = (),
    busy: bool = True,
) -> pn.template.BootstrapTemplate:
    """The workbench page around ``main``.

    Parameters
    ----------
    title
        Already translated title.
    main
        The app's content.
    lang
        Page language (``es`` or ``en``).
    slug
        The app's URL path, so the language switch stays on the same app.
    sidebar
        Optional controls shown beside the content (folded away on phones).
    busy
        Show Panel's busy spinner. Pages a whole room keeps open go without it:
        Panel keeps one process-wide *busy* flag and syncs every open page's
        spinner with it, so each change on any page would send a patch to every
        other open page (with 200 phones, 200 websocket messages per tap; profiled
        at 40 % of the server's CPU in ``state._update_busy``).
    """
    _ = translator(lang)
    main_items = list(main) if isinstance(main, list | tuple) else [main]
    # Bootstrap rather than Fast: the Fast design fetches a web font from Google,
    # and the table's rooms often have no internet.
    template = pn.template.BootstrapTemplate(
        title=title,
        site=_("Mesa Workbench"),
        site_url=f"./?lang={lang}",
        header=[
            pn.pane.HTML(
                page_header_links(lang, slug),
                stylesheets=[_NAV_CSS],
                sizing_mode="stretch_width",
            )
        ],
        main=main_items,
        sidebar=list(sidebar),
        header_background=HEADER,
        collapsed_sidebar=not sidebar,
        meta_viewport="width=device-width, initial-scale=1",
        **({} if busy else {"busy_indicator": None}),
    )
    track_page()  # the page's objects stay out of full garbage-collector passes
    return template
