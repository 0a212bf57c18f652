from notices.outbox import unread_count


def unread_notifications(request):
    """The signed-in user's unread count for the bell in the navigation bar (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(user)}
