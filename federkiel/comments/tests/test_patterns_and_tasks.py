from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY

from federkiel.comments.models import Comment
from federkiel.comments.patterns import check_backtracking, compile_rule, validate_rule_pattern
from federkiel.comments.tasks import clear_old_ip_addresses, forget_comment_ip_addresses
from federkiel.comments.text import render_comment
from federkiel.factories import CommentFactory


@pytest.mark.parametrize(
    "pattern",
    [r"casino\d+", r"(?:buy|sell) now", r"(ab)+", r"[(+*]+", r"\(a+\)+", r"(?i)viagra", r"a{2,5}"],
)
def test_safe_patterns_pass(pattern):
    assert check_backtracking(pattern) is None
    validate_rule_pattern(pattern, is_regex=True)


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+", r"(a*)*b", r"(a|b)*", r"((ab)+c)+", r"(\d+)*", r"(x{1,3}){2,}", r"(a?b+)+$"],
)
def test_backtracking_shapes_are_refused(pattern):
    assert check_backtracking(pattern) is not None
    with pytest.raises(ValidationError):
        validate_rule_pattern(pattern, is_regex=True)


def test_plain_words_are_not_parsed_as_regex_and_match_whole_words():
    validate_rule_pattern("(a+)+", is_regex=False)
    rule = compile_rule("cialis", False)
    assert rule.search("Buy CIALIS now")
    assert not rule.search("a specialist")
    assert compile_rule("(a+)+", False).search("x (a+)+ y")
    assert compile_rule("c++", False).search("I like c++.")


def test_comment_markdown_subset():
    assert render_comment("*hi* **there** `code`") == (
        "<p><em>hi</em> <strong>there</strong> <code>code</code></p>\n"
    )
    html = render_comment("# Heading\n\n<b>raw</b>\n\n![x](https://e.example/i.png)")
    assert "<h1" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html
    assert "<img" in render_comment("![x](https://e.example/i.png)", images=True)
    assert 'href="javascript' not in render_comment("[x](javascript:alert(1))")


@pytest.mark.django_db
def test_ip_addresses_are_cleared_after_the_configured_days(settings):
    settings.COMMENT_IP_DAYS = 14
    now = timezone.now()
    old = CommentFactory(
        ip_address="192.0.2.1", user_agent="Old/1", created_at=now - timedelta(days=15)
    )
    recent = CommentFactory(
        ip_address="192.0.2.2", user_agent="New/1", created_at=now - timedelta(days=13)
    )
    assert clear_old_ip_addresses(now) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("192.0.2.2", "New/1")
    assert clear_old_ip_addresses(now) == 0  # safe to run twice
    settings.COMMENT_IP_DAYS = 1
    forget_comment_ip_addresses.call_local()
    recent.refresh_from_db()
    assert recent.ip_address is None
    assert Comment.objects.filter(ip_address__isnull=False).count() == 0


def test_ip_days_default_to_14_when_the_environment_says_nothing(tmp_path):
    from federkiel.tests.test_config import clean_env, run_python

    def start_with(**environment):
        code = "from django.conf import settings\nprint(settings.COMMENT_IP_DAYS)"
        return run_python(code, clean_env(tmp_path, **environment))

    assert start_with().stdout.split() == ["14"]
    assert start_with(FEDERKIEL_COMMENT_IP_DAYS="3").stdout.split() == ["3"]
    refused = start_with(FEDERKIEL_COMMENT_IP_DAYS="0")
    assert refused.returncode != 0
    assert "FEDERKIEL_COMMENT_IP_DAYS: must be at least 1" in refused.stderr


def test_ip_clearing_is_a_periodic_task_the_worker_runs():
    task = forget_comment_ip_addresses.task_class()
    assert isinstance(task, PeriodicTask)

    def due_at(hour, minute):
        moment = datetime(2025, 3, 30, hour, minute)
        return type(task) in [type(t) for t in HUEY.read_periodic(moment)]

    assert due_at(13, 17)  # hourly at :17
    assert not due_at(13, 18)
