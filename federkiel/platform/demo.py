"""Demo content for a first look at the platform; written by us, added only to an empty database."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.comments.demo import add_demo_comments
from federkiel.stories.models import Story
from federkiel.stories.writing import save_story

DEMO_LOGIN = "demo"
DEMO_PASSWORD = "federkiel-demo"

DEMO_STORIES = [
    (
        "Willkommen im Schreibzimmer",
        "Dies ist das **Demo-Weblog** von Federkiel. Hier steht, was ein Weblog braucht: "
        "Geschichten, Themen, ein Archiv und eine Seitenleiste.\n\n"
        "Melde dich mit dem Demo-Zugang an und schreibe deine erste Geschichte.",
        ["Allgemeines"],
    ),
    (
        "Über Füße, Öfen und Straßenbahnen",
        "Ein Text mit Umlauten im Titel: die Adresse wird daraus "
        "`ueber-fuesse-oefen-und-strassenbahnen`.\n\n"
        "- Listen gehen\n- *Betonung* auch\n\n> Und Zitate.",
        ["Sprache", "Allgemeines"],
    ),
    (
        "Rückblick auf den Winter",
        "Der Winter war lang. Im Rückblick sieht man, an welchen Tagen geschrieben wurde.",
        ["Jahreszeiten"],
    ),
]


def create_demo() -> Blog | None:
    """Create the demo user, blog and stories; None when the database already has users."""
    if User.objects.exists():
        return None
    with transaction.atomic():
        user = User.objects.create_user(
            DEMO_LOGIN,
            email="demo@example.org",
            password=DEMO_PASSWORD,
            display_name="Demo",
            email_confirmed=True,
        )
        blog = Blog.objects.create(
            name="schreibzimmer",
            title="Das Schreibzimmer",
            tagline="Ein Demo-Weblog auf Federkiel",
            language="de",
            time_zone="Europe/Berlin",
        )
        Membership.objects.create(blog=blog, user=user, role=Role.OWNER)
        now = timezone.now()
        for age, (title, text, topics) in enumerate(reversed(DEMO_STORIES)):
            story = Story(
                blog=blog,
                author=user,
                title=title,
                text=text,
                status=Story.Status.PUBLISHED,
                published_at=now - timedelta(days=3 * (len(DEMO_STORIES) - age), hours=age),
            )
            save_story(story, topic_names=topics)
        add_demo_comments(story, user)  # on the newest story, the welcome
    return blog
