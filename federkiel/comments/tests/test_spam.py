import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from federkiel.comments.akismet import AkismetChecker, AkismetError
from federkiel.comments.models import Comment
from federkiel.comments.spam import (
    Candidate,
    LinkCountChecker,
    Outcome,
    PatternChecker,
    Verdict,
    judge,
)
from federkiel.comments.tests.helpers import guest_form, post_url, user_form
from federkiel.factories import CommentFactory

pytestmark = pytest.mark.django_db


def candidate(text="A friendly remark.", **fields):
    return Candidate(text=text, author_name=fields.pop("author_name", "Gustav"), **fields)


@pytest.mark.parametrize(
    ("links", "outcome"), [(0, Outcome.HAM), (3, Outcome.HAM), (4, Outcome.HOLD), (7, Outcome.SPAM)]
)
def test_link_count(settings, links, outcome):
    settings.COMMENT_MAX_LINKS = 3
    text = "see " + " and ".join(f"https://example.org/{n}" for n in range(links))
    assert LinkCountChecker().check(candidate(text)).outcome == outcome


@pytest.mark.parametrize(
    ("fields", "outcome"),
    [
        ({}, Outcome.HAM),
        ({"text": "Ich mag Poker und Skat."}, Outcome.HOLD),
        ({"text": "[url=https://x.example]cheap[/url] viagra"}, Outcome.SPAM),
        ({"text": "nice post", "author_name": "https://seo.example"}, Outcome.SPAM),
        ({"text": "https://x.example https://y.example"}, Outcome.HOLD),
        ({"text": 'great <a href="https://x.example">site</a>'}, Outcome.HOLD),
    ],
)
def test_pattern_scoring(fields, outcome):
    assert PatternChecker().check(candidate(**fields)).outcome == outcome


class Broken:
    def check(self, candidate):
        raise RuntimeError("service down")


class Holding:
    def check(self, candidate):
        return Verdict(Outcome.HOLD, ("holding",))


def test_judge_takes_the_harshest_and_skips_failures():
    verdict = judge(candidate(), [Broken(), Holding(), PatternChecker()])
    assert verdict == Verdict(Outcome.HOLD, ("holding",))


def test_configured_checkers_decide_the_state(client, story, settings, publish_at_once):
    settings.COMMENT_SPAM_CHECKERS = ["federkiel.comments.tests.test_spam.Holding"]
    client.post(post_url(story), guest_form(text="harmless"))
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    assert comment.hold_reason == "holding"


def test_spam_is_stored_as_spam_and_shown_to_its_writer_as_held(client, story, publish_at_once):
    client.post(post_url(story), guest_form(text="[url=https://x.example]viagra[/url]"))
    comment = Comment.objects.get()
    assert comment.state == Comment.State.SPAM
    assert (
        "Dein Kommentar wartet auf Freischaltung."
        in client.get(f"/kiel/stories/{story.slug}/").content.decode()
    )


def test_blog_managers_skip_the_checkers(client, story, manager, settings):
    settings.COMMENT_SPAM_CHECKERS = ["federkiel.comments.tests.test_spam.Holding"]
    client.force_login(manager)
    client.post(post_url(story), user_form(text="https://a.example " * 10))
    assert Comment.objects.get().state == Comment.State.PUBLISHED


def test_rate_limit_per_ip(client, story, settings, publish_at_once):
    settings.COMMENT_RATE_PER_IP = 2
    for n in range(2):
        assert client.post(post_url(story), guest_form(text=f"n{n}")).status_code == 302
    response = client.post(post_url(story), guest_form(text="one more"))
    assert response.status_code == 400
    assert "Du kommentierst zu schnell." in response.content.decode()
    assert "one more</textarea>" in response.content.decode()
    # Another address may still write, and old comments do not count.
    assert (
        client.post(post_url(story), guest_form(text="x"), REMOTE_ADDR="192.0.2.7").status_code
        == 302
    )
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert client.post(post_url(story), guest_form(text="later")).status_code == 302


def test_rate_limit_per_account(client, story, outsider, settings, publish_at_once):
    settings.COMMENT_RATE_PER_ACCOUNT = 2
    CommentFactory.create_batch(2, story=story, author=outsider)
    client.force_login(outsider)
    response = client.post(post_url(story), user_form(), REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 400
    assert not Comment.objects.filter(text="Hallo!").exists()


class FakeAkismet(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        FakeAkismet.received.append(form)
        content = form["comment_content"][0]
        body = b"true" if "spam" in content else b"false" if "ham" in content else b"Invalid"
        self.send_response(200)
        if "blatant" in content:
            self.send_header("X-akismet-pro-tip", "discard")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def akismet(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeAkismet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AKISMET_URL = f"http://127.0.0.1:{server.server_port}/1.1/comment-check"
    settings.AKISMET_KEY = "test-key"
    FakeAkismet.received = []
    yield FakeAkismet
    server.shutdown()
    server.server_close()


def test_akismet_client_against_a_loopback_server(akismet):
    checker = AkismetChecker()
    assert checker.check(candidate("plain ham", ip_address="192.0.2.1")).outcome == Outcome.HAM
    assert checker.check(candidate("some spam")) == Verdict(Outcome.SPAM, ("akismet",))
    assert checker.check(candidate("blatant spam")).reasons == ("akismet: discard",)
    with pytest.raises(AkismetError):
        checker.check(candidate("neither"))
    sent = akismet.received[0]
    assert sent["api_key"] == ["test-key"]
    assert sent["user_ip"] == ["192.0.2.1"]
    assert sent["comment_author"] == ["Gustav"]
    assert sent["comment_type"] == ["comment"]


def test_akismet_by_configuration(client, story, akismet, settings, publish_at_once):
    settings.COMMENT_SPAM_CHECKERS = ["federkiel.comments.akismet.AkismetChecker"]
    client.post(post_url(story), guest_form(text="this is spam"))
    client.post(post_url(story), guest_form(name="B", text="this is ham"))
    client.post(post_url(story), guest_form(name="C", text="service confused"))
    assert Comment.objects.get(guest_name="Schlafmuetze").state == Comment.State.SPAM
    assert Comment.objects.get(guest_name="B").state == Comment.State.PUBLISHED
    assert Comment.objects.get(guest_name="C").state == Comment.State.PUBLISHED
    assert akismet.received[0]["permalink"] == [f"http://127.0.0.1:8000/kiel/stories/{story.pk}/"]


def test_akismet_needs_its_settings(settings):
    settings.AKISMET_URL = ""
    with pytest.raises(ImproperlyConfigured):
        AkismetChecker()


def test_system_check_names_a_checker_that_cannot_load(settings):
    from federkiel.comments.checks import spam_checkers_load

    assert spam_checkers_load() == []
    settings.COMMENT_SPAM_CHECKERS = [
        "federkiel.comments.spam.NoSuchChecker",
        "federkiel.comments.spam.HAM",
    ]
    errors = spam_checkers_load()
    assert [e.id for e in errors] == ["comments.E001", "comments.E001"]
    assert "NoSuchChecker" in errors[0].msg
    settings.COMMENT_SPAM_CHECKERS = ["collections.OrderedDict"]
    assert [e.id for e in spam_checkers_load()] == ["comments.E002"]


def test_address_behind_a_trusted_proxy_is_the_visitors(client, story, settings, publish_at_once):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    client.post(post_url(story), guest_form(), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert Comment.objects.get().ip_address == "203.0.113.9"
