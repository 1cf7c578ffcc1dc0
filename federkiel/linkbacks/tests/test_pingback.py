import xmlrpc.client

import pytest

from federkiel.comments.models import Comment
from federkiel.linkbacks.tests.test_webmention import entry, target_of

pytestmark = pytest.mark.django_db

ENDPOINT = "/xmlrpc/"


def call(client, body, capture=None, **extra):
    if capture is None:
        return client.generic("POST", ENDPOINT, body, "text/xml", **extra)
    with capture(execute=True):
        return client.generic("POST", ENDPOINT, body, "text/xml", **extra)


def ping_body(source, target, method="pingback.ping"):
    return xmlrpc.client.dumps((source, target), methodname=method)


def result(response):
    """The answer's value, or (fault code, message)."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault.faultCode, fault.faultString


def test_pingback_is_verified_and_lands_in_the_thread(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/ping", entry(target))
    response = call(client, ping_body(source, target), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert isinstance(result(response), str)
    comment = Comment.objects.get(story=story)
    assert (comment.kind, comment.state) == (Comment.Kind.PINGBACK, Comment.State.PUBLISHED)
    assert comment.guest_name == "Ada Autorin"
    html = client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()
    assert "(Pingback)" in html


def test_a_source_without_the_link_makes_nothing(
    client, story, settings, site, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/ping", entry("https://elsewhere.example/"))
    call(client, ping_body(source, target), django_capture_on_commit_callbacks)
    assert not Comment.objects.exists()


def test_already_registered_is_48(
    client, story, settings, site, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/ping", entry(target))
    call(client, ping_body(source, target), django_capture_on_commit_callbacks)
    assert result(call(client, ping_body(source, target)))[0] == 48
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [
        ("ftp://a.example/", "{target}", 16),
        ("javascript:alert(1)", "{target}", 16),
        ("https://a.example/", "ftp://a.example/", 33),
        ("https://a.example/", "https://elsewhere.example/kiel/stories/1/", 33),
        ("https://a.example/", "{base}/kiel/", 33),
        ("https://a.example/", "{base}/kiel/stories/999999/", 32),
        ("https://a.example/", "{base}/nirgends/stories/1/", 32),
        ("{target}", "{target}", 0),
        ("", "{target}", 0),
    ],
)
def test_fault_codes(client, story, settings, source, target, code):
    fill = {"target": target_of(story, settings), "base": settings.BASE_URL}
    response = call(client, ping_body(source.format(**fill), target.format(**fill)))
    assert response.status_code == 200
    assert result(response)[0] == code
    assert not Comment.objects.exists()


def test_closed_story_is_33(client, story, settings):
    story.comments_open = False
    story.save()
    response = call(client, ping_body("https://a.example/", target_of(story, settings)))
    assert result(response)[0] == 33


def test_messages_in_the_visitors_language(client, story, settings):
    body = ping_body("https://a.example/", f"{settings.BASE_URL}/kiel/stories/999999/")
    response = call(client, body, HTTP_ACCEPT_LANGUAGE="de")
    assert result(response) == (
        32,
        "Das target ist kein veröffentlichter Beitrag eines öffentlichen Weblogs.",
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml",
        b"<methodCall><methodName>pingback.ping</methodName>",
        xmlrpc.client.dumps(("a",), methodname="pingback.ping").encode(),
        xmlrpc.client.dumps(("a", "b", "c"), methodname="pingback.ping").encode(),
        xmlrpc.client.dumps((1, 2), methodname="pingback.ping").encode(),
        xmlrpc.client.dumps(("a", "b"), methodname="system.listMethods").encode(),
        b"<methodResponse/>",
    ],
)
def test_bad_calls_are_fault_0(client, body):
    assert result(call(client, body))[0] == 0


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<methodCall><methodName>pingback.ping</methodName><params>
<param><value><string>&lol3;</string></value></param>
<param><value><string>x</string></value></param></params></methodCall>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>pingback.ping</methodName><params>
<param><value><string>&xxe;</string></value></param>
<param><value><string>x</string></value></param></params></methodCall>"""


@pytest.mark.parametrize("body", [BOMB, XXE])
def test_entities_and_dtds_are_refused(client, body):
    response = call(client, body)
    assert result(response)[0] == 0
    assert b"root:" not in response.content and b"lollol" not in response.content


def test_too_large_call_is_refused(client):
    body = ping_body("https://a.example/" + "a" * 70_000, "https://b.example/")
    assert result(call(client, body))[0] == 0


def test_rate_limit_is_49(client, story, settings):
    body = ping_body("nix", target_of(story, settings))
    codes = [result(call(client, body))[0] for _ in range(31)]
    assert codes[:30] == [16] * 30
    assert codes[30] == 49
