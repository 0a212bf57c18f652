import secrets

from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Activate the language the user chose, or Simplified Chinese.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    the portal speaks Chinese unless a user picks English with the switcher
    (which sets the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'nonce-{nonce}'",
        # style="" attributes for widths and indents in templates; no <style> without the nonce
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",  # Bootstrap draws some controls with data: SVGs
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response, and no caching of personal pages.

    Scripts and styles come from the portal's own static files (vendored Bootstrap, htmx,
    ECharts); the few inline ones carry the request's nonce (`{{ csp_nonce }}`). Pages
    for a signed-in user hold personal data: unless a view chose its own Cache-Control,
    they are `private, no-store`, so neither a proxy nor the browser's disk keeps them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY.format(nonce=request.csp_nonce)
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
