"""Answers of a multi-step public form, kept in the session between "check" and "send" — briefly.

An abandoned offer or co-use form holds a name, an address and a phone number; it should not wait in
the session store for the session's two weeks. A draft lasts FORM_DRAFT_MINUTES from its last save.
For a visitor who is not logged in, the whole session ends then too, so `clearsessions` removes it.
"""

from django.conf import settings
from django.utils import timezone


def _max_age():
    return settings.FORM_DRAFT_MINUTES * 60


def stored(answers):
    """What the session keeps for a draft: the answers and when they were saved."""
    return {"saved_at": timezone.now().timestamp(), "answers": answers}


def save(request, key, answers):
    request.session[key] = stored(answers)
    if not request.user.is_authenticated:
        request.session.set_expiry(_max_age())


def load(request, key):
    """The answers saved under `key`, or None when there are none or they have expired (and are then dropped)."""
    draft = request.session.get(key)
    if not isinstance(draft, dict) or "saved_at" not in draft:
        return None
    if timezone.now().timestamp() - draft["saved_at"] > _max_age():
        del request.session[key]
        return None
    return draft["answers"]


def discard(request, key):
    request.session.pop(key, None)
