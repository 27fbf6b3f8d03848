"""Routing's rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

from huajie.common.authz import OK, POSTED, ROLES, SUPERUSER, Access, Row, Target, World, api

# selectors.INTAKE_ROLES: who registers or routes cases asks for proposals.
ASKERS = frozenset({"clerk", "leader", "handler", "duty_officer"})


def suggestion(world: World, relation: str) -> Target:
    """A case (the petitions' record maker) with the suggestion recorded at its registration."""
    from huajie.petitions.authz import petition

    from .models import Suggestion

    made = petition(world, relation)
    Suggestion.objects.update_or_create(
        petition_id=made.kwargs["pk"], defaults={"source": "rules", "categories": [], "units": []}
    )
    return made


# A role that may not ask is refused before any record is read: the same 403 for every case.
REFUSED_FIRST = {(r, None): frozenset({403}) for r in ROLES if r not in ASKERS and r != SUPERUSER}

RECORDS = {"routing_suggestion": suggestion}

ROWS = [
    Row(
        "routing:suggest",
        {"POST": Access(ok=OK, roles=ASKERS)},
        note="the registration form's proposals fragment",
    ),
    Row("api:routing-suggest", {"POST": api(ok=POSTED, roles=ASKERS)}),
    Row(
        "api:routing-petition-suggestion",
        {"GET": api(roles=ASKERS, special=REFUSED_FIRST)},
        record="routing_suggestion",
        note="the suggestion of a case the user may see (another unit's case is 404); other "
        "roles are refused before the case is looked up (403 whatever the case)",
    ),
]
