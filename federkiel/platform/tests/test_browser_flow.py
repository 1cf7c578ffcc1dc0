"""The first thing a new blogger does, in a real browser: sign up, confirm, create a blog,
write and publish a story, and read it on the blog."""

import re

import pytest
from django.core import mail

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Role
from federkiel.stories.models import Story


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_up_create_blog_write_and_publish_a_story(page, live_server):
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "schlafmuetze")
    page.fill("input[name=email]", "schlaf@example.org")
    page.fill("input[name=password1]", "ein sehr geheimes Passwort 42")
    page.fill("input[name=password2]", "ein sehr geheimes Passwort 42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    user = User.objects.get(username="schlafmuetze")

    # The confirmation mail carries a link that confirms the address.
    (message,) = [m for m in mail.outbox if "schlaf@example.org" in m.to]
    link = re.search(r"https?://\S+(/accounts/confirm/\S+/)", str(message.body))
    page.goto(link.group(1))
    user.refresh_from_db()
    assert user.email_confirmed

    page.goto("/blogs/new/")
    page.fill("input[name=name]", "schlafzimmer")
    page.fill("input[name=title]", "Aus dem Schlafzimmer")
    page.fill("input[name=tagline]", "Notizen vor dem Einschlafen")
    page.select_option("select[name=language]", "de")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    blog = Blog.objects.get(name="schlafzimmer")
    assert blog.memberships.get(user=user).role == Role.OWNER

    page.goto("/schlafzimmer/stories/create/")
    page.fill("input[name=title]", "Über Träume")
    page.fill("textarea[name=text]", "Heute habe ich **geträumt**.")
    # The live preview shows the rendered text while writing.
    page.locator("#story-preview strong", has_text="geträumt").wait_for()
    page.check("input[name=status][value=published]")
    page.locator("button[name=save]").click()
    page.wait_for_load_state("load")
    story = Story.objects.get(blog=blog)
    assert story.status == Story.Status.PUBLISHED

    page.goto("/schlafzimmer/")
    entry = page.locator("article.h-entry").first
    assert entry.locator(".story-title.p-name").inner_text() == "Über Träume"
    assert entry.locator(".e-content strong").inner_text() == "geträumt"
    page.locator("article.h-entry .story-title a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/schlafzimmer/stories/ueber-traeume/")
    assert page.dialogs == []
