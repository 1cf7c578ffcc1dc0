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
