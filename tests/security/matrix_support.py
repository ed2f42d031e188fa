"""What the authorisation matrix needs: every routed URL, the cast, and one object for each URL argument."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from crises.models import Crisis, NewsPost
from donations.models import Donation, DonationOffer, Shipment
from partners.models import Association, Membership, PartnerCity
from tests.factories import days_ahead, local_dt, make_blocked_time, make_booking, make_user
from warehouse.booking.dropoffs import dropoff_link_token
from warehouse.models import Booking, CalendarFeed, Warehouse
from warehouse.stock.models import Stocktake

ROLES = ("anonymous", "member_a", "member_b", "operator", "staff")

# What a cell may say. LOGIN: sent to /konto/anmelden/; ADMIN_LOGIN: sent to the admin's login.
LOGIN = "login"
ADMIN_LOGIN = "admin-login"
REDIRECT = "redirect"  # any other redirect, e.g. after a successful form


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, or the pattern for unnamed admin routes
    pattern: str
    kwargs: tuple  # names of the URL's arguments

    @property
    def is_admin(self):
        return self.pattern.startswith("admin/")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            pattern = prefix + str(entry.pattern)
            yield Route(name or pattern, pattern, tuple(entry.pattern.regex.groupindex))


def routed_urls():
    """Every URL the project routes, read from the resolver so a new one cannot be forgotten."""
    return [route for route in _walk(get_resolver().url_patterns) if not route.pattern.startswith("^media/")]


def build_world():
    """The demo data plus a member of a second association; returns the cast and the objects."""
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects
    association_a = Association.objects.get(slug="blau-gelbes-herz")
    association_b = Association.objects.get(slug="cukurova")
    member_b = make_user("member_b", groups=["Verein"])
    Membership.objects.create(user=member_b, association=association_b, role=Membership.Role.MANAGER)
    cast = {
        "anonymous": None,
        "member_a": users.get(username="verein"),
        "member_b": member_b,
        "operator": users.get(username="lagerbetrieb"),
        "staff": users.get(username="koordination"),
    }
    booking = Booking.objects.filter(association=association_a, status=Booking.Status.REQUESTED).earliest("start")
    objects = {
        "crisis": Crisis.objects.first(),
        "news": NewsPost.objects.published().first(),
        "city": PartnerCity.objects.first(),
        "association": association_a,
        "booking": booking,
        "feed": CalendarFeed.objects.get_or_create(association=association_a)[0],
        "block": make_blocked_time(warehouse=Warehouse.objects.get(), start=local_dt(days_ahead(40), 8)),
        "stocktake": Stocktake.objects.create(association=association_a, started_by=cast["operator"]),
        "shipment": Shipment.objects.delivered().first(),
        "planned_shipment": Shipment.objects.filter(status=Shipment.Status.PLANNED).first(),
        "donation": Donation.objects.first(),
        "offer": DonationOffer.objects.filter(status=DonationOffer.Status.ACCEPTED).first(),
        "membership": Membership.objects.filter(association=association_a).order_by("pk").first(),
        "dropoff": _confirmed_dropoff(),
        **_aid_action_objects(),
        **_partner_links(cast),
    }
    _one_row_for_every_admin_model(cast)
    return cast, objects


def _aid_action_objects():
    """The running demo action (association A takes part), a task of A, a shift and a volunteer's sign-up."""
    from crises.actions.services import sign_up
    from crises.models import AidAction

    action = AidAction.objects.get(slug="winterhilfe-schytomyr")
    shift = action.shifts.order_by("starts_at").first()
    return {
        "action": action,
        "task": action.tasks.get(participant__association__slug="blau-gelbes-herz"),
        "shift": shift,
        "signup": sign_up(shift=shift, name="Erika Muster", email="erika@example.org"),
    }


def _confirmed_dropoff():
    """A drop-off time of a public offer, for the person's signed link (the demo data has none)."""
    warehouse = Warehouse.objects.get()
    offer = DonationOffer.objects.create(
        offerer_kind=DonationOffer.OffererKind.PRIVATE, contact_name="Erika Muster", email="erika@example.org",
        description="Schlafsäcke", quantity=5, condition=DonationOffer.Condition.NEW, location="Dortmund",
    )
    return make_booking(
        association=warehouse.operator, bay=warehouse.bays.first(), start=local_dt(days_ahead(45), 9), minutes=30,
        purpose=Booking.Purpose.DONATION_DROPOFF, status=Booking.Status.CONFIRMED, donation_offer=offer,
    )


def _partner_links(cast):
    """A partner contact's needs link with one list sent, and a shipment on its way with its receipt link."""
    from donations.partner_requests import submit_needs_request
    from donations.receipts import receipt_link
    from partners.contacts import PartnerContact, PartnerLink

    contact = PartnerContact.objects.create(
        partner_city=PartnerCity.objects.first(), institution="Stadtverwaltung", person="Olena Koval",
        email="olena@example.org", language="uk",
    )
    needs = PartnerLink.issue(contact=contact, purpose=PartnerLink.Purpose.NEEDS)
    request = submit_needs_request(link=needs, institution="Stadtverwaltung", deadline=None, note="", lines=[
        {"item": None, "description": "Decken", "quantity": 5, "unit": "piece", "priority": 3}])
    shipment = Shipment.objects.filter(status=Shipment.Status.IN_TRANSIT).first()
    Shipment.objects.filter(pk=shipment.pk).update(recipient_contact=contact)
    shipment.refresh_from_db()
    receipt = receipt_link(shipment)
    return {"needs_link": needs, "needs_request": request, "receipt_link": receipt,
            "receipt": receipt.receipts.get()}


def _one_row_for_every_admin_model(cast):
    """Rows the demo data does not have, so every admin change page has something to show."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dortmund_hilft.models import AccessibilityFeedback, OutboxMessage
    from warehouse.models import CoUseApplication

    AccessibilityFeedback.objects.create(message="Der Kontrast ist zu schwach.")
    OutboxMessage.objects.create(subject="Buchung bestätigt", recipients="a@example.org", status="failed")
    CoUseApplication.objects.create(
        association_name="Neuer Verein", contact_name="A. Person", email="a@example.org", goods="Decken",
        frequency=CoUseApplication.Frequency.choices[0][0], storage_need="2 Paletten",
    )
    attempt = {"ip_address": "192.0.2.1", "username": "x", "user_agent": "test", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(failures_since_start=1, **attempt)
    AccessFailureLog.objects.create(**attempt)
    AccessLog.objects.create(**attempt)
    for role in ("operator", "staff"):
        TOTPDevice.objects.create(user=cast[role], name="Matrix", confirmed=True)
        StaticDevice.objects.create(user=cast[role], name="Matrix", confirmed=True).token_set.create(token="matrix01")


# Which object fills a URL's arguments, by URL name.
def url_kwargs(route, objects):
    o = objects
    by_name = {
        "crises:detail": {"slug": o["crisis"].slug},
        "donations:crisis-report": {"slug": o["crisis"].slug},
        "donations:crisis-report-pdf": {"slug": o["crisis"].slug},
        "news:detail": {"slug": o["news"].slug},
        "partners:city-detail": {"slug": o["city"].slug},
        "partners:association-detail": {"slug": o["association"].slug},
        "warehouse:calendar-create": {"association_pk": o["association"].pk},
        "warehouse:calendar-renew": {"association_pk": o["association"].pk},
        "warehouse:calendar-feed": {"token": o["feed"].token},
        "warehouse:operator-block-delete": {"pk": o["block"].pk},
        "stock:association": {"pk": o["association"].pk},
        "stock:minimums": {"pk": o["association"].pk},
        "stock:stocktake": {"pk": o["stocktake"].pk},
        "stock:stocktake-finalise": {"pk": o["stocktake"].pk},
        "stock:stocktake-category": {"pk": o["stocktake"].pk},
        "stock:shipment": {"pk": o["shipment"].pk},
        "stock:offer-receive": {"pk": o["offer"].pk},
        "warehouse:operator-offer-accept": {"pk": o["offer"].pk},
        "warehouse:operator-offer-decline": {"pk": o["offer"].pk},
        "offers:appointment": {"token": dropoff_link_token(o["dropoff"])},
        "donations:shipment-detail": {"pk": o["shipment"].pk},
        "donations:packing-list-pdf": {"pk": o["shipment"].pk},
        "donations:packing-list-csv": {"pk": o["shipment"].pk},
        "donations:donation-receipt": {"pk": o["donation"].pk},
        "account:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "language-switch": {"language": "en"},
        "actions:detail": {"slug": o["action"].slug},
        "actions:report": {"slug": o["action"].slug},
        "actions:report-pdf": {"slug": o["action"].slug},
        "actions:signup-done": {"slug": o["action"].slug},
        "actions:shift-signup": {"slug": o["action"].slug, "pk": o["shift"].pk},
        "actions:signup-cancel": {"token": o["signup"].token},
        "actions:staff-detail": {"pk": o["action"].pk},
        "actions:staff-status": {"pk": o["action"].pk},
        "actions:staff-template": {"pk": o["action"].pk},
        "actions:staff-task-status": {"pk": o["task"].pk},
        "actions:staff-shift": {"pk": o["shift"].pk},
        "partner:home": {"token": o["needs_link"].token},
        "partner:request": {"token": o["needs_link"].token},
        "partner:receipt": {"token": o["receipt_link"].token},
        "partner:staff-request": {"pk": o["needs_request"].pk},
        "partner:staff-delivery-note": {"pk": o["receipt"].pk},
        "warehouse:association-details": {"slug": o["association"].slug},
        "warehouse:association-members": {"slug": o["association"].slug},
        "warehouse:association-member-role": {"slug": o["association"].slug, "pk": o["membership"].pk},
        "warehouse:association-member-remove": {"slug": o["association"].slug, "pk": o["membership"].pk},
    }
    if route.name in by_name:
        return by_name[route.name]
    if route.name.startswith("warehouse:") and route.kwargs == ("pk",):
        return {"pk": o["booking"].pk}
    return {}
