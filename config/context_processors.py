from config.navigation import navigation_for


def navigation(request):
    """The navigation bar's entries for the signed-in user's roles."""
    return {"nav_items": navigation_for(request)}


def csp_nonce(request):
    """The request's Content-Security-Policy nonce, for the few inline <script>/<style> tags."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
