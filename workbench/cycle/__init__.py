"""The table's management cycle: calls, dissemination, agreements, follow-up and inclusion."""

from workbench.cycle.agreements import (
    AGREEMENT_STATUSES,
    STATUS_LABELS,
    TRANSITIONS,
    add_agreement,
    agreement_history,
    agreements,
    set_agreement_status,
    status_named,
)
from workbench.cycle.calls import (
    PHASE_LABELS,
    PHASES,
    TARGET_DIMENSIONS,
    call_channels,
    call_sessions,
    call_targets,
    calls,
    create_call,
    link_session,
    set_phase,
)
from workbench.cycle.inclusion import (
    INCLUSION_COLUMNS,
    inclusion_indicators,
    participation_counts,
)
from workbench.cycle.sample import SAMPLE_CALL_ID, load_sample_cycle

__all__ = [
    "AGREEMENT_STATUSES",
    "INCLUSION_COLUMNS",
    "PHASES",
    "PHASE_LABELS",
    "SAMPLE_CALL_ID",
    "STATUS_LABELS",
    "TARGET_DIMENSIONS",
    "TRANSITIONS",
    "add_agreement",
    "agreement_history",
    "agreements",
    "call_channels",
    "call_sessions",
    "call_targets",
    "calls",
    "create_call",
    "inclusion_indicators",
    "link_session",
    "load_sample_cycle",
    "participation_counts",
    "set_agreement_status",
    "set_phase",
    "status_named",
]
