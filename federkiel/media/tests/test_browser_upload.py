"""In a real browser: put an image into a story (with and without JavaScript) and see it
in the published story."""

import base64

import pytest

from federkiel.browser import sign_in
from federkiel.media.models import MediaFile
from federkiel.stories.models import Story

from . import pictures


def image_loaded(page, selector):
    return page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_image_chosen_in_the_editor_shows_in_the_published_story(page, live_server, blog, owner):
    sign_in(page.context, live_server, owner)
    page.goto("/kiel/stories/create/")
    page.fill("input[name=title]", "Am Strand")
    page.fill("textarea[name=text]", "Heute am Strand.")
    page.locator("textarea[name=text]").press("End")
    page.fill(".media-upload input[name=alt_text]", "Blaue Förde")
    page.set_input_files(
        ".media-upload input[type=file]",
        files=[{"name": "strand.jpg", "mimeType": "image/jpeg", "buffer": pictures.jpeg()}],
    )
    page.locator(".media-upload button[type=submit]").click()
    page.wait_for_function(
        "document.querySelector('textarea[name=text]').value.includes('/kiel/media/files/')"
    )
    media = MediaFile.objects.get()
    text = page.input_value("textarea[name=text]")
    assert text == (
        f"Heute am Strand.\n![Blaue Förde](/kiel/media/files/{media.key}/1600/strand.jpg)\n"
    )
    # The live preview shows the image while writing.
    page.locator("#story-preview img[alt='Blaue Förde']").wait_for()
    page.check("input[name=status][value=published]")
    page.locator("button[name=save]").click()
    page.wait_for_load_state("load")
    assert Story.objects.get().status == Story.Status.PUBLISHED
    image = "article .e-content img[alt='Blaue Förde']"
    page.locator(image).wait_for()
    page.wait_for_function(f"document.querySelector({image!r}).complete")
    assert image_loaded(page, image)
    assert page.dialogs == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_plain_form_uploads_and_shows_the_snippet(
    browser, live_server, blog, owner
):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    try:
        sign_in(context, live_server, owner)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/kiel/stories/create/")
        page.set_input_files(
            ".media-upload input[type=file]",
            files=[{"name": "hafen.png", "mimeType": "image/png", "buffer": pictures.png()}],
        )
        # The upload opens in a new window, so what is typed in the editor stays.
        with context.expect_page() as opened:
            page.locator(".media-upload button[type=submit]").click()
        library = opened.value
        library.wait_for_load_state("load")
        media = MediaFile.objects.get()
        snippet = library.input_value(f"#md-{media.pk}")
        assert snippet == f"![](/kiel/media/files/{media.key}/1600/hafen.png)"
        assert image_loaded(library, f"#media-{media.pk} img")

        page.fill("input[name=title]", "Im Hafen")
        page.fill("textarea[name=text]", "Schiffe.\n\n" + snippet)
        page.check("input[name=status][value=published]")
        page.locator("button[name=save]").click()
        page.wait_for_load_state("load")
        image = f"article .e-content img[src$='/{media.key}/1600/hafen.png']"
        page.locator(image).wait_for()
        assert image_loaded(page, image)
    finally:
        context.close()


# Builds a real File from base64 bytes and drags it onto the editor's textarea as a
# person would: dragenter, dragover, drop, all carrying the same DataTransfer.
DROP_FILE = """([name, type, base64]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  const textarea = document.querySelector("textarea[name=text]");
  const fire = (kind) => textarea.dispatchEvent(
    new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true })
  );
  fire("dragenter");
  const overTaken = !fire("dragover");
  const dragging = document.querySelector(".media-upload form").classList.contains("dragging");
  const dropTaken = !fire("drop");
  return { overTaken, dragging, dropTaken };
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_image_file_dragged_onto_the_text_is_uploaded_and_published(
    page, live_server, blog, owner
):
    sign_in(page.context, live_server, owner)
    page.goto("/kiel/stories/create/")
    page.fill("input[name=title]", "Hafenbild")
    page.fill("textarea[name=text]", "Vom Kai aus.")
    page.locator("textarea[name=text]").press("End")
    data = base64.b64encode(pictures.png()).decode()
    dropped = page.evaluate(DROP_FILE, ["hafen.png", "image/png", data])
    # The script took the drag (no browser default: no file opened in the tab).
    assert dropped == {"overTaken": True, "dragging": True, "dropTaken": True}
    page.wait_for_function(
        "document.querySelector('textarea[name=text]').value.includes('/kiel/media/files/')"
    )
    media = MediaFile.objects.get()
    assert (media.name, media.content_type) == ("hafen.png", "image/png")
    assert page.input_value("textarea[name=text]") == (
        f"Vom Kai aus.\n![](/kiel/media/files/{media.key}/1600/hafen.png)\n"
    )
    page.check("input[name=status][value=published]")
    page.locator("button[name=save]").click()
    page.wait_for_load_state("load")
    assert Story.objects.get().status == Story.Status.PUBLISHED
    image = f"article .e-content img[src$='/{media.key}/1600/hafen.png']"
    page.locator(image).wait_for()
    page.wait_for_function(f"document.querySelector({image!r}).complete")
    assert image_loaded(page, image)
    assert page.dialogs == []
