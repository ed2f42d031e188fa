"""Imprint, privacy notice, accessibility statement with its feedback form, Leichte Sprache.

Names and addresses that change (Lord Mayor, data protection officer, contacts) come from settings.
"""

import datetime

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from dortmund_hilft import emails
from dortmund_hilft.forms import AccessibilityFeedbackForm
from dortmund_hilft.models import FEEDBACK_MAX_AGE

# When the accessibility statement was written or last reviewed; update it with the statement's text.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 29)

_FEEDBACK_REFERENCE_KEY = "accessibility_feedback_reference"
_WEEK = 7 * 24 * 3600


def _legal_facts():
    return {
        "LORD_MAYOR": settings.LORD_MAYOR,
        "EDITOR_RESPONSIBLE": settings.EDITOR_RESPONSIBLE,
        "DATA_PROTECTION_OFFICER": settings.DATA_PROTECTION_OFFICER,
        "DATA_PROTECTION_EMAIL": settings.DATA_PROTECTION_EMAIL,
        "UNIT_EMAIL": settings.UNIT_EMAIL,
        "UNIT_PHONE": settings.UNIT_PHONE,
        "SITE_URL": settings.SITE_URL,
    }


@require_safe
def imprint(request):
    return render(request, "legal/imprint.html", _legal_facts())


@require_safe
def privacy(request):
    context = {
        **_legal_facts(),
        "offer_anonymise_after_days": settings.OFFER_ANONYMISE_AFTER_DAYS,
        "feedback_max_months": FEEDBACK_MAX_AGE.days // 30,
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "session_cookie_weeks": settings.SESSION_COOKIE_AGE // _WEEK,
        "csrf_cookie_weeks": settings.CSRF_COOKIE_AGE // _WEEK,
        "log_retention_days": settings.SERVER_LOG_RETENTION_DAYS,
        "outbox_keep_sent_days": settings.OUTBOX_KEEP_SENT_DAYS,
    }
    return render(request, "legal/privacy.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request):
    form = AccessibilityFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            return redirect("site:accessibility-thanks")
        feedback = form.save()
        emails.accessibility_feedback(feedback)
        request.session[_FEEDBACK_REFERENCE_KEY] = feedback.reference
        return redirect("site:accessibility-thanks")
    context = {**_legal_facts(), "form": form, "statement_date": ACCESSIBILITY_STATEMENT_DATE}
    return render(request, "legal/accessibility.html", context)


@require_safe
def accessibility_thanks(request):
    context = {**_legal_facts(), "reference": request.session.get(_FEEDBACK_REFERENCE_KEY)}
    return render(request, "legal/accessibility_thanks.html", context)


@require_safe
def easy_language(request):
    return render(request, "legal/easy_language.html", _legal_facts())
