"""/lager/verein/: an association's managers (and city staff, for every association) keep its public
details and its people. Each view finds the association through `get_association_to_manage`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partners.models import Membership
from warehouse.access import get_association_to_manage, manageable_associations
from warehouse.association import services
from warehouse.association.forms import InviteForm, PublicDetailsForm, RoleForm


@require_safe
@login_required
def association_list(request):
    associations = list(manageable_associations(request.user))
    if not associations:
        raise PermissionDenied
    return render(request, "warehouse/association/list.html", {"associations": associations})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def public_details(request, slug):
    association = get_association_to_manage(request, slug)
    form = PublicDetailsForm(request.POST if request.method == "POST" else None, instance=association)
    if request.method == "POST" and form.is_valid():
        # Saved through the model, so the public pages' cache version moves and the change shows at once.
        form.instance._history_user = request.user
        form.save()
        messages.success(request, _("Die Angaben sind gespeichert. Sie stehen jetzt auf der Website."))
        return redirect("warehouse:association-details", slug=association.slug)
    return render(request, "warehouse/association/details.html", {"association": association, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def members(request, slug):
    association = get_association_to_manage(request, slug)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(association=association, by=request.user, **form.cleaned_data)
        except services.MembershipError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("Die Einladung an %(email)s ist unterwegs.") % form.cleaned_data)
            return redirect("warehouse:association-members", slug=association.slug)
    memberships = association.memberships.select_related("user").order_by("user__last_name", "user__first_name",
                                                                          "user__email")
    context = {"association": association, "memberships": memberships, "form": form,
               "roles": Membership.Role.choices}
    return render(request, "warehouse/association/members.html", context)


@require_POST
@login_required
def member_role(request, slug, pk):
    association = get_association_to_manage(request, slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
    else:
        try:
            services.change_role(association=association, membership_pk=pk, role=form.cleaned_data["role"],
                                 by=request.user)
        except services.MembershipError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Die Rolle ist geändert."))
    return redirect("warehouse:association-members", slug=association.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def member_remove(request, slug, pk):
    association = get_association_to_manage(request, slug)
    membership = get_object_or_404(association.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            services.remove_member(association=association, membership_pk=pk, by=request.user)
        except services.MembershipError as error:
            messages.error(request, error.message)
            return redirect("warehouse:association-members", slug=association.slug)
        messages.success(request, _("%(name)s gehört nicht mehr zum Verein.") % {"name": _display(membership.user)})
        if not manageable_associations(request.user).filter(pk=association.pk).exists():
            return redirect("warehouse:home")  # they removed themselves
        return redirect("warehouse:association-members", slug=association.slug)
    return render(request, "warehouse/association/remove.html", {"association": association, "membership": membership})


def _display(user):
    return user.get_full_name() or user.email or user.username
