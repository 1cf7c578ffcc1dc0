"""The visitor counter's rows now live in `stats.PageViews`; `stats.0002` copied them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sidebar", "0001_initial"),
        ("stats", "0002_page_views_from_sidebar"),
    ]

    operations = [
        migrations.DeleteModel(
            name="PageViews",
        ),
    ]
