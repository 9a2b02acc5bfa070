"""Actor network map across the levels of government (issue 4).

The public surface, stable for users' notebooks::

    from workbench.actors import ActorNetwork
    net = ActorNetwork.from_frames(actors, ties)
    net.graph                 # networkx DiGraph
    net.metrics()             # one row per actor
    net.brokerage(by="level") # Gould-Fernandez roles
    net.level_matrix()        # tie density between levels
    net.to_gexf("map.gexf")
"""

from workbench.actors.brokerage import ROLES, brokerage_roles
from workbench.actors.fragmentation import fragmentation, key_players
from workbench.actors.network import COOPERATIVE_KINDS, ActorNetwork
from workbench.actors.validation import describe_flag, validate_actors, validate_ties
from workbench.actors.vocabulary import (
    LABELS,
    LEVEL_ORDER,
    LEVELS,
    RELATIONS,
    TIE_KINDS,
    TYPES,
    normalise_code,
)

__all__ = [
    "COOPERATIVE_KINDS",
    "LABELS",
    "LEVELS",
    "LEVEL_ORDER",
    "RELATIONS",
    "ROLES",
    "TIE_KINDS",
    "TYPES",
    "ActorNetwork",
    "brokerage_roles",
    "describe_flag",
    "fragmentation",
    "key_players",
    "normalise_code",
    "validate_actors",
    "validate_ties",
]
