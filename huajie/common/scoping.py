"""The one scoping mechanism for every user-facing read and write.

A user sees the records owned by their own unit and its descendants, plus the records assigned to
their unit. Every scoped model declares a `scope = Scope(...)` class attribute naming the path to
its owning unit and the paths to the units it is assigned to; selectors call `visible_to` and
services call `require_writable`. Units carry a materialised path ("/1/4/9/") so "own unit and its
descendants" is one indexed prefix comparison, never a recursive query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from .errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from huajie.orgs.models import Unit, User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """How a model is scoped.

    owner: lookup path from the model to its owning Unit ("unit", "case__unit"); "" for Unit.
    assigned: lookup paths to Units the record is assigned to; they grant read, never write.
    write_roles: role codes allowed to write records in their own subtree.
    restrict: optional extra filter ANDed on top for users who are not superusers (for example,
        accusations are visible only to their handlers and leaders).
    reads_as: optional oversight: the unit whose records a user of `unit` also reads, as that
        unit's own users do (a town's mediation committee, beside the villages under the town,
        reads the whole town's disputes). It grants read only: writing stays with the subtree of
        the user's own unit (`can_write`).
    """

    owner: str
    assigned: tuple[str, ...] = ()
    write_roles: frozenset[str] = frozenset()
    restrict: Callable[[User], Q] | None = field(default=None, compare=False)
    reads_as: Callable[[Unit], Unit] | None = field(default=None, compare=False)


def scope_of(model: type[Model]) -> Scope:
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise TypeError(f"{model.__name__} declares no `scope = Scope(...)`")
    return scope


def visibility_q(model: type[Model], user: User, *, listed: bool = False) -> Q | None:
    """The filter for what `user` may read, or None when they may read everything.

    `listed`: the units are named by their keys (one small query for the subtrees) instead of a
    subquery. The rows are the same; the planner then estimates them from the column statistics,
    where it takes half the table for any `IN (subquery) OR …` — for a register whose count is
    the planner's estimate (`common.counting`)."""
    if user.is_superuser:
        return None
    unit = user.unit
    if unit is None or not user.is_active:
        return Q(pk__in=[])
    scope = scope_of(model)
    reader = scope.reads_as(unit) if scope.reads_as is not None else unit
    readers = [unit] if reader.pk == unit.pk else [unit, reader]
    q = _listed_q(model, scope, readers) if listed else _units_q(model, scope, readers)
    if scope.restrict is not None:
        q &= scope.restrict(user)
    return q


def _units_q(model: type[Model], scope: Scope, readers: list[Unit]) -> Q:
    q = Q()
    for unit in readers:
        q |= _unit_q(model, scope, unit)
    return q


def _unit_q(model: type[Model], scope: Scope, unit: Unit) -> Q:
    """What the users of `unit` read: the records owned in its subtree or assigned to it."""
    if scope.owner:
        # "owner in (the units of the subtree)": a condition on the record's own column that an
        # index walk can test row by row, instead of a join to the unit table for every record.
        subtree = type(unit)._default_manager.filter(path__startswith=unit.path).values("pk")
        q = Q(**{f"{scope.owner}__in": subtree})
    else:
        q = Q(path__startswith=unit.path)
    for path in scope.assigned:
        q |= _assigned_q(model, path, unit.pk)
    return q


def _listed_q(model: type[Model], scope: Scope, readers: list[Unit]) -> Q:
    """`_units_q` with the subtrees' keys written out, one list for all readers."""
    within = Q()
    for unit in readers:
        within |= Q(path__startswith=unit.path)
    if not scope.owner:
        return within
    keys = list(type(readers[0])._default_manager.filter(within).values_list("pk", flat=True))
    q = Q(**{f"{scope.owner}__in": keys})
    for path in scope.assigned:
        field = model._meta.get_field(path) if "__" not in path else None
        if field is not None and field.concrete and (field.many_to_one or field.one_to_one):
            q |= Q(**{f"{path}__in": [unit.pk for unit in readers]})
        else:
            for unit in readers:
                q |= _assigned_q(model, path, unit.pk)
    return q


def _assigned_q(model: type[Model], path: str, unit_pk: Any) -> Q:
    """Records assigned to the unit through `path`. A foreign key of the model itself is a plain
    column comparison; a longer or reverse path is a subquery of the matching keys."""
    if "__" not in path:
        field = model._meta.get_field(path)
        if field.concrete and (field.many_to_one or field.one_to_one):
            return Q(**{path: unit_pk})
    return Q(pk__in=model._default_manager.filter(**{path: unit_pk}).values("pk"))


def visible_to(queryset: QuerySet[M], user: User, *, listed: bool = False) -> QuerySet[M]:
    """Restrict `queryset` to what `user` may read (`listed`: see `visibility_q`)."""
    q = visibility_q(queryset.model, user, listed=listed)
    return queryset if q is None else queryset.filter(q)


def get_visible(queryset: QuerySet[M], user: User, **lookup: Any) -> M:
    """Fetch one record the user may read; anything else is 'not found', never 'forbidden'."""
    try:
        return visible_to(queryset, user).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise NotFound("未找到该记录，或您无权查看。请检查编号后重试。") from exc


def _lookup(owner: str, tail: str) -> str:
    return f"{owner}__{tail}" if owner else tail


def owner_unit_path(obj: Model) -> str:
    """The tree path of the unit that owns `obj` (a Unit owns itself: `owner=""`)."""
    target: Any = obj
    owner = scope_of(type(obj)).owner
    for part in owner.split("__") if owner else ():
        target = getattr(target, part)
    return str(target.path)


def can_write(user: User, obj: Model) -> bool:
    """Write needs the record in the user's own subtree (assignment grants read only) and a role
    the model allows to write."""
    if user.is_superuser:
        return True
    if user.unit is None or not user.is_active:
        return False
    scope = scope_of(type(obj))
    if not scope.write_roles & set(user.role_codes):
        return False
    if not owner_unit_path(obj).startswith(user.unit.path):
        return False
    if scope.restrict is not None:
        return type(obj)._default_manager.filter(scope.restrict(user), pk=obj.pk).exists()
    return True


def require_writable(user: User, obj: Model) -> None:
    if not can_write(user, obj):
        raise PermissionDenied("您无权修改该记录。如需修改，请联系本单位管理员。")
