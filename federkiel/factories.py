"""Test data factories (factory_boy) for every domain; used by the tests only."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.comments.models import Comment
from federkiel.comments.text import render_comment
from federkiel.search.indexing import index_comment
from federkiel.sidebar.models import Module
from federkiel.stories.models import Story
from federkiel.stories.writing import save_story

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    email_confirmed = True
    password = factory.django.Password(PASSWORD)


class BlogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blog

    name = factory.Sequence(lambda n: f"blog{n:03d}")
    title = factory.LazyAttribute(lambda b: f"The {b.name} blog")
    tagline = "A tagline"
    language = "en"
    time_zone = "Europe/Berlin"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    blog = factory.SubFactory(BlogFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OWNER


class StoryFactory(factory.django.DjangoModelFactory):
    """A published story, saved through `save_story` so derived fields are right."""

    class Meta:
        model = Story

    blog = factory.SubFactory(BlogFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Story number {n}")
    text = "Some *text*."
    status = Story.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Story], *args: Any, **kwargs: Any) -> Story:
        topics = kwargs.pop("topic_names", None)
        return save_story(model_class(*args, **kwargs), topic_names=topics)


class ModuleFactory(factory.django.DjangoModelFactory):
    """A sidebar module; give `kind` and `settings` as the kind needs (see sidebar/options.py)."""

    class Meta:
        model = Module

    blog = factory.SubFactory(BlogFactory)
    kind = "blogstatus"
    title = factory.Sequence(lambda n: f"Module {n}")
    position = factory.Sequence(lambda n: n)
    settings = factory.LazyFunction(dict)


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment by a signed-in user; pass `author=None, guest_name=…` for guests.
    Indexed for search, as the writing functions do."""

    class Meta:
        model = Comment

    story = factory.SubFactory(StoryFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Comment number {n}, with *emphasis*.")
    rendered_html = factory.LazyAttribute(lambda c: render_comment(c.text))
    state = Comment.State.PUBLISHED

    @classmethod
    def _create(cls, model_class: type[Comment], *args: Any, **kwargs: Any) -> Comment:
        comment = model_class(*args, **kwargs)
        comment.save()
        index_comment(comment)
        return comment
