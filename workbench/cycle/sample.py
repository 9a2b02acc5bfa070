"""A worked example of the cycle on the sample data: the 2026 call and its agreements.

Used by the notebook, the documentation and the tests; never loaded by
``workbench init --sample`` on its own, so a real table starts empty.
"""

from __future__ import annotations

from workbench.cycle.agreements import add_agreement, set_agreement_status
from workbench.cycle.calls import create_call, link_session, set_phase
from workbench.store import Store

__all__ = ["SAMPLE_CALL_ID", "load_sample_cycle"]

#: Id of the sample call.
SAMPLE_CALL_ID = "C2026-01"

_CHANNELS = (
    {
        "channel": "Radio comunitaria",
        "audience": "Parroquias rurales del noroccidente",
        "territory_code": "1701",
        "starts_on": "2026-02-20",
        "ends_on": "2026-04-20",
    },
    {
        "channel": "Formulario web y redes sociales",
        "starts_on": "2026-03-01",
        "ends_on": "2026-04-30",
    },
    {
        "channel": "Asambleas parroquiales",
        "audience": "Juntas de riego y comunidades de Cayambe y Pedro Moncayo",
        "territory_code": "1702",
        "starts_on": "2026-03-05",
        "ends_on": "2026-04-15",
    },
    {
        "channel": "WhatsApp de redes de mujeres",
        "audience": "Organizaciones de mujeres y de prevención de la violencia de género",
        "starts_on": "2026-03-08",
        "ends_on": "2026-04-30",
    },
)

_TARGETS = (
    {"dimension": "canton", "value": "1707", "min_share": 0.05},  # San Miguel de los Bancos
    {"dimension": "canton", "value": "1708", "min_share": 0.05},  # Pedro Vicente Maldonado
    {"dimension": "canton", "value": "1709", "min_share": 0.05},  # Puerto Quito
    {"dimension": "canton", "value": "1702", "min_share": 0.10},  # Cayambe
    {"dimension": "parish", "value": "170452", "min_share": 0.01},  # Malchinguí
    {"dimension": "parish", "value": "170161", "min_share": 0.01},  # Gualea
    {"dimension": "sector", "value": "turismo", "min_share": 0.08},
    {"dimension": "sector", "value": "textil", "min_share": 0.08},
    {"dimension": "level", "value": "parish", "min_share": 0.20},
    {"dimension": "level", "value": "cantonal", "min_share": 0.20},
    {"dimension": "gender", "value": "mujer", "min_share": 0.50},
)

_AGREEMENTS = (
    # (id, title, responsible actor, due, proposal, statuses after creation)
    (
        "AC-01",
        "Estudio de reservorios comunitarios para las juntas de riego de Pedro Moncayo",
        "A013",
        "2026-09-30",
        "P0001",
        (("in_planning", "Términos de referencia en revisión"),),
    ),
    (
        "AC-02",
        "Feria textil provincial con compras públicas inclusivas",
        "A012",
        "2026-07-31",
        None,
        (("in_planning", None), ("in_execution", "Convocatoria a asociaciones publicada")),
    ),
    (
        "AC-03",
        "Fondo semilla para emprendimientos de mujeres que salen de la violencia",
        "A016",
        "2026-12-15",
        "P0002",
        (),
    ),
    (
        "AC-04",
        "Mantenimiento del camino vecinal Pacto - Gualea",
        "A014",
        "2026-06-30",
        None,
        (("in_execution", None), ("done", "Obra recibida por la junta parroquial")),
    ),
    (
        "AC-05",
        "Ruta de turismo comunitario del Chocó Andino con señalética",
        "A018",
        "2026-08-31",
        None,
        (("dropped", "Sin cofinanciamiento cantonal este año"),),
    ),
)


def load_sample_cycle(store: Store, *, actor: str = "system:sample") -> str:
    """Create the sample call, its plan, link session S2026-01 and record five agreements.

    The store must hold the sample data. Returns the call id; does nothing
    when the call is already there.
    """
    if store.count("calls", where={"id": SAMPLE_CALL_ID}):
        return SAMPLE_CALL_ID
    create_call(
        store,
        SAMPLE_CALL_ID,
        "Convocatoria 2026 de la mesa económica productiva de Pichincha",
        description="Propuestas ciudadanas para el desarrollo económico y el empleo.",
        opens_on="2026-03-01",
        closes_on="2026-04-30",
        channels=_CHANNELS,
        targets=_TARGETS,
        actor=actor,
    )
    if store.count("sessions", where={"id": "S2026-01"}):
        link_session(store, SAMPLE_CALL_ID, "S2026-01", actor=actor)
    set_phase(store, SAMPLE_CALL_ID, "follow_up", actor=actor)
    for agreement_id, title, responsible, due, proposal, moves in _AGREEMENTS:
        add_agreement(
            store,
            title,
            responsible,
            due_on=due,
            call_id=SAMPLE_CALL_ID,
            session_id="S2026-01",
            proposal_id=proposal,
            agreement_id=agreement_id,
            actor=actor,
        )
        for status, note in moves:
            set_agreement_status(store, agreement_id, status, note=note, actor=actor)
    return SAMPLE_CALL_ID
