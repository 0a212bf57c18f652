import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.health import check_broker, check_database

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """Database and broker reachability, for load balancers and monitoring.

    Anyone gets the overall status (200 or 503); which check failed and why is logged,
    and shown only to staff users, since error texts name hosts and ports.
    """
    problems = {"database": check_database(), "broker": check_broker()}
    errors = {name: error for name, error in problems.items() if error}
    for name, error in errors.items():
        logger.error("healthz: %s check failed: %s", name, error)
    body = {"status": "ok" if not errors else "error"}
    if request.user.is_authenticated and request.user.is_staff:
        body.update(
            {name: ("ok" if error is None else "error") for name, error in problems.items()}
        )
        if errors:
            body["errors"] = errors
    return JsonResponse(body, status=200 if not errors else 503)
