"""A NUL character in a path is "not found" before any view looks it up (PostgreSQL
refuses NUL in text, so a lookup by it would be a server error there)."""

import pytest

from federkiel.factories import StoryFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/users/%00/",
        "/users/ot%00to/",
        "/kiel/stories/a%00b/",
        "/kiel/topics/%00/",
        "/blogs/invitations/%00/",
        "/kiel/2019/%00.html",
    ],
)
def test_a_nul_in_the_path_is_404(client, owner, path):
    StoryFactory(blog=owner.memberships.get().blog, author=owner)
    assert client.get(path).status_code == 404
    client.force_login(owner)
    assert client.get(path).status_code == 404
    assert client.post(path, {"text": "x"}).status_code == 404
