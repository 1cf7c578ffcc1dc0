"""Members: invitations, roles, removal, leaving, subscribing; the last owner stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federkiel.blogs.models import Invitation, Membership, Role
from federkiel.factories import BlogFactory, MembershipFactory, UserFactory
from federkiel.mail.models import OutgoingMail

MEMBERS = "/kiel/members/"


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _follow(client, response):
    return client.get(response["Location"])


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run a block like a request (on-commit tasks execute) and return the mail it sent."""

    class Sent:
        outbox = mailoutbox

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Sent()


# Invitations ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_invites_by_user_name_and_the_mail_carries_the_link(client, blog, owner, sent):
    invitee = UserFactory.create(username="ines")
    client.force_login(owner)
    with sent():
        response = client.post(MEMBERS, {"who": "Ines", "role": "contributor"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.user, invitation.email, invitation.role) == (
        invitee,
        "ines@example.org",
        "contributor",
    )
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.invited_by == owner
    [mail] = sent.outbox
    assert mail.to == ["ines@example.org"]
    # In the blog's language (German here).
    assert mail.subject == "Einladung zum Weblog „Kieler Nachrichten“"
    assert f"http://127.0.0.1:8000/blogs/invitations/{invitation.key}/" in mail.body
    assert "als Autor" in mail.body
    assert _messages(_follow(client, response)) == [
        "Eine Einladung wurde an ines@example.org geschickt."
    ]


@pytest.mark.django_db
def test_invitation_by_address_finds_the_account_regardless_of_case(client, blog, owner, sent):
    invitee = UserFactory.create(username="ines", email="Ines@Example.org")
    client.force_login(owner)
    with sent():
        client.post(MEMBERS, {"who": " INES@example.ORG ", "role": "manager"})
    invitation = Invitation.objects.get()
    assert (invitation.user, invitation.email) == (invitee, "ines@example.org")
    assert sent.outbox[0].to == ["ines@example.org"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("nobody", "contributor", "Es gibt kein Konto mit dem Benutzernamen „nobody“."),
        ("not@an@address", "contributor", "gültige E-Mail-Adresse"),
        ("carla", "contributor", "carla ist schon Mitglied dieses Weblogs"),
        ("carla@example.org", "manager", "carla ist schon Mitglied dieses Weblogs"),
        ("olga", "owner", "olga ist schon Mitglied dieses Weblogs"),
        ("ines", "emperor", "gültige Auswahl"),
        ("", "contributor", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_invite_rejects_bad_input_keeps_it_and_sends_nothing(
    client, blog, owner, contributor, sent, who, role, message
):
    UserFactory.create(username="ines")
    client.force_login(owner)
    with sent():
        response = client.post(MEMBERS, {"who": who, "role": role})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if who.strip():
        assert f'value="{who}"' in html
    assert not Invitation.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert sent.outbox == []


@pytest.mark.django_db
def test_a_second_open_invitation_for_the_same_person_is_refused(client, blog, owner, sent):
    UserFactory.create(username="ines")
    client.force_login(owner)
    with sent():
        client.post(MEMBERS, {"who": "ines", "role": "contributor"})
        response = client.post(MEMBERS, {"who": "ines@example.org", "role": "manager"})
    assert "Für ines gibt es schon eine offene Einladung." in response.content.decode()
    assert Invitation.objects.count() == 1
    assert len(sent.outbox) == 1


@pytest.mark.django_db
def test_an_expired_invitation_makes_way_for_a_new_one(client, blog, owner):
    UserFactory.create(username="ines")
    client.force_login(owner)
    client.post(MEMBERS, {"who": "ines", "role": "contributor"})
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(MEMBERS, {"who": "ines", "role": "manager"}).status_code == 302
    statuses = sorted(Invitation.objects.values_list("status", "role"))
    assert statuses == [("pending", "manager"), ("revoked", "contributor")]


def _invite(blog, owner, role=Role.CONTRIBUTOR, **fields):
    fields.setdefault("email", fields["user"].email.lower() if fields.get("user") else "x@y.org")
    return Invitation.objects.create(blog=blog, invited_by=owner, role=role, **fields)


@pytest.mark.django_db
def test_the_invited_account_accepts(client, blog, owner):
    ines = UserFactory.create(username="ines")
    invitation = _invite(blog, owner, user=ines)
    client.force_login(ines)
    url = f"/blogs/invitations/{invitation.key}/"
    page = client.get(url).content.decode()
    assert "Olga lädt dich ein, bei diesem Weblog als Autor mitzumachen." in page
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert response["Location"] == "/kiel/membership/"
    assert blog.memberships.get(user=ines).role == Role.CONTRIBUTOR
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.responded_at is not None
    # A second answer changes nothing.
    again = client.post(url, {"answer": "decline"})
    assert "Diese Einladung ist nicht mehr offen." in again.content.decode()
    assert blog.memberships.get(user=ines).role == Role.CONTRIBUTOR


@pytest.mark.django_db
def test_the_invited_account_declines(client, blog, owner):
    ines = UserFactory.create(username="ines")
    invitation = _invite(blog, owner, user=ines)
    client.force_login(ines)
    response = client.post(f"/blogs/invitations/{invitation.key}/", {"answer": "decline"})
    assert response["Location"] == "/dashboard/"
    assert not blog.memberships.filter(user=ines).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


@pytest.mark.django_db
def test_an_invitation_into_a_restricted_blog_opens_it(client, blog, owner):
    blog.visibility = "restricted"
    blog.save()
    ines = UserFactory.create(username="ines")
    invitation = _invite(blog, owner, user=ines, role=Role.SUBSCRIBER)
    client.force_login(ines)
    assert client.get("/kiel/").status_code == 404
    client.post(f"/blogs/invitations/{invitation.key}/", {"answer": "accept"})
    assert client.get("/kiel/").status_code == 200


@pytest.mark.django_db
def test_an_answer_must_be_accept_or_decline(client, blog, owner):
    ines = UserFactory.create(username="ines")
    invitation = _invite(blog, owner, user=ines)
    client.force_login(ines)
    response = client.post(f"/blogs/invitations/{invitation.key}/", {"answer": "maybe"})
    assert "Nimm die Einladung an oder lehne sie ab." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


@pytest.mark.django_db
def test_another_account_cannot_answer(client, blog, owner, outsider):
    ines = UserFactory.create(username="ines")
    invitation = _invite(blog, owner, user=ines)
    client.force_login(outsider)
    url = f"/blogs/invitations/{invitation.key}/"
    response = client.get(url)
    assert response.status_code == 403
    assert "Diese Einladung ging an ein anderes Konto." in response.content.decode()
    assert client.post(url, {"answer": "accept"}).status_code == 403
    assert not blog.memberships.filter(user=outsider).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


@pytest.mark.django_db
def test_invitation_links_need_sign_in_and_unknown_keys_are_404(client, blog, owner, outsider):
    invitation = _invite(blog, owner, user=UserFactory.create())
    response = client.get(f"/blogs/invitations/{invitation.key}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.get("/blogs/invitations/no-such-key/").status_code == 404


@pytest.mark.django_db
def test_an_address_invitation_needs_that_address_confirmed(client, blog, owner):
    invitation = _invite(blog, owner, email="new@example.org")
    newcomer = UserFactory.create(
        username="newcomer", email="New@Example.org", email_confirmed=False
    )
    client.force_login(newcomer)
    url = f"/blogs/invitations/{invitation.key}/"
    assert client.post(url, {"answer": "accept"}).status_code == 403
    assert not blog.memberships.filter(user=newcomer).exists()
    newcomer.email_confirmed = True
    newcomer.save()
    assert client.post(url, {"answer": "accept"}).status_code == 302
    assert blog.memberships.get(user=newcomer).role == Role.CONTRIBUTOR
    invitation.refresh_from_db()
    assert invitation.user == newcomer


@pytest.mark.django_db
def test_expired_and_withdrawn_invitations_cannot_be_accepted(client, blog, owner):
    ines = UserFactory.create(username="ines")
    expired = _invite(blog, owner, user=ines, expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(ines)
    response = client.post(f"/blogs/invitations/{expired.key}/", {"answer": "accept"})
    assert "Diese Einladung ist nicht mehr offen." in response.content.decode()
    expired.delete()

    withdrawn = _invite(blog, owner, user=ines)
    client.force_login(owner)
    assert client.post(f"/kiel/members/invitations/{withdrawn.pk}/revoke/").status_code == 302
    withdrawn.refresh_from_db()
    assert withdrawn.status == Invitation.Status.REVOKED
    client.force_login(ines)
    client.post(f"/blogs/invitations/{withdrawn.key}/", {"answer": "accept"})
    assert not blog.memberships.filter(user=ines).exists()


@pytest.mark.django_db
def test_accepting_never_lowers_a_role_held_meanwhile(client, blog, owner, manager):
    invitation = _invite(blog, owner, user=manager, role=Role.SUBSCRIBER)
    client.force_login(manager)
    client.post(f"/blogs/invitations/{invitation.key}/", {"answer": "accept"})
    assert blog.role_of(manager) == Role.MANAGER


@pytest.mark.django_db
def test_open_invitations_are_listed_for_the_invitee(client, blog, owner):
    ines = UserFactory.create(username="ines")
    _invite(blog, owner, user=ines)
    elsewhere = BlogFactory.create(title="Flensburger Blatt")
    by_address = _invite(elsewhere, owner, email="ines@example.org", role=Role.MANAGER)
    other = _invite(blog, owner, email="someone@example.org")
    client.force_login(ines)
    html = client.get("/blogs/invitations/").content.decode()
    assert "Kieler Nachrichten" in html
    assert "Flensburger Blatt" in html
    assert by_address.key in html
    assert other.key not in html
    assert 'href="/blogs/invitations/"' in client.get("/dashboard/").content.decode()


# Roles and removal -------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_changes_a_role(client, blog, owner, contributor):
    client.force_login(owner)
    response = client.post(f"/kiel/members/{contributor.pk}/role/", {"role": "manager"})
    assert response.status_code == 302
    assert blog.memberships.get(user=contributor).role == Role.MANAGER
    assert "carla ist jetzt Manager." in _messages(_follow(client, response))


@pytest.mark.django_db
def test_a_bad_role_is_refused(client, blog, owner, contributor):
    client.force_login(owner)
    response = client.post(f"/kiel/members/{contributor.pk}/role/", {"role": "god"})
    assert "Wähle eine der Rollen." in _messages(_follow(client, response))
    assert blog.memberships.get(user=contributor).role == Role.CONTRIBUTOR


@pytest.mark.django_db
def test_owner_removes_a_member(client, blog, owner, manager):
    client.force_login(owner)
    response = client.post(f"/kiel/members/{manager.pk}/remove/")
    assert "mark ist nicht mehr Mitglied." in _messages(_follow(client, response))
    assert not blog.memberships.filter(user=manager).exists()


@pytest.mark.django_db
def test_unknown_members_are_404(client, blog, owner, outsider):
    client.force_login(owner)
    assert client.post(f"/kiel/members/{outsider.pk}/role/", {"role": "owner"}).status_code == 404
    assert client.post(f"/kiel/members/{outsider.pk}/remove/").status_code == 404
    assert not blog.memberships.filter(user=outsider).exists()


@pytest.mark.django_db
def test_member_ids_beyond_any_column_are_404(client, blog, owner):
    client.force_login(owner)
    huge = "99999999999999999999"
    assert client.post(f"/kiel/members/{huge}/role/", {"role": "owner"}).status_code == 404
    assert client.post(f"/kiel/members/{huge}/remove/").status_code == 404


LAST_OWNER = "Ein Weblog braucht einen Eigentümer"


@pytest.mark.django_db
def test_the_last_owner_cannot_be_demoted_removed_or_leave(client, blog, owner, manager):
    client.force_login(owner)
    for path, data in (
        (f"/kiel/members/{owner.pk}/role/", {"role": "manager"}),
        (f"/kiel/members/{owner.pk}/remove/", {}),
        ("/kiel/membership/", {}),
    ):
        response = client.post(path, data)
        assert response.status_code == 302
        assert any(LAST_OWNER in m for m in _messages(_follow(client, response))), path
        assert blog.memberships.get(user=owner).role == Role.OWNER


@pytest.mark.django_db
def test_the_last_owner_stays_even_when_an_admin_tries(client, blog, owner, admin_user):
    client.force_login(admin_user)
    client.post(f"/kiel/members/{owner.pk}/role/", {"role": "subscriber"})
    client.post(f"/kiel/members/{owner.pk}/remove/")
    assert blog.memberships.get(user=owner).role == Role.OWNER


@pytest.mark.django_db
def test_with_two_owners_one_may_step_down_and_the_other_leave(client, blog, owner):
    second = UserFactory.create(username="otti")
    MembershipFactory(blog=blog, user=second, role=Role.OWNER)
    client.force_login(owner)
    client.post(f"/kiel/members/{owner.pk}/role/", {"role": "manager"})
    assert blog.memberships.get(user=owner).role == Role.MANAGER
    client.force_login(second)
    response = client.post("/kiel/membership/")
    assert any(LAST_OWNER in m for m in _messages(_follow(client, response)))
    client.post(f"/kiel/members/{owner.pk}/role/", {"role": "owner"})
    response = client.post("/kiel/membership/")
    assert response["Location"] == "/dashboard/"
    assert list(blog.memberships.values_list("user__username", "role")) == [("olga", "owner")]


# Leaving and subscribing --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "restricted", "closed"])
def test_a_member_leaves_even_a_blog_closed_to_them(client, blog, owner, contributor, visibility):
    blog.visibility = visibility
    blog.save()
    client.force_login(contributor)
    page = client.get("/kiel/membership/")
    assert page.status_code == 200
    assert "Dieses Weblog verlassen" in page.content.decode()
    response = client.post("/kiel/membership/")
    assert response["Location"] == "/dashboard/"
    assert "Du hast „Kieler Nachrichten“ verlassen." in _messages(_follow(client, response))
    assert not blog.memberships.filter(user=contributor).exists()


@pytest.mark.django_db
def test_an_outsider_subscribes_and_unsubscribes(client, blog, owner, outsider):
    client.force_login(outsider)
    page = client.get("/kiel/subscribe/")
    assert page.status_code == 200
    response = client.post("/kiel/subscribe/")
    assert response["Location"] == "/kiel/membership/"
    assert blog.role_of(outsider) == Role.SUBSCRIBER
    page = client.get("/kiel/membership/").content.decode()
    assert "Abo beenden" in page
    # Subscribed already: the subscribe page is no longer theirs.
    assert client.post("/kiel/subscribe/").status_code == 403
    assert blog.memberships.filter(user=outsider).count() == 1
    client.post("/kiel/membership/")
    assert not blog.memberships.filter(user=outsider).exists()


@pytest.mark.django_db
def test_subscribing_twice_in_a_row_keeps_one_membership(blog, outsider):
    from federkiel.blogs.members import subscribe

    subscribe(blog, outsider)
    subscribe(blog, outsider)
    assert blog.memberships.filter(user=outsider, role=Role.SUBSCRIBER).count() == 1


@pytest.mark.django_db
def test_subscribing_asks_anonymous_visitors_to_sign_in(client, blog):
    response = client.get("/kiel/subscribe/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/kiel/subscribe/"
    assert client.post("/kiel/subscribe/").status_code == 302
    assert not Membership.objects.filter(role=Role.SUBSCRIBER).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["restricted", "closed"])
def test_non_public_blogs_cannot_be_subscribed(client, blog, outsider, visibility):
    blog.visibility = visibility
    blog.save()
    client.force_login(outsider)
    assert client.post("/kiel/subscribe/").status_code == 404
    assert not Membership.objects.filter(user=outsider).exists()


# Forged requests ---------------------------------------------------------------------------


def _forgeries(blog, owner_user, victim, invitation):
    return [
        (MEMBERS, {"who": "otto", "role": "owner"}),
        (f"/kiel/members/{victim.pk}/role/", {"role": "owner"}),
        (f"/kiel/members/{victim.pk}/remove/", {}),
        (f"/kiel/members/{owner_user.pk}/remove/", {}),
        (f"/kiel/members/invitations/{invitation.pk}/revoke/", {}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "contributor", "subscriber", "outsider"])
@pytest.mark.parametrize(("visibility", "status"), [("public", 403), ("closed", 404)])
def test_forged_member_posts_by_non_owners_change_nothing(
    client, blog, owner, manager, contributor, subscriber, outsider, request,
    persona, visibility, status,
):  # fmt: skip
    blog.visibility = visibility
    blog.save()
    invitation = _invite(blog, owner, user=UserFactory.create(username="ines"))
    before = sorted(Membership.objects.values_list("user_id", "role"))
    client.force_login(request.getfixturevalue(persona))
    for path, data in _forgeries(blog, owner, contributor, invitation):
        assert client.post(path, data).status_code == status, path
    assert sorted(Membership.objects.values_list("user_id", "role")) == before
    assert list(Invitation.objects.values_list("status", flat=True)) == ["pending"]


@pytest.mark.django_db
def test_forged_member_posts_by_anonymous_visitors_go_to_sign_in(client, blog, owner, contributor):
    invitation = _invite(blog, owner, user=UserFactory.create(username="ines"))
    for path, data in _forgeries(blog, owner, contributor, invitation):
        response = client.post(path, data)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/")
    assert blog.memberships.count() == 2
    assert list(Invitation.objects.values_list("status", flat=True)) == ["pending"]


@pytest.mark.django_db
def test_member_changes_only_by_post(client, blog, owner, contributor):
    client.force_login(owner)
    assert client.get(f"/kiel/members/{contributor.pk}/remove/").status_code == 405
    assert client.get(f"/kiel/members/{contributor.pk}/role/?role=owner").status_code == 405
    assert blog.role_of(contributor) == Role.CONTRIBUTOR


@pytest.mark.django_db
def test_member_forms_need_the_csrf_token(blog, owner, contributor):
    ines = UserFactory.create(username="ines")
    invitation = _invite(blog, owner, user=ines)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(MEMBERS, {"who": "otto", "role": "owner"}).status_code == 403
    assert client.post(f"/kiel/members/{contributor.pk}/remove/").status_code == 403
    assert (
        client.post(f"/kiel/members/{contributor.pk}/role/", {"role": "owner"}).status_code == 403
    )
    client.force_login(contributor)
    assert client.post("/kiel/membership/").status_code == 403
    client.force_login(ines)
    url = f"/blogs/invitations/{invitation.key}/"
    assert client.post(url, {"answer": "accept"}).status_code == 403
    assert sorted(blog.memberships.values_list("user__username", flat=True)) == ["carla", "olga"]


# The member list -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_list_queries_do_not_grow_with_members(client, blog, owner):
    client.force_login(owner)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MEMBERS).status_code == 200
    for n in range(6):
        MembershipFactory(blog=blog, role=Role.CONTRIBUTOR)
        _invite(
            blog, owner, user=UserFactory.create(), role=Role.MANAGER, email=f"i{n}@example.org"
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(MEMBERS).content.decode()
    assert html.count('name="role"') == 7 + 1  # seven members, one invite form
    assert len(many) == len(few)


# Links on the blog's own pages ----------------------------------------------------------------


@pytest.mark.django_db
def test_blog_pages_link_following_and_ones_membership(client, blog, owner, subscriber, outsider):
    client.force_login(outsider)
    html = client.get("/kiel/").content.decode()
    assert '<a href="/kiel/subscribe/">Diesem Weblog folgen</a>' in html
    assert "/kiel/membership/" not in html
    client.force_login(subscriber)
    html = client.get("/kiel/").content.decode()
    assert "/kiel/subscribe/" not in html
    assert '<a href="/kiel/membership/">Deine Mitgliedschaft</a>' in html
    blog.language = "en"
    blog.save()
    assert ">Your membership</a>" in client.get("/kiel/").content.decode()
