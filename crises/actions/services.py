"""State changes of aid actions, their tasks, appeals and volunteer sign-ups.

Each one locks its row inside a transaction and reads the status again under the lock, so a stale
page or a double click cannot undo what someone else did meanwhile (DESIGN.md, state changes).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crises.models import AidAction, Appeal, NewsPost, ShiftSignup, Task, VolunteerShift


def _save(row, by, **changes):
    for name, value in changes.items():
        setattr(row, name, value)
    row._history_user = by
    row.save(update_fields=list(changes))
    return row


# --- Actions -------------------------------------------------------------------------------------


def change_action_status(*, action, status, by):
    """Move an action on: planned → running → completed, or cancelled before it is completed."""
    with transaction.atomic():
        locked = AidAction.objects.select_for_update().get(pk=action.pk)
        if not locked.can_become(status):
            raise ValidationError(
                _("Die Aktion ist inzwischen „%(status)s“ und kann nicht mehr „%(target)s“ werden.")
                % {"status": locked.get_status_display(), "target": AidAction.Status(status).label}
            )
        return _save(locked, by, status=status, status_changed_at=timezone.now())


def start_from_template(*, action, template, by):
    """Copy a checklist template's points into the action as tasks; returns the new tasks.

    A point's due date counts from the action's start. Points already on the action (same title)
    are skipped, so a second click adds nothing twice.
    """
    with transaction.atomic():
        locked = AidAction.objects.select_for_update().get(pk=action.pk)
        existing = set(locked.tasks.values_list("title", flat=True))
        last = locked.tasks.order_by("-position").values_list("position", flat=True).first() or 0
        tasks = []
        for offset, point in enumerate(template.items.all(), start=1):
            if point.title in existing:
                continue
            due = locked.starts_on + datetime.timedelta(days=point.due_days) if point.due_days is not None else None
            task = Task(action=locked, title=point.title, notes=point.notes, due_on=due, position=last + offset)
            task._history_user = by
            task.save()
            tasks.append(task)
        return tasks


# --- Tasks ---------------------------------------------------------------------------------------


def set_task_status(*, task, status, by):
    """Staff set any status; marking done records who and when."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status == status:
            return locked
        done = status == Task.Status.DONE
        return _save(
            locked, by, status=status, done_at=timezone.now() if done else None, done_by=by if done else None
        )


def mark_task_done(*, task, by):
    """An association marks its own task done; a task done meanwhile stays as it is."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status == Task.Status.DONE:
            raise ValidationError(_("Diese Aufgabe ist schon erledigt."))
        return _save(locked, by, status=Task.Status.DONE, done_at=timezone.now(), done_by=by)


# --- Appeals -------------------------------------------------------------------------------------


def _free_news_slug(base):
    """A news slug not taken yet: the base (cut to fit), else with a number appended."""
    base = base[:44].rstrip("-")
    slug, n = base, 2
    while NewsPost.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _announce(appeal, title, teaser, body, slug, by):
    post = NewsPost(
        title=title[:200], slug=_free_news_slug(slug), teaser=teaser[:300], body=body,
        crisis_id=appeal.action.crisis_id,
        published_at=timezone.now(),
    )
    post._history_user = by
    post.save()
    return post


def open_appeal(*, appeal, by, announce=True):
    """Publish an appeal; with `announce`, a news post says so on /aktuelles/ and in the feed."""
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related("action").get(pk=appeal.pk)
        if locked.status != Appeal.Status.DRAFT:
            raise ValidationError(_("Dieser Aufruf wurde schon gestartet."))
        if not locked.action.is_public:
            raise ValidationError(_("Ein Aufruf startet erst, wenn die Hilfsaktion läuft."))
        if locked.wanted_until < timezone.localdate():
            raise ValidationError(_("Das Datum „gesucht bis“ liegt in der Vergangenheit."))
        _save(locked, by, status=Appeal.Status.OPEN, opened_at=timezone.now())
        if announce:
            _announce(
                locked,
                _("Spendenaufruf: %(title)s") % {"title": locked.title},
                _("Für die Hilfsaktion „%(action)s“ suchen wir Sachspenden bis zum %(date)s.")
                % {"action": locked.action.title, "date": date_format(locked.wanted_until, "SHORT_DATE_FORMAT")},
                locked.text + "\n\n" + locked.hand_in,
                f"aufruf-{locked.slug}",
                by,
            )
        return locked


def close_appeal(*, appeal, by, announce=True):
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related("action").get(pk=appeal.pk)
        if locked.status != Appeal.Status.OPEN:
            raise ValidationError(_("Dieser Aufruf läuft nicht."))
        _save(locked, by, status=Appeal.Status.CLOSED, closed_at=timezone.now())
        if announce:
            _announce(
                locked,
                _("Spendenaufruf beendet: %(title)s") % {"title": locked.title},
                _("Vielen Dank! Der Aufruf für die Hilfsaktion „%(action)s“ ist beendet.")
                % {"action": locked.action.title},
                _("Vielen Dank an alle, die gespendet haben. Wir brauchen für diesen Aufruf keine Sachen mehr."),
                f"aufruf-{locked.slug}-beendet",
                by,
            )
        return locked


# --- Volunteer shifts ----------------------------------------------------------------------------


def sign_up(*, shift, name, email, now=None):
    """Sign someone up for a shift if a place is free; the shift row is locked, so two people
    clicking for the last place at once cannot both get it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = VolunteerShift.objects.select_for_update().select_related("action").get(pk=shift.pk)
        if not locked.is_published or locked.starts_at <= now or locked.action.status != AidAction.Status.RUNNING:
            raise ValidationError(_("Für diese Schicht kann man sich nicht mehr anmelden."))
        active = locked.signups.active()
        if active.filter(email__iexact=email).exists():
            raise ValidationError(
                _("Mit dieser E-Mail-Adresse sind Sie für diese Schicht schon angemeldet."), code="duplicate"
            )
        if active.count() >= locked.capacity:
            raise ValidationError(_("Diese Schicht ist leider schon voll."), code="full")
        return ShiftSignup.objects.create(shift=locked, name=name.strip(), email=email.strip())


def cancel_signup(*, signup, now=None):
    """Cancel through the link in the mail; a second click changes nothing."""
    with transaction.atomic():
        locked = ShiftSignup.objects.select_for_update().get(pk=signup.pk)
        if locked.cancelled_at is None:
            locked.cancelled_at = now or timezone.now()
            locked.save(update_fields=["cancelled_at"])
        return locked
