from config.navigation import navigation_for


def navigation(request):
    """The navigation bar's entries for the signed-in user's roles."""
    return {"nav_items": navigation_for(request)}
