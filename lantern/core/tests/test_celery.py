"""Background work: inline in the embedded default, on a Celery worker with Redis in production."""

import socket

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from lantern.core.tasks import ping

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_tasks_run_inline_in_the_embedded_default():
    assert app.conf.task_always_eager is True
    assert ping.delay().get(timeout=1) == "pong"


@pytest.mark.redis
def test_a_real_worker_consumes_the_redis_queue():
    if not redis_available():
        pytest.skip("No Redis server at 127.0.0.1:6379: start one to run this test.")
    saved = {"task_always_eager": app.conf.task_always_eager}
    app.conf.update(task_always_eager=False)
    assert app.conf.result_backend == REDIS_URL
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = ping.delay()
            assert result.get(timeout=20) == "pong"
            assert result.successful()
    finally:
        app.conf.update(saved)
