"""In Chromium: a story made of the whole XSS corpus runs no script, and the live
preview shows sanitised HTML while typing."""

from urllib.parse import urlsplit

import pytest

from federkiel.browser import sign_in
from federkiel.stories.models import Story
from federkiel.stories.tests.xss_corpus import all_payloads_text
from federkiel.stories.writing import StoryInput, create_story

# Marks what a payload would do if it ran, besides opening a dialog.
PROBE = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  const original = window[name];
  window[name] = function () { window.__ran.push(name); return original && null; };
}
"""


def only_loopback(page):
    def route(route):
        host = urlsplit(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text_format", ["html", "markdown"])
def test_story_of_all_xss_payloads_runs_no_script(page, blog, owner, text_format):
    story = create_story(
        blog,
        owner,
        StoryInput(
            title="<img src=x onerror=alert(1)>",
            text=all_payloads_text().replace("\x00", ""),
            text_format=text_format,
            status=Story.Status.PUBLISHED,
        ),
    )
    only_loopback(page)
    page.add_init_script(PROBE)
    page.goto(f"/kiel/stories/{story.pk}/")
    page.wait_for_load_state("load")
    # Fire what would trigger a surviving handler on every element; clicks do not navigate.
    fired = page.evaluate(
        """() => {
            document.addEventListener("click", e => e.preventDefault(), true);
            const events = ["mouseover", "mouseenter", "pointerenter", "click", "focus",
                            "animationstart", "toggle", "load", "error"];
            const elements = [...document.querySelectorAll(".e-content *")];
            for (const el of elements) {
                for (const type of events) el.dispatchEvent(new Event(type));
                if (el.focus) el.focus();
            }
            return elements.length;
        }"""
    )
    assert fired > 100
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("window.__ran") == []
    assert page.evaluate("document.scripts.length") == 0
    handlers = page.evaluate(
        """() => [...document.querySelectorAll('.e-content *')].flatMap(el =>
            [...el.attributes]
              .filter(a => a.name.startsWith('on') || a.name === 'style'
                || /^\\s*(javascript|vbscript|data):/i.test(a.value))
              .map(a => el.tagName + ' ' + a.name))"""
    )
    assert handlers == []
    assert page.url.endswith(f"/kiel/stories/{story.pk}/")
    assert page.locator("h1.p-name").inner_text() == "<img src=x onerror=alert(1)>"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_live_preview_shows_sanitised_html_while_typing(page, live_server, blog, contributor):
    only_loopback(page)
    page.add_init_script(PROBE)
    sign_in(page.context, live_server, contributor)
    page.goto("/kiel/stories/create/")
    assert page.locator("button[name=preview]").is_hidden()  # JS replaces the button
    page.fill("#id_title", "Vorschau")
    page.locator("#id_text").press_sequentially("## Hallo\n\n*Welt* <img src=x onerror=alert(1)>")
    preview = page.locator("#story-preview")
    preview.locator("h2").wait_for()
    assert preview.locator("h2").inner_text() == "Hallo"
    assert preview.locator("em").inner_text() == "Welt"
    assert preview.locator("img").get_attribute("onerror") is None
    page.select_option("#id_text_format", "html")
    page.wait_for_function(
        "() => !document.querySelector('#story-preview h2')"
        " && document.querySelector('#story-preview').textContent.includes('## Hallo')"
    )
    page.fill("#id_text", all_payloads_text().replace("\x00", ""))
    page.wait_for_function(
        "() => document.querySelector('#story-preview').textContent.includes('svg onload')"
    )
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("window.__ran") == []
    # and the form still saves
    page.fill("#id_text", "Fertig.")
    page.check("input[name=status][value=published]")
    page.click("button[name=save]")
    page.wait_for_url("**/kiel/stories/vorschau/")
    assert page.locator(".e-content").inner_text().strip() == "Fertig."
    assert Story.objects.get().author == contributor
