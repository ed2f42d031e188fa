"""Pages without login: the co-use application and the secret calendar feed."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from warehouse import calendar, emails
from warehouse.forms import CoUseApplicationForm
from warehouse.models import CalendarFeed, CoUseApplication

SESSION_ANSWERS = "warehouse_co_use_answers"
SESSION_REFERENCE = "warehouse_co_use_reference"


@require_GET
def calendar_feed(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("association"), token=token)
    response = HttpResponse(calendar.association_feed(feed.association), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lagerhalle.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_http_methods(["GET", "POST"])
def co_use_apply(request):
    """Step 1: the answers. They wait in the session until the applicant has checked them."""
    if request.method == "POST":
        form = CoUseApplicationForm(request.POST)
        if form.is_valid():
            request.session[SESSION_ANSWERS] = form.cleaned_data
            return redirect("warehouse:co-use-check")
    else:
        form = CoUseApplicationForm(initial=request.session.get(SESSION_ANSWERS))
    return render(request, "warehouse/co_use_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def co_use_check(request):
    """Step 2: check your answers, then send."""
    answers = request.session.get(SESSION_ANSWERS)
    if not answers:
        return redirect("warehouse:co-use")
    form = CoUseApplicationForm(answers)
    if not form.is_valid():
        return redirect("warehouse:co-use")
    if request.method == "POST":
        application = form.save()
        emails.co_use_received(application)
        del request.session[SESSION_ANSWERS]
        request.session[SESSION_REFERENCE] = application.reference
        return redirect("warehouse:co-use-done")
    return render(request, "warehouse/co_use_check.html", {"form": form})


@require_GET
def co_use_done(request):
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("warehouse:co-use")
    application = get_object_or_404(CoUseApplication, reference=reference)
    return render(request, "warehouse/co_use_done.html", {"application": application})
