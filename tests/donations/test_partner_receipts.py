"""The recipient confirms a shipment through their link: delivered with differences, correctable for 14 days."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from donations.models import Shipment, ShipmentEvent
from donations.receipts import ReceiptLine, ShipmentReceipt, receipt_link
from tests.donations.partner_support import make_contact, shipment_in_transit
from tests.factories import make_item
from warehouse.stock.receipts import confirm_receipt
from warehouse.stock.services import StockError

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(db):
    return make_item(name="Feldbett"), make_item(name="Generator")


@pytest.fixture
def shipment(association_a, items, operator_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return shipment_in_transit(association=association_a, items=[(items[0], 10), (items[1], 2)],
                                   contact=make_contact(language="de"), by=operator_user)


def token_of(shipment):
    return ShipmentReceipt.objects.get(shipment=shipment).link.token


def post_data(shipment, received, name="Olena Koval", **extra):
    count = shipment.lines.count()
    data = {"pos-TOTAL_FORMS": str(count), "pos-INITIAL_FORMS": str(count), "pos-MIN_NUM_FORMS": "0",
            "pos-MAX_NUM_FORMS": "1000", "confirmed_by": name, "note": ""}
    for index, (quantity, condition) in enumerate(received):
        data[f"pos-{index}-received"] = str(quantity)
        data[f"pos-{index}-condition"] = condition
    data.update(extra)
    return data


def test_dispatch_mails_the_recipient_contact_their_link(shipment):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [shipment.recipient_contact.email]
    assert shipment.reference in message.subject
    assert reverse("partner:receipt", args=[token_of(shipment)]) in message.body


def test_a_shipment_without_contact_is_dispatched_without_mail(
    association_a, items, django_capture_on_commit_callbacks
):
    from tests.factories import give_stock, make_shipment
    from warehouse.stock.services import dispatch_shipment

    give_stock(items[0], association_a, 3)
    planned = make_shipment(source_association=association_a, lines=[(items[0], 3)])
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_shipment(shipment=planned, by=None)
    assert mail.outbox == [] and not ShipmentReceipt.objects.exists()


def test_the_packing_list_and_the_mail_share_one_link(shipment):
    assert receipt_link(shipment).token == token_of(shipment)


def test_the_page_shows_the_lines_and_no_donor_or_stock(client, shipment):
    response = client.get(reverse("partner:receipt", args=[token_of(shipment)]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Feldbett" in body and "gesendet: 10" in body and shipment.reference in body
    assert shipment.source_association.name not in body  # whose stock it came from stays internal
    assert response["Referrer-Policy"] == "same-origin"


def test_confirming_with_a_difference_delivers_the_shipment(client, shipment):
    response = client.post(reverse("partner:receipt", args=[token_of(shipment)]),
                           post_data(shipment, [(8, "damaged"), (2, "good")]))
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED and shipment.delivered_on == timezone.localdate()
    assert "Olena Koval" in shipment.delivery_confirmation
    lines = list(shipment.lines.order_by("pk"))
    assert [line.received_quantity for line in lines] == [8, 2] and lines[0].difference == -2
    arrival = shipment.events.get(kind=ShipmentEvent.Kind.DELIVERED)
    assert "Feldbett: 10 → 8" in arrival.note
    receipt = ShipmentReceipt.objects.get(shipment=shipment)
    assert receipt.confirmed_at and [row.condition for row in receipt.lines.all()] == ["damaged", "good"]
    assert list(ShipmentReceipt.objects.recent_differences()) == [receipt]


def test_bad_quantities_are_named_and_change_nothing(client, shipment):
    response = client.post(reverse("partner:receipt", args=[token_of(shipment)]),
                           post_data(shipment, [(-1, "good"), ("", "good")], name=""))
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Fehler: " in body
    assert "kleiner als 0" in body and "Geben Sie Ihren Namen an." in body
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT


def test_a_correction_within_14_days_is_kept_with_history(client, shipment):
    url = reverse("partner:receipt", args=[token_of(shipment)])
    client.post(url, post_data(shipment, [(8, "good"), (2, "good")]))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13)):
        response = client.post(url, post_data(shipment, [(9, "good"), (2, "good")]))
        assert response.status_code == 302
    line = shipment.lines.order_by("pk").first()
    line.refresh_from_db()
    assert line.received_quantity == 9
    assert [h.received_quantity for h in line.history.order_by("history_date")][-2:] == [8, 9]
    row = ReceiptLine.objects.get(line=line)
    assert [h.received_quantity for h in row.history.order_by("history_date")] == [8, 9]
    assert shipment.events.filter(kind=ShipmentEvent.Kind.NOTE, note__contains="Feldbett: 8 → 9").exists()


def test_after_14_days_the_page_only_shows(client, shipment):
    url = reverse("partner:receipt", args=[token_of(shipment)])
    client.post(url, post_data(shipment, [(8, "good"), (2, "good")]))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        body = client.get(url).content.decode()
        assert "Frist für Korrekturen ist abgelaufen" in body and "<form method=\"post\" enctype" not in body
        client.post(url, post_data(shipment, [(1, "good"), (2, "good")]))
        receipt = ShipmentReceipt.objects.get(shipment=shipment)
        with pytest.raises(StockError, match="14 Tage"):
            confirm_receipt(shipment=shipment, link=receipt.link, confirmed_by="X", lines={})
    assert shipment.lines.order_by("pk").first().received_quantity == 8


def test_a_planned_shipment_cannot_be_confirmed(shipment):
    receipt = ShipmentReceipt.objects.get(shipment=shipment)
    Shipment.objects.filter(pk=shipment.pk).update(status=Shipment.Status.CANCELLED)
    with pytest.raises(StockError):
        confirm_receipt(shipment=shipment, link=receipt.link, confirmed_by="X", lines={})


def test_lines_of_another_shipment_are_refused(shipment, association_a, items):
    other = shipment_in_transit(association=association_a, items=[(items[0], 1)])
    receipt = ShipmentReceipt.objects.get(shipment=shipment)
    with pytest.raises(StockError):
        confirm_receipt(shipment=shipment, link=receipt.link, confirmed_by="X",
                        lines={other.lines.get().pk: (0, "good")})


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_of_the_delivery_note_is_stored_privately(client, shipment, settings, tmp_path, staff_user,
                                                         member_a):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("lieferschein.png", png_bytes(), content_type="image/png")
    data = post_data(shipment, [(10, "good"), (2, "good")], delivery_note=photo)
    assert client.post(reverse("partner:receipt", args=[token_of(shipment)]), data).status_code == 302
    receipt = ShipmentReceipt.objects.get(shipment=shipment)
    assert receipt.delivery_note.name.startswith("lieferscheine/")
    assert (tmp_path / receipt.delivery_note.name).exists()
    assert not receipt.delivery_note.storage.base_url  # no public address
    with pytest.raises(ValueError):
        receipt.delivery_note.url  # noqa: B018
    url = reverse("partner:staff-delivery-note", args=[receipt.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(member_a)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()


def test_a_file_that_is_no_image_is_refused(client, shipment, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("lieferschein.png", b"not an image", content_type="image/png")
    response = client.post(reverse("partner:receipt", args=[token_of(shipment)]),
                           post_data(shipment, [(10, "good"), (2, "good")], delivery_note=fake))
    assert response.status_code == 200 and "Fehler" in response.content.decode()
    assert Shipment.objects.get(pk=shipment.pk).status == Shipment.Status.IN_TRANSIT


def test_staff_see_the_difference_on_the_dashboard(client, shipment, staff_user):
    client.post(reverse("partner:receipt", args=[token_of(shipment)]), post_data(shipment, [(7, "good"), (2, "good")]))
    client.force_login(staff_user)
    body = client.get(reverse("dashboard")).content.decode()
    assert shipment.reference in body and "gesendet 10, angekommen 7" in body


def test_the_receipt_page_makes_the_same_queries_however_many_lines(
    client, association_a, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(lines):
        items = [(make_item(), 2) for _ in range(lines)]
        with django_capture_on_commit_callbacks(execute=True):
            shipment = shipment_in_transit(association=association_a, items=items)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("partner:receipt", args=[token_of(shipment)])).status_code == 200
        return len(queries)

    assert count(1) == count(6)


def test_a_changed_condition_alone_counts_as_a_correction(client, shipment):
    url = reverse("partner:receipt", args=[token_of(shipment)])
    client.post(url, post_data(shipment, [(10, "good"), (2, "good")]))
    client.post(url, post_data(shipment, [(10, "good"), (2, "good")]))
    receipt = ShipmentReceipt.objects.get(shipment=shipment)
    assert receipt.corrected_at is None  # the same answer again changes nothing
    client.post(url, post_data(shipment, [(10, "damaged"), (2, "good")]))
    receipt.refresh_from_db()
    assert receipt.corrected_at is not None and receipt in ShipmentReceipt.objects.recent_differences()
    assert not shipment.events.filter(kind=ShipmentEvent.Kind.NOTE).exists()  # quantities did not change
