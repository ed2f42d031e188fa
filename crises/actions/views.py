"""Public pages of aid actions: the list, one page per action with its appeal and shifts, the report,
and the volunteers' sign-up and cancellation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from crises.actions import emails, pdf, progress, services
from crises.forms import CancelSignupForm, ShiftSignupForm
from crises.models import AidAction, Participant, ShiftSignup
from partners import public_cache

ACTIONS_PER_PAGE = 10


@require_safe
@public_cache.cache_page(params=["seite"])
def action_list(request):
    actions = AidAction.objects.public().select_related("crisis").prefetch_related("partner_cities")
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "crises/actions/action_list.html", {"page": page})


def public_action(slug):
    """A running or completed action; planned and cancelled ones are not public (404)."""
    return get_object_or_404(
        AidAction.objects.public().select_related("crisis").prefetch_related("partner_cities"), slug=slug
    )


def appeals_with_lines(action, today=None):
    """The action's public appeals, each with its wanted lines and those no longer needed."""
    today = today or timezone.localdate()
    appeals = list(action.appeals.public().prefetch_related("lines__item").order_by("-wanted_until", "-pk"))
    for appeal in appeals:
        lines = list(appeal.lines.all())
        appeal.wanted = [line for line in lines if not line.no_longer_needed]
        appeal.gone = [line for line in lines if line.no_longer_needed]
        appeal.is_running = appeal.is_open(today)
    return appeals


def public_context(action):
    today = timezone.localdate()
    shipped = progress.shipped(action)
    return {
        "action": action,
        "participants": action.participants.select_related("association"),
        "appeals": appeals_with_lines(action, today),
        "shifts": list(action.shifts.upcoming().with_taken()) if action.status == AidAction.Status.RUNNING else [],
        "timeline": progress.timeline(action),
        "shipped": progress.by_destination(shipped),
        "today": today,
    }


@require_safe
@public_cache.cache_page()
def action_detail(request, slug):
    action = public_action(slug)
    return render(request, "crises/actions/action_detail.html", public_context(action))


@require_safe
@public_cache.cache_page()
def action_report(request, slug):
    action = public_action(slug)
    return render(request, "crises/actions/report.html", report_context(action))


def report_context(action):
    context = public_context(action)
    context.update({
        "participants": list(action.participants.select_related("association")),
        "spent": progress.spent(action),
        "collected": progress.collected(action),
        "participant_kinds": Participant.Kind,
    })
    return context


@require_http_methods(["GET", "HEAD", "POST"])
def shift_signup(request, slug, pk):
    action = public_action(slug)
    shift = get_object_or_404(action.shifts.with_taken().filter(is_published=True), pk=pk)
    is_open = action.status == AidAction.Status.RUNNING and shift.starts_at > timezone.now()
    form = ShiftSignupForm(request.POST or None) if is_open else None
    # A form sent after the shift started or the action ended gets the page that says so (no form).
    if request.method == "POST" and form is not None and form.is_valid():
        if form.is_spam():
            return redirect("actions:signup-done", slug=action.slug)
        try:
            signup = services.sign_up(shift=shift, name=form.cleaned_data["name"], email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email" if error.code == "duplicate" else None, error)
        else:
            emails.signup_confirmed(signup)
            return redirect("actions:signup-done", slug=action.slug)
    free = max(0, shift.capacity - shift.taken)
    return render(request, "crises/actions/shift_signup.html",
                  {"action": action, "shift": shift, "form": form, "free": free, "is_open": is_open})


@require_safe
def signup_done(request, slug):
    action = public_action(slug)
    return render(request, "crises/actions/signup_done.html", {"action": action})


@require_http_methods(["GET", "HEAD", "POST"])
def signup_cancel(request, token):
    signup = get_object_or_404(
        ShiftSignup.objects.select_related("shift__action").filter(anonymised_at__isnull=True), token=token
    )
    form = CancelSignupForm()
    if request.method == "POST":
        services.cancel_signup(signup=signup)
        messages.success(request, _("Sie sind von der Schicht abgemeldet. Danke, dass Sie Bescheid gesagt haben."))
        return redirect("actions:signup-cancel", token=token)
    return render(request, "crises/actions/signup_cancel.html", {"signup": signup, "shift": signup.shift, "form": form})



@require_safe
@public_cache.cache_page()
def action_report_pdf(request, slug):
    action = public_action(slug)
    response = HttpResponse(pdf.render_pdf("crises/actions/report_pdf.html", report_context(action)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="hilfsaktion-{action.slug}.pdf"'
    return response
