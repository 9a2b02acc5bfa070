"""The actor map across levels of government (facilitators: edits are recorded as events)."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.actors_editor import ActorEditor
from workbench.ui.actors_map import ActorMap


def create_app() -> pn.template.BaseTemplate:
    """Map, tables and editing forms of the actor network, in the session's language."""
    lang = session_language()
    _ = translator(lang)
    store = get_store()
    actor_map = ActorMap(store=store, lang=lang)
    # edits are attributed to the signed-in facilitator in the event log
    user = f"facilitator:{pn.state.user or 'web'}"
    editor = ActorEditor(store=store, lang=lang, user=user, on_change=actor_map.reload)
    tabs = actor_map.tabs()
    tabs.append((_("Edit"), editor))
    # the tabs go straight into the template's main area: wrapped in a Column,
    # tabs holding Bokeh figures hung the browser in an earlier attempt
    title = _("Actor map")
    return page(title, tabs, lang=lang, slug="actors", sidebar=actor_map.controls())


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
