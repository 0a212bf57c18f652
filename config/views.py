from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.health import check_broker, check_database


@never_cache
def healthz(request):
    """Database and broker reachability, for load balancers and monitoring."""
    problems = {"database": check_database(), "broker": check_broker()}
    body = {name: ("ok" if error is None else "error") for name, error in problems.items()}
    errors = {name: error for name, error in problems.items() if error}
    if errors:
        body["errors"] = errors
    body["status"] = "ok" if not errors else "error"
    return JsonResponse(body, status=200 if not errors else 503)
