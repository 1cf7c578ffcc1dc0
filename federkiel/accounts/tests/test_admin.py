import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from federkiel.accounts.models import User
from federkiel.accounts.tests.people import member


@pytest.mark.django_db
def test_createsuperuser_makes_a_platform_administrator(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase")
    call_command(
        "createsuperuser", interactive=False, username="chef", email="chef@example.org", verbosity=0
    )
    chef = User.objects.get(username="chef")
    assert chef.is_superuser and chef.is_staff and chef.is_active
    assert chef.email_confirmed
    assert chef.check_password("a long admin passphrase")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "chef@example.org", "password": "a long admin passphrase", "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_createsuperuser_needs_an_email_and_a_valid_name(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase")
    with pytest.raises(CommandError):
        call_command("createsuperuser", interactive=False, username="chef", verbosity=0)
    with pytest.raises(CommandError):
        call_command(
            "createsuperuser",
            interactive=False,
            username="chef in chief",
            email="chef@example.org",
            verbosity=0,
        )
    assert not User.objects.exists()


@pytest.mark.django_db
def test_createsuperuser_refuses_a_name_taken_in_other_case(monkeypatch):
    member(username="Chef")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase")
    with pytest.raises(CommandError, match="already taken"):
        call_command(
            "createsuperuser",
            interactive=False,
            username="chef",
            email="x@example.org",
            verbosity=0,
        )


@pytest.mark.django_db
def test_database_refuses_names_and_addresses_differing_only_in_case():
    member(username="Hanna", email="hanna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        member(username="hanna", email="other@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        member(username="other", email="HANNA@example.org")


@pytest.mark.django_db
def test_admin_lists_changes_and_adds_users(client, admin_user, outsider):
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/user/?q=otto")
    assert listing.status_code == 200
    assert "otto@example.org" in listing.content.decode()
    change = client.get(f"/admin/accounts/user/{outsider.pk}/change/")
    assert change.status_code == 200
    assert 'name="email_confirmed"' in change.content.decode()

    add = {
        "username": "neu",
        "email": "Otto@Example.org",
        "usable_password": "true",
        "password1": "a long new passphrase",
        "password2": "a long new passphrase",
    }
    refused = client.post("/admin/accounts/user/add/", add)
    assert refused.status_code == 200
    assert "Es gibt schon ein Konto mit dieser E-Mail-Adresse." in refused.content.decode()
    created = client.post("/admin/accounts/user/add/", {**add, "email": "neu@example.org"})
    assert created.status_code == 302
    assert User.objects.get(username="neu").check_password("a long new passphrase")
