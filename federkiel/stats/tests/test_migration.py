"""The visitor counter's rows move from `sidebar` to `stats` with their numbers."""

import importlib
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("sidebar", "0001_initial"), ("stats", "0001_initial")]
AFTER = [("sidebar", "0002_pageviews_moved_to_stats"), ("stats", "0002_page_views_from_sidebar")]


@pytest.mark.django_db(transaction=True)
def test_page_views_are_copied_before_the_old_table_goes(monkeypatch):
    copying = importlib.import_module("federkiel.stats.migrations.0002_page_views_from_sidebar")
    monkeypatch.setattr(copying, "BATCH", 2)  # three rows: a full batch and the rest
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    blog = apps.get_model("blogs", "Blog").objects.create(name="kiel", title="Kiel")
    old = apps.get_model("sidebar", "PageViews")
    old.objects.create(blog_id=blog.pk, day=date(2009, 1, 8), views=4711)
    old.objects.create(blog_id=blog.pk, day=date(2009, 1, 9), views=1)
    old.objects.create(blog_id=blog.pk, day=date(2009, 1, 7), views=0)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("stats", "PageViews")
        rows = sorted(new.objects.values_list("blog_id", "day", "views"))
        assert rows == [
            (blog.pk, date(2009, 1, 7), 0),
            (blog.pk, date(2009, 1, 8), 4711),
            (blog.pk, date(2009, 1, 9), 1),
        ]
        new.objects.create(blog_id=blog.pk, day=date(2009, 1, 10), views=2)  # ids go on
        assert "sidebar_pageviews" not in connection.introspection.table_names()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
