"""Copy the visitor counter's rows from `sidebar.PageViews`, which moves to this app.

`sidebar.0002` deletes the old table only after this has run. New ids: the rows are
inserted afresh, so PostgreSQL's sequence stays right.
"""

from django.db import migrations

BATCH = 2000


def copy_forward(apps, schema_editor):
    old = apps.get_model("sidebar", "PageViews")
    new = apps.get_model("stats", "PageViews")
    rows = old.objects.order_by("pk").values_list("blog_id", "day", "views")
    batch = []
    for blog_id, day, views in rows.iterator(chunk_size=BATCH):
        batch.append(new(blog_id=blog_id, day=day, views=views))
        if len(batch) == BATCH:
            new.objects.bulk_create(batch)
            batch = []
    new.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    old = apps.get_model("sidebar", "PageViews")
    new = apps.get_model("stats", "PageViews")
    rows = new.objects.order_by("pk").values_list("blog_id", "day", "views")
    old.objects.bulk_create(
        [old(blog_id=b, day=d, views=v) for b, d, v in rows.iterator(chunk_size=BATCH)],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
        ("sidebar", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
