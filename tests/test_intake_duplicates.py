"""Near-duplicate grouping and merging (every author and origin kept, in the event log)."""

from __future__ import annotations

import json
import random

import polars as pl
import pytest

from workbench.errors import InputError
from workbench.intake import import_proposals
from workbench.intake.duplicates import MERGE_EVENT, merge_proposals, near_duplicate_groups

BASE = [
    "Construir un reservorio comunitario para regar los cultivos en los meses secos de verano",
    "Crear una feria de productores agroecológicos los sábados en la plaza de Cayambe",
    "Capacitar a las mujeres emprendedoras en contabilidad básica y ventas por internet",
    "Mejorar el camino vecinal entre las comunidades para sacar la leche al centro de acopio",
]


def _edited(text: str, rng: random.Random) -> str:
    words = text.split()
    i = rng.randrange(len(words))
    words[i] = words[i].upper() if rng.random() < 0.5 else words[i] + ","
    return " ".join(words) + rng.choice(["", ".", " !"])


def test_small_edits_are_grouped_and_different_texts_are_not():
    rng = random.Random(1)
    ids, texts = [], []
    for k, text in enumerate(BASE):
        ids.append(f"P{k}0")
        texts.append(text)
    ids += ["P01", "P02", "P21"]
    texts += [_edited(BASE[0], rng), _edited(BASE[0], rng), _edited(BASE[2], rng)]
    frame = pl.DataFrame({"id": ids, "text": texts})
    groups = near_duplicate_groups(frame, text_columns=["text"])
    members = {g: sorted(f["proposal_id"]) for (g,), f in groups.group_by("group")}
    assert members == {"P00": ["P00", "P01", "P02"], "P20": ["P20", "P21"]}
    assert (groups["similarity"] >= 90).all()


def test_grouping_does_not_depend_on_input_order():
    rng = random.Random(2)
    texts = BASE + [_edited(t, rng) for t in BASE]
    frame = pl.DataFrame({"id": [f"P{i:02d}" for i in range(len(texts))], "text": texts})
    first = near_duplicate_groups(frame, text_columns=["text"])
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=5)
    assert near_duplicate_groups(shuffled, text_columns=["text"]).equals(first)
    assert first["group"].n_unique() == len(BASE)


def test_nothing_to_group():
    assert near_duplicate_groups(pl.DataFrame({"id": ["P1"], "text": ["x"]})).height == 0
    frame = pl.DataFrame({"id": ["P1", "P2"], "text": BASE[:2]})
    assert near_duplicate_groups(frame).height == 0


def test_merge_keeps_every_author_and_origin(store):
    data = (
        "propuesta;nombre;canton\n"
        f"{BASE[0]};Ana;Cayambe\n"
        f"{BASE[0]} en Cayambe;Luis;Cayambe\n"
        f"{BASE[1]};Rosa;Cayambe\n"
    ).encode()
    import_proposals(store, data, actor="test", file_name="a.csv")
    proposals = store.read("proposals")
    groups = near_duplicate_groups(proposals)
    assert groups["proposal_id"].n_unique() == 2
    keep, other = sorted(groups["proposal_id"].to_list())
    record = merge_proposals(store, keep, [other], actor="facilitator:ana")
    assert store.get("proposals", {"id": other})["status"] == "merged"
    assert store.get("proposals", {"id": other})["merged_into"] == keep
    assert sorted(store.read("proposers", where={"proposal_id": keep})["name"]) == ["Ana", "Luis"]
    extra = json.loads(store.get("proposals", {"id": keep})["extra"])
    assert sorted(o["source_row"] for o in extra["origins"]) == [2, 3]
    event = store.events(kind=MERGE_EVENT)
    assert event.height == 1 and event["actor"].item() == "facilitator:ana"
    assert json.loads(event["after"].item())["merged"] == [other] == record["merged"]
    with pytest.raises(InputError, match="not active"):
        merge_proposals(store, keep, [other], actor="facilitator:ana")
    with pytest.raises(InputError, match="no proposal"):
        merge_proposals(store, keep, ["P-nope"], actor="facilitator:ana")


def test_reimporting_a_merged_proposal_points_at_the_kept_one(store):
    data = f"propuesta\n{BASE[0]}\n{BASE[0]} en Cayambe\n".encode()
    import_proposals(store, data, actor="test")
    keep, other = sorted(store.read("proposals")["id"].to_list())
    merge_proposals(store, keep, [other], actor="facilitator:ana")
    again = import_proposals(store, data, actor="test")
    assert again.validated.report["proposal_id"].to_list() == [keep, keep]
    assert store.count("proposals") == 2
