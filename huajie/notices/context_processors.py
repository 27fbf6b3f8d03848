from django.http import HttpRequest

from .selectors import notice_unread_count


def notices(request: HttpRequest) -> dict[str, int]:
    """The unread count for the bell in the top bar (one indexed COUNT per page)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": notice_unread_count(user=user)}
