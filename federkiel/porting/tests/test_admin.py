"""The import jobs in the admin: looked into, never added there."""

import pytest


@pytest.mark.django_db
def test_import_jobs_cannot_be_added_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/porting/importjob/").status_code == 200
    assert client.get("/admin/porting/importjob/add/").status_code == 403
    # Before, the add form saved a job without an owner: an IntegrityError.
    assert client.post("/admin/porting/importjob/add/", {"warnings": "[]"}).status_code == 403


@pytest.mark.django_db
def test_an_import_jobs_record_is_read_only_in_the_admin(client, admin_user):
    from federkiel.porting.models import ImportJob

    job = ImportJob.objects.create(blog_name="neu", owner=admin_user, warnings=["Eine Warnung"])
    client.force_login(admin_user)
    page = client.get(f"/admin/porting/importjob/{job.pk}/change/")
    assert page.status_code == 200 and "Eine Warnung" in page.content.decode()
    # An emptied box was saved as NULL into a NOT NULL column: an IntegrityError.
    response = client.post(f"/admin/porting/importjob/{job.pk}/change/", {"warnings": ""})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.warnings == ["Eine Warnung"] and job.skipped == {}
