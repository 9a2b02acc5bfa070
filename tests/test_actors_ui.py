"""The actor map and editor without a browser: set parameters, check widgets and the store."""

from __future__ import annotations

import panel as pn
import polars as pl
import pytest

from workbench.store import Store
from workbench.store.seed import load_sample
from workbench.ui.actors_editor import ActorEditor
from workbench.ui.actors_map import ActorMap


@pytest.fixture
def sample(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'actors.db'}")
    load_sample(store)
    yield store
    store.close()


def test_choosing_an_actor_opens_its_card_and_ego_network(sample):
    view = ActorMap(store=sample, lang="es")
    assert "Elija un actor" in view._card.object
    view._actor_select.value = "A012"
    assert view.selected == "A012"
    assert "Dirección de Desarrollo Económico" in view._card.object
    assert view._ego_pane.object is not None
    ring = list(view._map_pane.object)[-1]  # the chosen actor is ringed on the map
    assert len(ring) == 1
    assert len(list(view._map_pane.object)[-2]) == 65
    view._tapped([0])  # a tap on the map selects the first actor shown
    assert view.selected == view._shown_ids[0]
    pn.panel(view).get_root()  # lays out without error


def test_filters_change_what_the_map_shows(sample):
    view = ActorMap(store=sample, lang="en")
    everyone = len(view._shown_ids)
    assert everyone == 65
    view.levels = ["parish"]
    parishes = sample.read("actors").filter(pl.col("level") == "parish").height
    assert len(view._shown_ids) == parishes
    view.levels = list(view.param.levels.objects)
    view.kinds = ["funding"]
    assert "65 actors" in view._shown.object
    theme = int(view._theme_select.options[list(view._theme_select.options)[1]])
    view._theme_select.value = theme
    assert 0 < len(view._shown_ids) < everyone
    view.layout = "force"
    view.colour_by = "community"
    view.size_by = "influence"
    assert view._map_pane.object is not None


def test_actor_names_with_markup_are_escaped_in_the_card(sample):
    editor = ActorEditor(store=sample, lang="en")
    editor.actor_id.value = "X1"
    editor.actor_name.value = "<img src=x onerror=alert(1)>"
    editor.actor_type.value = "community"
    assert editor._add_actor()
    view = ActorMap(store=sample, lang="en")
    view.selected = "X1"
    assert "<img" not in view._card.object
    assert "&lt;img src=x onerror=alert(1)&gt;" in view._card.object


def test_editor_changes_are_events_and_refused_changes_show_a_message(sample):
    reloads = []
    editor = ActorEditor(store=sample, lang="es", on_change=lambda: reloads.append(1))
    editor.tie_source.value = "A040"
    editor.tie_target.value = "A063"
    editor.tie_kind.value = "collaboration"
    assert editor._add_tie()
    assert sample.events(kind="ties.add").height == 1
    assert editor._add_tie() is False  # the same tie again
    assert editor.status.alert_type == "danger"
    assert "aparece" in editor.status.object
    editor.edit_target.value = "A040"
    assert editor.actor_name.value  # the form is filled from the store
    editor.actor_influence.value = 4.5
    assert editor._save_actor()
    assert sample.get("actors", {"id": "A040"})["influence"] == 4.5
    editor.link_actor.value = "A040"
    assert editor._link()
    assert sample.events(kind="actors.link").height == 1
    editor.stance.value = -2
    assert editor._save_stance()
    assert sample.read("actor_stances")["stance"].to_list() == [-2]
    view = ActorMap(store=sample, lang="en", selected="A040")
    assert "Stance on themes" in view._card.object and ": -2" in view._card.object
    tie = next(iter(editor.tie_to_remove.options.values()))
    editor.tie_to_remove.value = tie
    assert editor._remove_tie()
    assert len(reloads) == 5


def test_editor_imports_files_and_lists_flagged_rows(sample):
    editor = ActorEditor(store=sample, lang="en")
    assert editor._import() is False  # nothing chosen yet
    editor.actors_file.value = (
        b"id,name,type,level\nN1,Nuevo actor,public,parish\nN1,Otra vez,public,parish\n"
    )
    editor.ties_file.value = b"source,target,kind\nN1,A012,coordination\nN1,ZZZ,funding\n"
    assert editor._import()
    assert editor.status.alert_type == "warning"
    assert "1 actors added" in editor.status.object
    problems = editor.import_flags.value["problem"].tolist()
    assert problems == [
        "Actor row 3: the id N1 appears in an earlier row.",
        "Tie row 3: actor ZZZ is not in the list of actors.",
    ]
    assert sample.get("actors", {"id": "N1"})["level"] == "parish"
