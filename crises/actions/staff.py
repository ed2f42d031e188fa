"""/intern/hilfsaktionen/: city staff plan and run actions; associations that take part follow them.

City staff see and change everything. A member of an association that takes part sees the actions
it takes part in, read-only, and may mark its own association's tasks as done; any other action is a
404, so nobody learns that it exists. Everyone else gets a 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crises.actions import emails, progress, services
from crises.forms import ActionStatusForm, ShiftMessageForm, TaskStatusForm, TemplateChoiceForm
from crises.models import AidAction, ShiftSignup, Task, VolunteerShift
from partners.models import Association
from partners.roles import is_city_staff

LIST_LIMIT = 50


def _member_associations(user):
    return list(Association.objects.filter(memberships__user=user))


def action_people_required(view):
    """Logged in, and city staff or a member of an association that takes part in some action."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.is_action_staff = is_city_staff(user)
        request.action_associations = [] if request.is_action_staff else _member_associations(user)
        if not request.is_action_staff and not request.action_associations:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_city_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def visible_actions(request):
    actions = AidAction.objects.select_related("crisis", "lead")
    if request.is_action_staff:
        return actions
    return actions.for_association(request.action_associations)


@require_safe
@action_people_required
def staff_action_list(request):
    today = timezone.localdate()
    actions = visible_actions(request).annotate(
        open_tasks=Count("tasks", filter=~Q(tasks__status=Task.Status.DONE), distinct=True),
        overdue_tasks=Count("tasks", filter=~Q(tasks__status=Task.Status.DONE) & Q(tasks__due_on__lt=today),
                            distinct=True),
    ).order_by("-starts_on", "-pk")[:LIST_LIMIT]
    groups = {status: [] for status in AidAction.Status}
    for action in actions:
        groups[AidAction.Status(action.status)].append(action)
    return render(request, "crises/actions/staff_list.html", {
        "groups": [(status.label, rows) for status, rows in groups.items()],
        "is_staff": request.is_action_staff,
    })


@require_safe
@action_people_required
def staff_action_detail(request, pk):
    action = get_object_or_404(visible_actions(request).prefetch_related("partner_cities"), pk=pk)
    tasks = action.tasks.select_related("owner", "participant__association").order_by("due_on", "position", "pk")
    if not request.is_action_staff:
        tasks = tasks.filter(participant__association__in=request.action_associations)
    context = {
        "action": action,
        "is_staff": request.is_action_staff,
        "progress": progress.progress(action),
        "participants": action.participants.select_related("association"),
        "tasks": tasks,
        "today": timezone.localdate(),
        "shifts": action.shifts.with_taken().order_by("starts_at"),
        "appeals": action.appeals.annotate(offer_count=Count("offers")).order_by("-wanted_until"),
        "shipments": action.shipments.select_related("destination_city").order_by("planned_on"),
        "bookings": action.bookings.select_related("bay", "association").order_by("start")[:LIST_LIMIT],
        # Procurement (donations.Donation of kind "procurement") bought for this action.
        "purchases": action.donations.filter(kind=progress.PROCUREMENT).prefetch_related("lines__item")
        .order_by("-received_on", "-pk")[:LIST_LIMIT],
    }
    if request.is_action_staff:
        context.update({
            "status_form": ActionStatusForm(action=action) if action.next_statuses() else None,
            "template_form": TemplateChoiceForm(),
            "task_form": TaskStatusForm(),
        })
    return render(request, "crises/actions/staff_detail.html", context)


@require_POST
@staff_required
def change_status(request, pk):
    action = get_object_or_404(AidAction, pk=pk)
    form = ActionStatusForm(request.POST, action=action)
    if form.is_valid():
        try:
            action = services.change_action_status(action=action, status=form.cleaned_data["status"], by=request.user)
            messages.success(request, _("Die Aktion ist jetzt „%(status)s“.") % {"status": action.get_status_display()})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Dieser Status ist nicht (mehr) möglich. Bitte wählen Sie neu."))
    return redirect("actions:staff-detail", pk=action.pk)


@require_POST
@staff_required
def apply_template(request, pk):
    action = get_object_or_404(AidAction, pk=pk)
    form = TemplateChoiceForm(request.POST)
    if form.is_valid():
        tasks = services.start_from_template(action=action, template=form.cleaned_data["template"], by=request.user)
        messages.success(request, _("%(n)s Aufgaben aus der Vorlage übernommen.") % {"n": len(tasks)})
    else:
        messages.error(request, _("Bitte wählen Sie eine Vorlage."))
    return redirect("actions:staff-detail", pk=action.pk)


@require_POST
@action_people_required
def task_status(request, pk):
    """Staff set any status; a member of the association the task belongs to may only mark it done."""
    tasks = Task.objects.select_related("action")
    if not request.is_action_staff:
        tasks = tasks.filter(participant__association__in=request.action_associations)
    task = get_object_or_404(tasks, pk=pk)
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie einen Status."))
        return redirect("actions:staff-detail", pk=task.action_id)
    status = form.cleaned_data["status"]
    try:
        if request.is_action_staff:
            services.set_task_status(task=task, status=status, by=request.user)
        elif status == Task.Status.DONE:
            services.mark_task_done(task=task, by=request.user)
        else:
            raise PermissionDenied
        messages.success(request, _("Aufgabe „%(title)s“ gespeichert.") % {"title": task.title})
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    return redirect("actions:staff-detail", pk=task.action_id)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def shift_volunteers(request, pk):
    """The people signed up for a shift, and a message to all of them."""
    shift = get_object_or_404(VolunteerShift.objects.select_related("action").with_taken(), pk=pk)
    signups = shift.signups.filter(anonymised_at__isnull=True).order_by("cancelled_at", "created_at")
    form = ShiftMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recipients = list(ShiftSignup.objects.active().filter(shift=shift, anonymised_at__isnull=True)
                          .select_related("shift__action"))
        for signup in recipients:
            emails.shift_message(signup, form.cleaned_data["subject"], form.cleaned_data["text"])
        messages.success(request, _("Die Nachricht geht an %(n)s Personen.") % {"n": len(recipients)})
        return redirect("actions:staff-shift", pk=shift.pk)
    return render(request, "crises/actions/staff_shift.html", {"shift": shift, "signups": signups, "form": form})
