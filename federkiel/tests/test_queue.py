import pytest
from django.db import transaction
from huey.contrib.djhuey import db_task

from federkiel.queue import enqueue_on_commit

calls: list[str] = []


@db_task()
def record(value):
    calls.append(value)


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()


@pytest.mark.django_db
def test_task_runs_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(record, "story saved")
        assert calls == []
    assert calls == ["story saved"]


@pytest.mark.django_db
def test_task_is_not_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValueError),
        transaction.atomic(),
    ):
        enqueue_on_commit(record, "never")
        raise ValueError
    assert callbacks == []
    assert calls == []


@pytest.mark.django_db(transaction=True)
def test_task_outside_a_transaction_is_queued_at_once():
    enqueue_on_commit(record, "now")
    assert calls == ["now"]
