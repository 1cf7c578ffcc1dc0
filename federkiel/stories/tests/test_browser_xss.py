"""A story written in raw HTML full of script tricks renders inert in a real browser."""

import pytest

from federkiel.factories import StoryFactory
from federkiel.stories.models import Story

PAYLOADS = [
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(2)">',
    '<a href="javascript:window.__pwned=1;alert(3)" id="jslink">click</a>',
    '<svg onload="window.__pwned=1;alert(4)"></svg>',
    '<iframe src="javascript:alert(5)"></iframe>',
    '<body onload="window.__pwned=1">',
    '<div style="background:url(javascript:alert(6))">styled</div>',
    '<a href="jav&#x09;ascript:alert(7)" id="tablink">tab</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(8)></style></mglyph>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(9)">',
    '"><script>alert(10)</script>',
    "<IMG SRC=JaVaScRiPt:alert(11)>",
    '<details open ontoggle="window.__pwned=1">x</details>',
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_xss_payloads_in_a_story_do_not_run(page, blog, owner):
    story = StoryFactory(
        blog=blog,
        author=owner,
        title="<script>alert('title')</script>",
        text="\n".join(PAYLOADS),
        text_format=Story.Format.HTML,
    )
    page.goto(f"/kiel/stories/{story.pk}/")
    page.wait_for_load_state("load")
    for link in ("#jslink", "#tablink"):
        if page.locator(link).count():
            page.locator(link).click()
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("script").count() == 0
    assert page.locator("h1.p-name").inner_text() == "<script>alert('title')</script>"
