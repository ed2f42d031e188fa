"""Using a personal link: open it from a request (or answer 404), mail it, and mark its pages private.

Every view behind a link goes through `open_link`, so the check (right token, right purpose, not
revoked, not expired) and the access log happen in one place.
"""

import functools

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import Http404
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partners.contacts import PartnerLink
from partners.site_url import absolute_url


def open_link(request, token, *, purpose, page):
    """The usable link of `purpose` behind `token`, its use logged; 404 for anything else.

    The client's address is set on the request by the project's rate-limit middleware (which knows the
    trusted proxies); the app cannot import it.
    """
    link = PartnerLink.find(token, purpose=purpose)
    if link is None:
        raise Http404
    link.record_access(client_address=getattr(request, "client_address", None) or request.META.get("REMOTE_ADDR"),
                       method=request.method, page=page)
    return link


def private_link_page(view):
    """Pages behind a secret link: no referrer to other sites, not indexed, not stored by any cache.

    "same-origin" rather than "no-referrer": with no referrer at all the browser sends `Origin: null`
    with the page's forms, and Django's CSRF check refuses them. Other sites still get nothing.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store, private"
        return response

    return wrapped


def link_url(link, url_name):
    return absolute_url(reverse(url_name, args=[link.token]))


def send_to_contact(contact, *, subject, template, context, subject_params=None):
    """Mail a contact in their language: `template` with `_<lang>` before `.txt` if it exists, else German.

    The subject is a lazy string, translated here in the contact's language, then filled with `subject_params`.
    """
    base = template.removesuffix(".txt")
    with translation.override(contact.language):
        chosen = select_template([f"{base}_{contact.language}.txt", template])
        body = render_to_string(chosen.template.name, {
            **context, "contact": contact, "SITE_URL": settings.SITE_URL.rstrip("/"),
            "UNIT_EMAIL": settings.UNIT_EMAIL,
        })
        subject = str(subject) % subject_params if subject_params else str(subject)
        message = EmailMessage(subject, body, to=[contact.email], reply_to=[settings.UNIT_EMAIL])
    return message.send() == 1


def send_needs_link(*, contact, by):
    """Make a new needs-list link for `contact` and mail it; the link is returned."""
    link = PartnerLink.issue(contact=contact, purpose=PartnerLink.Purpose.NEEDS, by=by)
    send_to_contact(
        contact, subject=_("Ihr persönlicher Link zu „Dortmund hilft“"),
        template="partners/contact/email/needs_link.txt",
        context={"link": link, "url": link_url(link, "partner:home")},
    )
    return link
