"""The platform header in a real browser: its links and the sign-out button on one line."""

import pytest

from federkiel.browser import sign_in
from federkiel.factories import StoryFactory


def middle(box):
    return box["y"] + box["height"] / 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/search/?q=Winter", "/kiel/comments/moderation/"])
def test_sign_out_sits_on_the_line_of_the_other_header_links(page, live_server, blog, owner, path):
    StoryFactory(blog=blog, author=owner, title="Winter")
    sign_in(page.context, live_server, owner)
    page.goto(path)
    nav = page.locator("header.site nav")
    sign_out = nav.get_by_role("button", name="Abmelden").bounding_box()
    my_blogs = nav.get_by_role("link", name="Meine Weblogs").bounding_box()
    assert abs(middle(sign_out) - middle(my_blogs)) < 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_button_sits_beside_the_query(page, live_server, blog):
    page.goto("/search/?q=Winter")
    form = page.locator("main form.search-form")
    field = form.locator("input[type=search]").bounding_box()
    button = form.get_by_role("button").bounding_box()
    assert abs(middle(field) - middle(button)) < 2
