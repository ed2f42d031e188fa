"""Membership workflows: invite a person, change a role, remove a member.

Every change locks the association's row first, so two managers acting at once are served one after
the other: the rule that an association keeps at least one manager holds however the clicks interleave.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import Association, Membership
from partners.roles import MEMBER_GROUP
from warehouse.association import emails
from warehouse.intake.services import account_for, set_password_url


class MembershipError(Exception):
    """A membership cannot be changed as asked; the message is for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _lock(association):
    return Association.objects.select_for_update().get(pk=association.pk)


def _locked_membership(association, pk):
    try:
        return Membership.objects.select_for_update().select_related("user").get(pk=pk, association=association)
    except Membership.DoesNotExist:
        raise MembershipError(_("Diese Person ist nicht mehr Mitglied des Vereins.")) from None


def _is_last_manager(membership):
    return (
        membership.role == Membership.Role.MANAGER
        and not Membership.objects.managers().filter(association_id=membership.association_id)
        .exclude(pk=membership.pk).exists()
    )


def invite_member(*, association, email, name="", role, by):
    """Add the person with this address to the association, with an account if they have none, and tell them.

    A person without a password gets a link to set one; a person with one is told to log in.
    Raises MembershipError when they already belong to the association.
    """
    with transaction.atomic():
        association = _lock(association)
        user, _new = account_for(email, name)
        if Membership.objects.filter(association=association, user=user).exists():
            raise MembershipError(_("%(email)s gehört schon zu %(association)s.") % {
                "email": email, "association": association.name,
            })
        if not user.is_active:  # removed from their last association once, now back
            user.is_active = True
            user.save(update_fields=["is_active"])
        user.groups.add(Group.objects.get_or_create(name=MEMBER_GROUP)[0])
        membership = Membership(user=user, association=association, role=role)
        membership._history_user = by
        membership.save()
        # In the transaction: the mail outbox stores it with the membership, or not at all.
        link = "" if user.has_usable_password() else set_password_url(user)
        emails.member_invited(membership, set_password_url=link, by=by)
    return membership


def change_role(*, association, membership_pk, role, by):
    """Give a member another role; the last manager keeps theirs."""
    with transaction.atomic():
        association = _lock(association)
        membership = _locked_membership(association, membership_pk)
        if membership.role == role:
            return membership
        if _is_last_manager(membership):
            raise MembershipError(_(
                "%(name)s ist die letzte verantwortliche Person des Vereins. Machen Sie zuerst eine andere Person "
                "verantwortlich."
            ) % {"name": membership.user.get_full_name() or membership.user.email})
        membership.role = role
        membership._history_user = by
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, association, membership_pk, by):
    """End a membership; the last manager cannot be removed.

    A person left with no association and no staff role can no longer log in: the privacy notice
    promises that an account ends with the membership. The row stays for the history of bookings;
    staff erase it through the personal-data page.
    """
    with transaction.atomic():
        association = _lock(association)
        membership = _locked_membership(association, membership_pk)
        if _is_last_manager(membership):
            raise MembershipError(_(
                "%(name)s ist die letzte verantwortliche Person des Vereins und kann nicht entfernt werden. Machen "
                "Sie zuerst eine andere Person verantwortlich."
            ) % {"name": membership.user.get_full_name() or membership.user.email})
        membership._history_user = by
        membership.delete()
        user = membership.user
        if not (user.is_staff or user.is_superuser or user.memberships.exists()):
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
    return membership
