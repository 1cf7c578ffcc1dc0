"""Every cell of docs/permissions.md, checked against `can()` and against the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from federkiel.blogs.models import Visibility
from federkiel.blogs.permissions import Action, can, can_view
from federkiel.factories import StoryFactory
from federkiel.stories.access import get_story_for_edit
from federkiel.stories.models import Story

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
PERSONAS = [
    "anonymous",
    "outsider",
    "subscriber",
    "contributor",
    "manager",
    "owner",
    "platform admin",
]
STORY_ROWS = ["edit own story", "edit another's story"]


def parse_table(text: str) -> dict[tuple[str, str, str], bool]:
    """{(action, visibility, persona): allowed} from tables headed `| action | visibility |`."""
    cells: dict[tuple[str, str, str], bool] = {}
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        columns = [c.strip() for c in line.strip().strip("|").split("|")]
        if columns[:2] == ["action", "visibility"]:
            header = columns
            continue
        if header is None or set(columns[0]) <= {"-"}:
            continue
        assert len(columns) == len(header), line
        action, visibility = columns[0].strip("`"), columns[1]
        for persona, value in zip(header[2:], columns[2:], strict=True):
            assert value in {"yes", "no"}, f"{line}: {value!r}"
            key = (action, visibility, persona)
            assert key not in cells, f"duplicate cell {key}"
            cells[key] = value == "yes"
    return cells


TABLE = parse_table(DOC.read_text(encoding="utf-8"))
VISIBILITIES = [v.value for v in Visibility]


def test_the_table_covers_every_action_visibility_and_persona():
    rows = [a.value for a in Action] + STORY_ROWS
    expected = {(a, v, p) for a in rows for v in VISIBILITIES for p in PERSONAS}
    assert set(TABLE) == expected


def test_parser_reads_yes_and_no():
    text = "| action | visibility | a | b |\n|---|---|---|---|\n| `view` | public | yes | no |\n"
    assert parse_table(text) == {("view", "public", "a"): True, ("view", "public", "b"): False}


@pytest.fixture
def people(request, blog, owner, manager, contributor, subscriber, outsider, admin_user):
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "subscriber": subscriber,
        "contributor": contributor,
        "manager": manager,
        "owner": owner,
        "platform admin": admin_user,
    }


def _expected(visibility: str, persona: str) -> dict[str, bool]:
    return {action: TABLE[(action, visibility, persona)] for action in [a.value for a in Action]}


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_can_matches_every_cell(blog, people, visibility, persona):
    blog.visibility = visibility
    blog.save()
    user = people[persona]
    actual = {action.value: can(user, blog, action) for action in Action}
    assert actual == _expected(visibility, persona)


def _story_rows(blog, user, persona):
    """{row: allowed} by asking `get_story_for_edit` about an own and another's story."""
    own_author = user if user.is_authenticated else None
    own = StoryFactory(blog=blog, author=own_author, title="own")
    others = StoryFactory(blog=blog, author=None, title="others")
    request = RequestFactory().get("/")
    request.user = user
    result = {}
    for row, story in (("edit own story", own), ("edit another's story", others)):
        try:
            get_story_for_edit(request, blog, story.pk)
        except (PermissionDenied, Http404):
            result[row] = False
        else:
            result[row] = True
    if persona == "anonymous":
        # An anonymous visitor owns nothing; "own" is a story without author for them.
        result["edit own story"] = result["edit another's story"]
    return result, own, others


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_story_edit_access_matches_every_cell(blog, people, visibility, persona):
    blog.visibility = visibility
    blog.save()
    user = people[persona]
    if not can_view(blog, user):
        # get_story_for_edit is only reached after get_blog, which 404s here.
        expected = {row: TABLE[(row, visibility, persona)] for row in STORY_ROWS}
        assert expected == dict.fromkeys(STORY_ROWS, False)
        return
    actual, _, _ = _story_rows(blog, user, persona)
    assert actual == {row: TABLE[(row, visibility, persona)] for row in STORY_ROWS}


# A page per action: path, and the answer when a visible blog denies the action
# (None: 403, or sign-in for anonymous visitors).
ROUTES = {
    Action.VIEW: ("/{blog}/", None),
    Action.SUBSCRIBE: ("/{blog}/subscribe/", None),
    Action.LEAVE: ("/{blog}/membership/", None),
    Action.WRITE: ("/{blog}/stories/create/", None),
    # A draft one may not see is a 404 like a missing story, not a 403.
    Action.VIEW_DRAFTS: ("/{blog}/stories/{draft}/", 404),
    Action.EDIT_ANY: ("/{blog}/stories/{others}/edit/", None),
    Action.SETTINGS: ("/{blog}/settings/", None),
    Action.LAYOUT: ("/{blog}/sidebar/", None),
    Action.MEMBERS: ("/{blog}/members/", None),
    Action.DELETE_BLOG: ("/{blog}/delete/", None),
    Action.IMPORT: ("/{blog}/import/", None),
    Action.EXPORT: ("/{blog}/export/", None),
    Action.STATS: ("/{blog}/stats/", None),
    Action.MODERATE: ("/{blog}/comments/moderation/", None),
}
STORY_ROUTES = {
    "edit own story": ("/{blog}/stories/{own}/edit/", None),
    "edit another's story": ("/{blog}/stories/{others}/edit/", None),
}


def test_every_action_has_a_page():
    assert set(ROUTES) == set(Action)


def _answer(response) -> str:
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], response["Location"]
        return "login"
    return str(response.status_code)


def _expected_answer(allowed, visible, anonymous, denied_status):
    if allowed:
        return "200"
    if not visible or denied_status == 404:
        return "404"
    return "login" if anonymous else "403"


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_answer_as_the_table_says(client, blog, people, visibility, persona):
    blog.visibility = visibility
    blog.save()
    user = people[persona]
    if user.is_authenticated:
        client.force_login(user)
    ids = {
        "draft": StoryFactory(blog=blog, author=None, status=Story.Status.DRAFT).pk,
        "others": StoryFactory(blog=blog, author=None).pk,
        "own": StoryFactory(blog=blog, author=user if user.is_authenticated else None).pk,
    }
    visible = TABLE[("view", visibility, persona)]
    anonymous = not user.is_authenticated

    rows = {action.value: route for action, route in ROUTES.items()} | STORY_ROUTES
    expected, actual, missing_blog = {}, {}, {}
    for row, (template, denied_status) in rows.items():
        allowed = TABLE[(row, visibility, persona)]
        # Leaving works on a blog one cannot see; the page is then not a 404.
        seen = visible or allowed
        expected[row] = _expected_answer(allowed, seen, anonymous, denied_status)
        actual[row] = _answer(client.get(template.format(blog="kiel", **ids)))
        missing_blog[row] = _answer(client.get(template.format(blog="nirgendwo", **ids)))
    assert actual == expected
    # A blog one may not see answers exactly like a blog that does not exist.
    if not visible:
        assert {r: a for r, a in actual.items() if a != "200"} == {
            r: missing_blog[r] for r, a in actual.items() if a != "200"
        }
