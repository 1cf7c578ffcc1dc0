import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.accounts.models import User
from federkiel.accounts.tests.people import member
from federkiel.blogs.models import Blog, Role
from federkiel.factories import PASSWORD, BlogFactory, MembershipFactory, StoryFactory
from federkiel.stories.models import Story


@pytest.fixture
def world(blog, owner, contributor):
    """carla contributes to olga's blog "kiel", co-owns "gemeinsam" with olga, and owns
    "carlas-ecke" and "notizen" alone."""
    shared = BlogFactory(name="gemeinsam")
    MembershipFactory(blog=shared, user=owner, role=Role.OWNER)
    MembershipFactory(blog=shared, user=contributor, role=Role.OWNER)
    alone = [BlogFactory(name="carlas-ecke"), BlogFactory(name="notizen")]
    for own in alone:
        MembershipFactory(blog=own, user=contributor, role=Role.OWNER)
        StoryFactory(blog=own, author=contributor)
    stories = {
        "on_kiel": StoryFactory(blog=blog, author=contributor),
        "on_shared": StoryFactory(blog=shared, author=contributor),
        "olgas": StoryFactory(blog=blog, author=owner),
    }
    return {"shared": shared, "alone": alone, "stories": stories, "carla": contributor}


def confirm(client, writing="delete", password=PASSWORD, **extra):
    data = {"password": password, "writing": writing, "blog_names": "carlas-ecke notizen"}
    return client.post("/accounts/delete/", {**data, **extra})


@pytest.mark.django_db
def test_confirmation_page_lists_only_sole_owned_blogs(client, world):
    client.force_login(world["carla"])
    html = client.get("/accounts/delete/").content.decode()
    assert "(carlas-ecke)" in html
    assert "(notizen)" in html
    assert "(gemeinsam)" not in html
    assert "(kiel)" not in html
    assert 'name="delete_blogs"' in html
    assert 'autocomplete="current-password"' in html


@pytest.mark.django_db
def test_confirmation_page_queries_do_not_grow_with_blogs(client, world):
    client.force_login(world["carla"])
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/delete/")
    for n in range(5):
        MembershipFactory(blog=BlogFactory(name=f"mehr-{n}"), user=world["carla"], role=Role.OWNER)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/accounts/delete/").content.decode()
    assert "(mehr-4)" in html
    assert len(many) == len(few)


@pytest.mark.django_db
def test_delete_with_stories(client, world, mail):
    client.force_login(world["carla"])
    with mail():
        response = confirm(client, writing="delete", delete_blogs="on")
    assert response.status_code == 302
    assert not User.objects.filter(username="carla").exists()
    assert not get_user(client).is_authenticated
    assert not Blog.objects.filter(name__in=["carlas-ecke", "notizen"]).exists()
    assert set(Blog.objects.values_list("name", flat=True)) == {"kiel", "gemeinsam"}
    assert list(Story.objects.all()) == [world["stories"]["olgas"]]
    [farewell] = mail.outbox
    assert farewell.to == ["carla@example.org"]
    assert farewell.subject == "Dein Konto carla wurde gelöscht"
    assert "- carlas-ecke\n- notizen" in farewell.body
    assert "Deine Beiträge wurden ebenfalls gelöscht." in farewell.body
    home = client.get(response["Location"]).content.decode()
    assert "Dein Konto und deine Weblogs carlas-ecke, notizen wurden gelöscht." in home


@pytest.mark.django_db
def test_delete_keeping_stories_leaves_them_without_author(client, world):
    client.force_login(world["carla"])
    confirm(client, writing="keep", delete_blogs="on")
    assert not User.objects.filter(username="carla").exists()
    kept = Story.objects.filter(author=None)
    assert set(kept) == {world["stories"]["on_kiel"], world["stories"]["on_shared"]}
    assert Story.objects.filter(blog__name="kiel").count() == 2
    assert not Blog.objects.filter(name="notizen").exists()


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(client, world):
    client.force_login(world["carla"])
    response = confirm(client, password="falsch", delete_blogs="on")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Das ist nicht dein Passwort." in html
    assert 'value="delete" required id="id_writing_0" checked' in html
    assert User.objects.filter(username="carla").exists()
    assert Blog.objects.count() == 4
    assert Story.objects.count() == 5


@pytest.mark.django_db
def test_sole_owned_blogs_need_explicit_consent(client, world):
    client.force_login(world["carla"])
    response = confirm(client)
    assert "Setze das Häkchen, um zuzustimmen." in response.content.decode()
    assert User.objects.filter(username="carla").exists()


@pytest.mark.django_db
def test_choice_about_stories_is_required(client, world):
    client.force_login(world["carla"])
    response = confirm(client, writing="", delete_blogs="on")
    assert "Wähle, was mit deinen Beiträgen geschehen soll." in response.content.decode()
    assert User.objects.filter(username="carla").exists()


@pytest.mark.django_db
def test_refused_when_the_list_of_blogs_changed_meanwhile(client, world):
    client.force_login(world["carla"])
    world["shared"].memberships.exclude(user=world["carla"]).delete()  # olga left "gemeinsam"
    response = confirm(client, delete_blogs="on")
    html = response.content.decode()
    assert "Deine Weblogs haben sich geändert" in html
    assert 'value="carlas-ecke gemeinsam notizen"' in html
    assert Blog.objects.filter(name="gemeinsam").exists()
    assert User.objects.filter(username="carla").exists()


@pytest.mark.django_db
def test_member_without_blogs_gets_no_blog_question(client, outsider):
    client.force_login(outsider)
    assert 'name="delete_blogs"' not in client.get("/accounts/delete/").content.decode()
    response = client.post(
        "/accounts/delete/", {"password": PASSWORD, "writing": "keep", "blog_names": ""}
    )
    assert response.status_code == 302
    assert not User.objects.filter(username="otto").exists()


@pytest.mark.django_db
def test_the_last_administrator_cannot_delete_themselves(client, admin_user):
    client.force_login(admin_user)
    data = {"password": PASSWORD, "writing": "keep", "blog_names": ""}
    response = client.post("/accounts/delete/", data)
    assert "Du bist der einzige Administrator." in response.content.decode()
    member(username="second", is_superuser=True)
    assert client.post("/accounts/delete/", data).status_code == 302
    assert not User.objects.filter(username="root").exists()


@pytest.mark.django_db
def test_delete_needs_sign_in_and_post(client):
    assert client.get("/accounts/delete/").status_code == 302
