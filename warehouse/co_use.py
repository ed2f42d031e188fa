"""Approving or declining an application to co-use the warehouse."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from partners.models import Association, Membership
from warehouse import emails
from warehouse.models import CoUseApplication

MEMBER_GROUP = "Verein"


def _unique_slug(name):
    base = slugify(name)[:40] or "verein"
    slug, n = base, 2
    while Association.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unique_username(email):
    User = get_user_model()
    base = email.split("@")[0][:100] or "verein"
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base}{n}", n + 1
    return name


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("account:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def approve(application, *, by):
    """Create or update the association as co-user, give the contact person an account as manager.

    Returns the application. A new user gets a link to set a password; an existing one is told to
    log in as before.
    """
    if application.status != CoUseApplication.Status.NEW:
        return application
    User = get_user_model()
    with transaction.atomic():
        association = Association.objects.filter(name__iexact=application.association_name).first()
        if association is None:
            association = Association.objects.create(
                name=application.association_name, slug=_unique_slug(application.association_name),
                summary=application.goods[:300], contact_name=application.contact_name, email=application.email,
                phone=application.phone, warehouse_role=Association.WarehouseRole.CO_USER,
            )
        elif association.warehouse_role == Association.WarehouseRole.NONE:
            association.warehouse_role = Association.WarehouseRole.CO_USER
            association.save(update_fields=["warehouse_role"])
        user = User.objects.filter(email__iexact=application.email).first()
        new_user = user is None
        if new_user:
            user = User.objects.create_user(
                username=_unique_username(application.email), email=application.email,
                first_name=application.contact_name[:150],
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get_or_create(name=MEMBER_GROUP)[0])
        Membership.objects.update_or_create(
            user=user, association=association, defaults={"role": Membership.Role.MANAGER}
        )
        application.status = CoUseApplication.Status.APPROVED
        application.association = association
        application.decided_by = by
        application.decided_at = timezone.now()
        application.save()
    emails.co_use_approved(application, set_password_url(user) if new_user else "")
    return application


def decline(application, *, by):
    if application.status != CoUseApplication.Status.NEW:
        return application
    application.status = CoUseApplication.Status.DECLINED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    emails.co_use_declined(application)
    return application
