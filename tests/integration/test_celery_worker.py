import pytest
from celery.backends.redis import RedisBackend
from django.conf import settings

from config.celery import app, ping

pytestmark = pytest.mark.integration


def test_a_real_worker_on_redis_executes_a_task(celery_worker_factory):
    celery_worker_factory()
    sent = ping.apply_async(queue=celery_worker_factory.queue)
    backend = RedisBackend(app=app, url=settings.CELERY_BROKER_URL)
    result = app.AsyncResult(sent.id, backend=backend)
    assert result.get(timeout=60) == "pong"
    assert result.status == "SUCCESS"
