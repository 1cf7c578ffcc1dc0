"""Members of a blog: invitations, roles, leaving and subscribing.

`check_*` functions validate and raise ValidationError with a message for the user;
the others write, each in one transaction. Every change that could leave a blog
without an owner locks the blog row first, so two requests cannot both pass the check.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from federkiel.accounts.models import User
from federkiel.blogs.links import absolute
from federkiel.blogs.models import ROLE_RANK, Blog, Invitation, Membership, Role
from federkiel.mail.outbox import queue_mail

LAST_OWNER = _("A blog needs an owner: make someone else owner first, or delete the blog instead.")


def _lock(blog: Blog) -> None:
    Blog.objects.select_for_update().filter(pk=blog.pk).first()


def _other_owners(blog: Blog, user_id: int) -> bool:
    return blog.memberships.filter(role=Role.OWNER).exclude(user_id=user_id).exists()


def find_invitee(who: str) -> tuple[User | None, str]:
    """The account and address named by a user name or an e-mail address.

    An address without an account is fine (they may sign up with it); an unknown
    user name is not.
    """
    who = who.strip()
    if "@" in who:
        validate_email(who)
        email = who.lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        return user, email
    user = User.objects.filter(username__iexact=who, is_active=True).first()
    if user is None:
        raise ValidationError(_("There is no account with the user name “%(name)s”."),
                              params={"name": who}, code="unknown_user")  # fmt: skip
    return user, user.email.lower()


def check_invitation(blog: Blog, user: User | None, email: str) -> None:
    if user is not None and blog.memberships.filter(user=user).exists():
        raise ValidationError(
            _("%(name)s is already a member of this blog; change the role in the list instead."),
            params={"name": user.username},
            code="member",
        )
    pending = blog.invitations.filter(
        status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    )
    if pending.filter(email=email).exists() or (user and pending.filter(user=user).exists()):
        raise ValidationError(
            _("There is already an open invitation for %(who)s."),
            params={"who": user.username if user else email},
            code="invited",
        )


def invite(blog: Blog, inviter: User, who: str, role: Role) -> Invitation:
    """Record an invitation and mail its link; raises ValidationError for bad input."""
    user, email = find_invitee(who)
    check_invitation(blog, user, email)
    try:
        with transaction.atomic():
            # Earlier expired invitations of this address are done with.
            blog.invitations.filter(
                email=email, status=Invitation.Status.PENDING, expires_at__lte=timezone.now()
            ).update(status=Invitation.Status.REVOKED)
            invitation = Invitation.objects.create(
                blog=blog, email=email, user=user, role=role, invited_by=inviter
            )
            _mail_invitation(invitation, inviter)
    except IntegrityError:
        raise ValidationError(
            _("There is already an open invitation for %(who)s."), params={"who": email}
        ) from None
    return invitation


def _mail_invitation(invitation: Invitation, inviter: User) -> None:
    blog = invitation.blog
    link = absolute(reverse("blogs_platform:invitation", kwargs={"key": invitation.key}))
    with translation.override(blog.language):
        subject = gettext("Invitation to the blog “%(title)s”") % {"title": blog.title}
        body = gettext(
            "Hello,\n\n"
            "%(inviter)s invites you to join the blog “%(title)s” as %(role)s.\n\n"
            "To accept or decline, sign in with the account this invitation is for "
            "(or sign up with this e-mail address) and open:\n%(link)s\n\n"
            "The invitation is valid until %(expires)s.\n"
        ) % {
            "inviter": inviter.public_name,
            "title": blog.title,
            "role": Role(invitation.role).label,
            "link": link,
            "expires": timezone.localtime(invitation.expires_at, blog.tz).strftime(
                "%Y-%m-%d %H:%M"
            ),
        }
    queue_mail(invitation.email, subject, body)


def _respond(invitation: Invitation, user: User, status: Invitation.Status) -> Invitation:
    with transaction.atomic():
        _lock(invitation.blog)
        fresh = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not fresh.is_open or not fresh.is_for(user):
            raise ValidationError(_("This invitation is no longer open."), code="closed")
        if status == Invitation.Status.ACCEPTED:
            membership = Membership.objects.filter(blog=fresh.blog_id, user=user).first()
            if membership is None:
                Membership.objects.create(blog_id=fresh.blog_id, user=user, role=fresh.role)
            elif ROLE_RANK[Role(fresh.role)] > ROLE_RANK[Role(membership.role)]:
                # Accepting never lowers a role held meanwhile.
                membership.role = fresh.role
                membership.save(update_fields=["role"])
        fresh.status = status
        fresh.user = user
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "user", "responded_at"])
    return fresh


def accept_invitation(invitation: Invitation, user: User) -> Invitation:
    return _respond(invitation, user, Invitation.Status.ACCEPTED)


def decline_invitation(invitation: Invitation, user: User) -> Invitation:
    return _respond(invitation, user, Invitation.Status.DECLINED)


def revoke_invitation(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, responded_at=timezone.now()
    )


def change_role(membership: Membership, role: Role) -> Membership:
    """Give a member another role; the last owner keeps theirs."""
    with transaction.atomic():
        _lock(membership.blog)
        membership.refresh_from_db()
        if (
            membership.role == Role.OWNER
            and role != Role.OWNER
            and not _other_owners(membership.blog, membership.user_id)
        ):
            raise ValidationError(LAST_OWNER, code="last_owner")
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(membership: Membership) -> None:
    """End a membership (removal by an owner, or leaving); never the last owner's."""
    with transaction.atomic():
        _lock(membership.blog)
        membership.refresh_from_db()
        if membership.role == Role.OWNER and not _other_owners(membership.blog, membership.user_id):
            raise ValidationError(LAST_OWNER, code="last_owner")
        membership.delete()


def subscribe(blog: Blog, user: User) -> Membership:
    """Follow a blog as subscriber; a second call changes nothing."""
    try:
        with transaction.atomic():
            membership, _created = Membership.objects.get_or_create(
                blog=blog, user=user, defaults={"role": Role.SUBSCRIBER}
            )
    except IntegrityError:  # a parallel request subscribed first
        membership = Membership.objects.get(blog=blog, user=user)
    return membership
