"""Shared personas: on one blog, an owner, manager, contributor and subscriber;
an outsider with an account but no membership; and an anonymous guest."""

from __future__ import annotations

import pytest

from federkiel.blogs.models import Role
from federkiel.factories import BlogFactory, MembershipFactory, UserFactory


@pytest.fixture
def blog(db):
    return BlogFactory(name="kiel", title="Kieler Nachrichten", language="de")


def _member(blog, role, username):
    user = UserFactory(username=username)
    MembershipFactory(blog=blog, user=user, role=role)
    return user


@pytest.fixture
def owner(blog):
    return _member(blog, Role.OWNER, "olga")


@pytest.fixture
def manager(blog):
    return _member(blog, Role.MANAGER, "mark")


@pytest.fixture
def contributor(blog):
    return _member(blog, Role.CONTRIBUTOR, "carla")


@pytest.fixture
def subscriber(blog):
    return _member(blog, Role.SUBSCRIBER, "sven")


@pytest.fixture
def outsider(db):
    return UserFactory(username="otto")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# Browser tests: one Chromium per test process, a fresh page (and cookie jar) per test.
@pytest.fixture(scope="session")
def browser():
    import os

    from federkiel.browser import chromium_available, launched_browser

    if not chromium_available():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from
    # the test body are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with launched_browser() as running:
        yield running


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()
