"""The Celery app: queues, routes, the Beat table and the limits from the design notes."""

from __future__ import annotations

from celery.schedules import crontab

from app.celery_app import task_names
from app.celery_app.application import QUEUES, celery_app
from tests.conftest import TEST_RESULT_BACKEND


def _registered() -> set[str]:
    celery_app.loader.import_default_modules()
    return set(celery_app.tasks)


def test_queues_include_one_per_worker_role() -> None:
    names = {queue.name for queue in celery_app.conf.task_queues}
    assert names == set(QUEUES) == {"requests", "downloads", "plex_sync", "cleanup", "default", "priority"}


def test_tasks_are_routed_by_module() -> None:
    router = celery_app.amqp.router
    cases = {
        "app.workers.request_worker.process_request_task": "requests",
        "app.workers.download_monitor_worker.reconcile_requests_task": "downloads",
        "app.workers.cleanup_worker.cleanup_old_downloads_task": "cleanup",
    }
    for task_name, queue in cases.items():
        assert router.route({}, task_name)["queue"].name == queue


def test_beat_names_only_registered_tasks() -> None:
    registered = _registered()
    for entry_id, entry in celery_app.conf.beat_schedule.items():
        assert entry["task"] in registered, f"beat entry {entry_id} names an unregistered task"
        assert entry_id == entry_id.lower() and " " not in entry_id and "_" not in entry_id


def test_every_task_name_is_registered_and_routed_to_its_queue() -> None:
    registered = _registered()
    router = celery_app.amqp.router
    for name in task_names.all_task_names():
        assert name in registered, f"{name} is sent or scheduled but no worker registers it"
        module = name.rsplit(".", 1)[0]
        assert router.route({}, name)["queue"].name == task_names.QUEUE_OF_MODULE[module]
    ours = {name for name in registered if name.startswith("app.")}
    assert ours == set(task_names.all_task_names()), "a task registered without a name in task_names"


def test_beat_schedule_times() -> None:
    schedule = celery_app.conf.beat_schedule
    assert schedule["cleanup-downloads"]["schedule"] == crontab(hour=4, minute=0)
    assert schedule["cleanup-expired-results"]["schedule"] == crontab(hour=5, minute=0)
    monitor = schedule["monitor-downloads"]
    assert monitor["task"] == "app.workers.download_monitor_worker.monitor_downloads_task"
    assert monitor["schedule"] == 300.0
    assert monitor["options"]["expires"] < 300
    upgrades = schedule["upgrade-copies"]
    assert upgrades["schedule"] == crontab(hour=1, minute=30)
    assert upgrades["options"]["expires"] == 3600
    assert celery_app.amqp.router.route({}, upgrades["task"])["queue"].name == "requests"
    follow = schedule["follow-shows"]
    assert follow["schedule"] == crontab(hour=7, minute=0)
    assert follow["options"]["expires"] == 3600
    assert celery_app.amqp.router.route({}, follow["task"])["queue"].name == "requests"


def test_limits_and_serialisation() -> None:
    conf = celery_app.conf
    assert (conf.task_time_limit, conf.task_soft_time_limit) == (3600, 3300)
    assert conf.worker_max_tasks_per_child == 100
    assert conf.worker_max_memory_per_child == 400_000
    assert conf.task_serializer == conf.result_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.result_expires == 24 * 3600
    assert conf.timezone == "Europe/Paris"
    assert conf.beat_scheduler == "app.celery_app.beat:LockedScheduler"


def test_request_work_survives_a_worker_crash() -> None:
    assert "app.workers.request_worker.process_request_task" in _registered()  # also when run alone
    task = celery_app.tasks["app.workers.request_worker.process_request_task"]
    assert task.acks_late and task.reject_on_worker_lost
    assert task.max_retries == 3


def test_the_api_does_not_subscribe_to_every_result_it_queues() -> None:
    from app.celery_app.result_backend import StateOnlyRedisBackend, result_backend_url

    assert result_backend_url("redis://redis:6379/1").startswith(
        "app.celery_app.result_backend:StateOnlyRedisBackend+"
    )
    assert result_backend_url("db+sqlite:///x.sqlite3") == "db+sqlite:///x.sqlite3"
    backend = celery_app.backend  # the tests run with a Redis result backend
    assert isinstance(backend, StateOnlyRedisBackend)
    assert backend.connparams["db"] == int(TEST_RESULT_BACKEND.rsplit("/", 1)[1])
    backend.on_task_call(None, "some-task-id")
    assert not any(b"some-task-id" in key for key in backend.result_consumer.subscribed_to)
