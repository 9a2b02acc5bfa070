"""Panel components driven without a browser: set a parameter, check the result."""

from __future__ import annotations

import panel as pn
import pytest

from workbench.ui import APPS, Landing, Overview
from workbench.ui.look import page, page_header_links
from workbench.ui.tables import data_table


def _html(viewable) -> str:
    return "".join(
        obj.object for obj in pn.panel(viewable).select(pn.pane.HTML) if isinstance(obj.object, str)
    )


def test_landing_lists_every_app_in_the_chosen_language():
    landing = Landing(lang="es")
    html_es = _html(landing.__panel__())
    for app in APPS:
        assert f'href="./{app.slug}?lang=es"' in html_es
    assert "La mesa de un vistazo" in html_es
    landing.lang = "en"
    html_en = _html(landing.__panel__())
    assert "The table at a glance" in html_en
    assert f'href="./{APPS[0].slug}?lang=en"' in html_en


def test_language_switch_keeps_the_app():
    links = page_header_links("es", "overview")
    assert 'href="./overview?lang=en"' in links
    assert 'aria-current="true">Español' in links


def test_page_uses_no_template_that_fetches_web_fonts():
    template = page("x", pn.pane.Markdown("x"), lang="es")
    assert isinstance(template, pn.template.BootstrapTemplate)


def test_pages_a_room_keeps_open_have_no_busy_spinner():
    assert page("t", pn.pane.Str("x"), lang="es").busy_indicator is not None
    assert page("t", pn.pane.Str("x"), lang="es", busy=False).busy_indicator is None


def test_overview_filters_proposals_by_canton(sample_store):
    overview = Overview(store=sample_store, lang="es")
    everything = len(overview._table.value)
    assert everything == sample_store.count("proposals", where={"status": "active"})
    overview.canton = "1704"  # Pedro Moncayo
    in_canton = sample_store.count("proposals", where={"canton_code": "1704"})
    assert 0 < len(overview._table.value) == in_canton < everything
    assert set(overview._table.value["canton"]) == {"Pedro Moncayo"}
    overview.canton = ""
    assert len(overview._table.value) == everything


def test_overview_shows_no_personal_data(sample_store):
    overview = Overview(store=sample_store, lang="en")
    shown = set(overview._table.value.columns)
    assert not shown & {"name", "email", "phone", "id_number", "gender"}
    proposers = sample_store.read("proposers")
    emails = set(proposers["email"].drop_nulls().to_list())
    cells = set(overview._table.value["organisation"].dropna())
    assert not emails & cells


@pytest.mark.parametrize("formatter", ["html", {"type": "html"}])
def test_tables_refuse_html_formatters(formatter):
    import polars as pl

    with pytest.raises(ValueError, match="html formatters are not allowed"):
        data_table(pl.DataFrame({"text": ["<b>x</b>"]}), formatters={"text": formatter})
