"""In Chromium: script payloads in a comment's name, web site and text, sent through the
real form by a guest and answered by the owner, stay inert on every page showing them."""

import pytest

from federkiel.comments.models import Comment, CommentSettings, ModerationMode
from federkiel.comments.tests.helpers import page_url
from federkiel.factories import PASSWORD
from federkiel.stories.tests.test_browser_xss import PAYLOADS
from federkiel.stories.tests.xss_corpus import PAYLOADS as CORPUS

NAME = "<script>window.__pwned=1</script><img src=x onerror=\"alert('name')\">"
SECOND_NAME = PAYLOADS[1]
BAD_WEBSITE = "javascript:window.__pwned=1;alert('url')"
WEBSITE = "https://example.org/\"><script>window.__pwned=1;alert('site')</script>"
TEXT = "\n\n".join(PAYLOADS)
# The owner's reply adds the stories' corpus: owners' comments skip the spam checkers,
# which would hold or refuse a text with that many links. Null characters are refused
# with an error before anything is rendered (see test_posting).
REPLY = "\n\n".join(["Antwort:", TEXT, *(p for _name, p in CORPUS if "\x00" not in p)])
# Shown as typed; the one with a character reference is shown decoded.
LITERAL = [p for p in PAYLOADS if "&#" not in p]

# Elements a payload could smuggle in; pages are compared with themselves before any
# comment existed, since the project's own pages may hold some (scripts, styles).
DANGEROUS = "script, iframe, object, embed, svg, math, style, base, meta[http-equiv], details"

FOUND = """(dangerous) => {
  const tags = {};
  for (const el of document.querySelectorAll(dangerous)) {
    tags[el.localName] = (tags[el.localName] || 0) + 1;
  }
  const bad = [];
  const urls = ["href", "src", "action", "formaction", "srcdoc", "data", "style", "content"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const squeezed = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) bad.push(el.localName + " " + attr.name);
      if (urls.includes(attr.name) && /(javascript|vbscript|data):/.test(squeezed)) {
        bad.push(el.localName + " " + attr.name + "=" + attr.value);
      }
    }
  }
  return {tags, bad};
}"""


def watch_dialogs(page):
    """Record and dismiss dialogs, as the `page` fixture does."""
    page.dialogs = []

    def record(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)


def seen(page):
    page.wait_for_load_state("load")
    return page.evaluate(FOUND, DANGEROUS)


def assert_inert(page, before):
    """No dialog, no flag set, no element or attribute more than the page had without
    comments (`before` from `seen`)."""
    now = seen(page)
    assert page.dialogs == []
    assert page.evaluate("window.__pwned === undefined")
    assert now["bad"] == []
    assert now["tags"] == before["tags"]


def sign_in(page, username, path):
    page.goto(f"/accounts/login/?next={path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_payloads_in_every_comment_field_stay_inert(page, browser, live_server, story, settings):
    settings.COMMENT_MIN_SECONDS = 0  # the browser fills the form faster than a person
    CommentSettings.objects.create(blog=story.blog, moderation=ModerationMode.PUBLISH)
    story_path = page_url(story)
    queue_path = "/kiel/comments/moderation/"

    owner_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    owner_page = owner_context.new_page()
    owner_page.set_default_timeout(15_000)
    watch_dialogs(owner_page)
    sign_in(owner_page, "olga", queue_path)

    # What each page holds before there is any comment.
    before, owner_before = {}, {}
    for path in (story_path, "/kiel/", "/"):
        page.goto(path)
        before[path] = seen(page)
    for path in (queue_path, story_path):
        owner_page.goto(path)
        owner_before[path] = seen(owner_page)

    # A guest sends a script as name and a javascript: web site: a clear error, nothing saved.
    page.goto(story_path)
    page.fill("#comment-name", NAME)
    page.fill("#comment-website", BAD_WEBSITE)
    page.fill("#comment-text", TEXT)
    page.get_by_role("button", name="Kommentar senden").click()
    error = page.locator("#comment-form .error")
    error.wait_for()
    assert error.all_inner_texts() == [
        "Gib eine Webadresse ein, die mit http:// oder https:// beginnt."
    ]
    assert not Comment.objects.exists()
    # The typed values come back as values, not as markup.
    assert page.input_value("#comment-name") == NAME
    assert page.input_value("#comment-website") == BAD_WEBSITE
    assert page.input_value("#comment-text") == TEXT
    assert_inert(page, before[story_path])

    # With an http(s) web site it is taken; the HTML links in the text hold it for review.
    page.fill("#comment-website", WEBSITE)
    page.get_by_role("button", name="Kommentar senden").click()
    page.locator(".comment-pending .comment-flag").wait_for()
    first = Comment.objects.get()
    assert first.guest_name == NAME
    assert first.guest_website == WEBSITE
    assert first.state == Comment.State.PENDING
    assert_inert(page, before[story_path])

    # The owner sees it in the queue and publishes it.
    owner_page.goto(queue_path)
    row = owner_page.locator(f"#row-{first.pk}")
    assert NAME in row.inner_text()
    assert WEBSITE in row.inner_text()
    assert_inert(owner_page, owner_before[queue_path])
    row.get_by_role("button", name="veröffentlichen").click()
    owner_page.locator(".messages", has_text="1 Kommentar veröffentlicht.").wait_for()
    assert_inert(owner_page, owner_before[queue_path])

    # The owner answers with payloads of their own; the reply form names the guest as text.
    owner_page.goto(story_path)
    owner_page.locator(f"#comment-{first.pk} .comment-actions a", has_text="antworten").click()
    owner_page.locator(f"#comment-form input[name=parent][value='{first.pk}']").wait_for(
        state="attached"
    )
    assert NAME in owner_page.locator("#comment-form h3").inner_text()
    assert_inert(owner_page, owner_before[story_path])
    owner_page.fill("#comment-text", REPLY)
    owner_page.get_by_role("button", name="Kommentar senden").click()
    owner_page.locator(f"#comment-{first.pk} .replies .comment-content").wait_for()
    reply = Comment.objects.get(parent=first)
    assert reply.state == Comment.State.PUBLISHED
    assert_inert(owner_page, owner_before[story_path])

    # A second guest comment with a payload name is held and waits in the queue.
    page.goto(story_path)
    page.fill("#comment-name", SECOND_NAME)
    page.fill("#comment-website", "")
    page.fill("#comment-text", TEXT)
    page.get_by_role("button", name="Kommentar senden").click()
    page.locator(".comment-pending .comment-flag").wait_for()
    second = Comment.objects.exclude(pk__in=[first.pk, reply.pk]).get()
    assert second.state == Comment.State.PENDING
    owner_page.goto(queue_path)
    assert SECOND_NAME in owner_page.locator(f"#row-{second.pk}").inner_text()
    assert "<script>window.__pwned = 1" in owner_page.locator(f"#row-{second.pk}").inner_text()
    assert_inert(owner_page, owner_before[queue_path])

    # The thread: names as text, the web site a nofollow ugc https link, texts as text,
    # the reply nested in the guest's comment.
    viewers = [(page, before[story_path]), (owner_page, owner_before[story_path])]
    for viewer, before_page in viewers:
        viewer.goto(story_path)
        heading = viewer.locator(f"#comment-{first.pk} > .comment-heading")
        link = heading.locator("a.p-name")
        assert link.inner_text() == NAME
        rel = link.get_attribute("rel").split()
        assert "nofollow" in rel and "ugc" in rel
        assert link.get_attribute("href") == WEBSITE
        assert link.evaluate("a => a.protocol") == "https:"
        content = viewer.locator(f"#comment-{first.pk} > .comment-content").inner_text()
        nested = viewer.locator(f"#comment-{first.pk} .replies #comment-{reply.pk}")
        assert nested.locator(".comment-content").inner_text().startswith("Antwort:")
        for text in (content, nested.locator(".comment-content").inner_text()):
            for payload in LITERAL:
                assert payload in text
        assert_inert(viewer, before_page)
    assert page.locator(f"#comment-{second.pk} .p-name").inner_text() == SECOND_NAME

    # The blog's front page ("recently written") and the platform's home page.
    for path in ("/kiel/", "/"):
        page.goto(path)
        listed = page.get_by_text("<script>window.__pwned = 1; alert(1)")
        assert listed.count() >= 2  # the guest's comment and the owner's reply
        assert_inert(page, before[path])
    page.goto("/kiel/")
    assert page.locator(".recent-comment", has_text=NAME).count() == 1

    owner_context.close()
