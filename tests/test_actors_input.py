"""Bad actor and tie rows end as one clear message or flagged rows, never a crash."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.actors import ActorNetwork, describe_flag, validate_actors, validate_ties
from workbench.errors import InputError

ACTORS = pl.DataFrame(
    {
        "id": ["A1", "A2", "A3", "A2", "", "A5", "A6", "A7", "A8"],
        "name": [
            "Prefectura",
            "GAD Cayambe",
            "Asociación",
            "Repetido",
            "Sin id",
            None,
            "X",
            "Y",
            "Z",
        ],
        "type": [
            "Público",
            "public",
            "eps",
            "public",
            "public",
            "public",
            "alien",
            "private",
            "private",
        ],
        "level": [
            "Provincial",
            "cantonal",
            "",
            "cantonal",
            "parish",
            "parish",
            "parish",
            "galactic",
            None,
        ],
        "influence": ["4", "3,5", None, "1", "1", "1", "1", "1", "9"],
    }
)


def test_actor_rows_are_cleaned_or_flagged_with_their_problem():
    clean, flags = validate_actors(ACTORS)
    assert clean["id"].to_list() == ["A1", "A2", "A3"]
    assert clean["type"].to_list() == ["public", "public", "popular_economy"]
    assert clean["level"].to_list() == ["provincial", "cantonal", None]
    assert clean["influence"].to_list() == [4.0, 3.5, None]
    problems = dict(zip(flags["row"].to_list(), flags["problem"].to_list(), strict=True))
    assert problems == {
        4: "duplicate_actor",
        5: "missing_id",
        6: "missing_name",
        7: "unknown_type",
        8: "unknown_level",
        9: "bad_influence",
    }
    assert clean.height + flags.height == ACTORS.height  # every row accounted for


def test_tie_rows_are_cleaned_or_flagged_with_their_problem():
    ties = pl.DataFrame(
        {
            "source": ["A1", "A1", "A1", "A2", "A1", "A1", "A2", "A1", None, "A3", "A1"],
            "target": ["A2", "A9", "A1", "A1", "A2", "A3", "A3", "A3", "A2", "A1", "A2"],
            "kind": [
                "Coordinación",
                "coordination",
                "coordination",
                "coordination",
                "friendship",
                "funding",
                "information",
                "funding",
                "funding",
                "funding",
                "information",
            ],
            "weight": ["2", "1", "1", "3", "1", "-1", None, "abc", "1", "2", "1"],
            "directed": [None, None, None, None, None, None, None, None, None, None, "quizás"],
        }
    )
    clean, flags = validate_ties(ties, ["A1", "A2", "A3"])
    problems = dict(zip(flags["row"].to_list(), flags["problem"].to_list(), strict=True))
    assert problems == {
        2: "unknown_actor",
        3: "self_loop",
        4: "duplicate_tie",  # undirected coordination A2-A1 repeats row 1
        5: "unknown_kind",
        6: "bad_weight",
        7: "missing_weight",  # kept with weight 1
        8: "bad_weight",
        9: "missing_end",
        11: "bad_direction",
    }
    kept = flags.filter(pl.col("kept"))["row"].to_list()
    assert kept == [7]
    # the directed funding A3 -> A1 is not a duplicate of anything
    assert clean.select("source", "target", "kind").rows() == [
        ("A1", "A2", "coordination"),
        ("A2", "A3", "information"),
        ("A3", "A1", "funding"),
    ]
    assert clean["directed"].to_list() == [False, True, True]
    assert clean["weight"].to_list() == [2.0, 1.0, 2.0]
    dropped = flags.filter(~pl.col("kept")).height
    assert clean.height + dropped == ties.height


def test_from_frames_raises_one_clear_message_naming_the_first_bad_row():
    actors = pl.DataFrame(
        {"id": ["a", "b"], "name": ["A", "B"], "level": [None, None], "type": ["private"] * 2},
        schema_overrides={"level": pl.String},
    )
    ties = pl.DataFrame(
        {"source": ["a", "a", "b"], "target": ["b", "zz", "b"], "kind": ["collaboration"] * 3}
    )
    with pytest.raises(InputError) as caught:
        ActorNetwork.from_frames(actors, ties)
    assert caught.value.render("en") == "Tie row 2: actor zz is not in the list of actors."
    assert "zz" in caught.value.render("es") and caught.value.render("es") != caught.value.render(
        "en"
    )
    assert caught.value.params["count"] == 2
    net = ActorNetwork.from_frames(actors, ties, on_error="flag")
    assert net.ties.height == 1
    assert net.flagged["problem"].to_list() == ["unknown_actor", "self_loop"]
    assert (
        describe_flag(net.flagged.row(1, named=True), "en")
        == "Tie row 3: actor b is tied to itself."
    )


def test_a_missing_column_or_bad_option_is_a_clear_error():
    with pytest.raises(InputError, match="lacks the column level"):
        ActorNetwork.from_frames(
            pl.DataFrame({"id": ["a"], "name": ["A"], "type": ["public"]}),
            pl.DataFrame({"source": [], "target": [], "kind": []}),
        )
    actors = pl.DataFrame({"id": ["a"], "name": ["A"], "type": ["public"], "level": ["national"]})
    with pytest.raises(InputError, match="lacks the column kind"):
        ActorNetwork.from_frames(actors, pl.DataFrame({"source": ["a"], "target": ["a"]}))
    net = ActorNetwork.from_frames(actors, pl.DataFrame({"source": [], "target": [], "kind": []}))
    with pytest.raises(InputError):
        net.brokerage(by="colour")
    with pytest.raises(InputError):
        net.metrics(kinds=["love"])
    with pytest.raises(InputError):
        net.unlinked("galactic", "parish")
    with pytest.raises(InputError):
        ActorNetwork.from_frames(
            actors, pl.DataFrame({"source": [], "target": [], "kind": []}), on_error="ignore"
        )


_cell = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["a", "b", "c", "public", "parish", "funding", "-1", "2", "sí", "0"]),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_cell, _cell, _cell, _cell, _cell), max_size=8),
    st.lists(st.tuples(_cell, _cell, _cell, _cell, _cell), max_size=12),
)
def test_any_messy_input_is_accounted_for_and_never_crashes(actor_rows, tie_rows):
    actors = pl.DataFrame(
        actor_rows, schema=["id", "name", "type", "level", "influence"], orient="row"
    ).cast(pl.String)
    ties = pl.DataFrame(
        tie_rows, schema=["source", "target", "kind", "weight", "directed"], orient="row"
    ).cast(pl.String)
    net = ActorNetwork.from_frames(actors, ties, on_error="flag")
    dropped = net.flagged.filter(~pl.col("kept"))
    assert net.actors.height + dropped.filter(pl.col("table") == "actors").height == actors.height
    assert net.ties.height + dropped.filter(pl.col("table") == "ties").height == ties.height
    for flag in net.flagged.iter_rows(named=True):
        assert describe_flag(flag, "es")
    net.metrics()
    net.brokerage()
