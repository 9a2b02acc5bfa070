"""Marker strings planted in every personal field, to prove they never reach public outputs."""

from __future__ import annotations

import polars as pl

from workbench.store import Store

__all__ = ["MARKER", "plant_markers"]

#: Every planted value contains this (searched case-insensitively).
MARKER = "zqxpriv"


def plant_markers(store: Store) -> int:
    """Overwrite every proposer's name, e-mail, phone and ID number and every participant's
    name with a marker; sign some proposal texts with their proposer's marked name and
    e-mail. Returns how many values were planted."""
    planted = 0
    proposers = store.read("proposers")
    signed = proposers.group_by("proposal_id").agg(pl.col("id").min()).sort("proposal_id").head(40)
    texts = dict(
        store.read("proposals", columns=["id", "text"])
        .filter(pl.col("id").is_in(signed["proposal_id"].implode()))
        .iter_rows()
    )
    with store.transaction("test:markers") as tx:
        for row in proposers.iter_rows(named=True):
            n = row["id"]
            tx.update(
                "proposers",
                {"id": n},
                {
                    "name": f"Zqxpriv Nombre{n:04d}",
                    "email": f"zqxpriv.mail{n:04d}@correo.ec",
                    "phone": f"ZQXPRIV-TEL-{n:04d}",
                    "id_number": f"ZQXPRIV-CI-{n:04d}",
                },
            )
            planted += 4
        for row in store.read("participants", columns=["id"]).iter_rows(named=True):
            tx.update("participants", {"id": row["id"]}, {"name": f"ZQXPRIV Miembro {row['id']}"})
            planted += 1
        for proposal_id, n in signed.iter_rows():
            text = texts[proposal_id]
            tx.update(
                "proposals",
                {"id": proposal_id},
                {
                    "text": f"{text} Firma: ZQXPRIV NOMBRE{n:04d}, "
                    f"zqxpriv.mail{n:04d}@correo.ec, zqxpriv-tel-{n:04d}",
                    "title": f"Zqxpriv Nombre{n:04d}",
                },
            )
    return planted
