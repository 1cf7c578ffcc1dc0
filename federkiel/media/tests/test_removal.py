"""Files leave the disk with their blog, with an account's writing, and when orphaned."""

import os
import time

import pytest

from federkiel.accounts.deletion import delete_account
from federkiel.blogs.lifecycle import delete_blog
from federkiel.factories import BlogFactory, MembershipFactory
from federkiel.media.models import MediaFile
from federkiel.media.removal import sweep_orphans

from . import pictures
from .uploads import post_file, stored_files


def upload(client, user, blog="kiel"):
    client.force_login(user)
    assert post_file(client, "photo.png", pictures.png(), blog=blog).status_code == 302
    return MediaFile.objects.filter(uploaded_by=user).latest("id")


@pytest.mark.django_db
def test_deleting_a_blog_removes_its_folder_after_commit(
    client, blog, owner, committed, media_root
):
    upload(client, owner)
    other = BlogFactory(name="andere")
    MembershipFactory(blog=other, user=owner)
    kept = upload(client, owner, blog="andere")
    with committed():
        delete_blog(blog)
    assert not (media_root / str(blog.pk)).exists()
    assert stored_files(media_root) == [f"{other.pk}/{kept.key}/original.png"]


@pytest.mark.django_db
def test_an_account_deleted_with_its_writing_takes_its_uploads(
    client, blog, owner, contributor, committed, media_root
):
    theirs = upload(client, contributor)
    kept = upload(client, owner)
    with committed():
        delete_account(contributor, keep_writing=False)
    assert list(MediaFile.objects.all()) == [kept]
    assert not (media_root / str(blog.pk) / theirs.key).exists()


@pytest.mark.django_db
def test_an_account_deleted_keeping_its_writing_keeps_its_uploads(
    client, blog, owner, contributor, committed, media_root
):
    theirs = upload(client, contributor)
    with committed():
        delete_account(contributor, keep_writing=True)
    theirs.refresh_from_db()
    assert theirs.uploaded_by is None
    assert (media_root / str(blog.pk) / theirs.key / "original.png").exists()


@pytest.mark.django_db
def test_an_account_takes_its_sole_owned_blogs_files(client, owner, committed, media_root):
    media = upload(client, owner)
    with committed():
        delete_account(owner, keep_writing=True)
    assert not (media_root / str(media.blog_id)).exists()


@pytest.mark.django_db
def test_sweeping_removes_old_orphans_only(client, blog, owner, media_root):
    media = upload(client, owner)
    orphan = media_root / str(blog.pk) / "0123456789abcdef0123"
    orphan.mkdir()
    (orphan / "original.png").write_bytes(b"x")
    gone_blog = media_root / "999999"
    (gone_blog / "abc").mkdir(parents=True)
    young = media_root / str(blog.pk) / "fedcba9876543210fedc"
    young.mkdir()
    old = time.time() - 3 * 24 * 3600
    os.utime(orphan, (old, old))
    removed = sweep_orphans()
    assert sorted(removed) == sorted([f"{blog.pk}/0123456789abcdef0123", "999999"])
    assert young.exists()
    assert (media_root / str(blog.pk) / media.key / "original.png").exists()
