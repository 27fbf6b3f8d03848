"""The session's user, with their unit (and its parent) in the same query.

Every staff page reads `request.user.unit` (the navigation, the scope of every register) and a
mediation committee's pages its parent town (`mediation.oversight`): Django's `ModelBackend`
loads the user alone, and each of those came as one more query per request. Passwords,
permissions and `user_can_authenticate` are `ModelBackend`'s, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from huajie.orgs.models import User


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("unit__parent").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
