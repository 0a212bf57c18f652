from celery import shared_task


@shared_task(name="registry_app.send_digest")
def send_digest(scope: str = "all") -> str:
    """The scheduled job of the test app: a real task, so beat's rows name known tasks."""
    return scope
