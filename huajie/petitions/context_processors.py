from django.http import HttpRequest

from .notifications import notification_unread_count


def notifications(request: HttpRequest) -> dict[str, int]:
    """The unread count for the bell in the top bar (one indexed COUNT per page)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": notification_unread_count(user=user)}
