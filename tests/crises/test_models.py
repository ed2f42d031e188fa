"""Crises and news: querysets, constraints, validators and display."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from crises.models import MAX_PHOTO_BYTES, AffectedPartnerCity, Crisis, NewsPost, validate_photo_size
from tests.factories import make_crisis, make_news_post, make_partner_city

pytestmark = pytest.mark.django_db


def test_active_crises_are_only_those_with_status_active():
    war = make_crisis(title="Krieg", status=Crisis.Status.ACTIVE)
    make_crisis(title="Erdbeben", status=Crisis.Status.MONITORING)
    make_crisis(title="Vorbei", status=Crisis.Status.CLOSED)
    assert list(Crisis.objects.active()) == [war]


def test_current_crises_leave_out_closed_ones_newest_first():
    older = make_crisis(started_on=datetime.date(2022, 2, 24))
    newer = make_crisis(started_on=datetime.date(2023, 2, 6), status=Crisis.Status.MONITORING)
    make_crisis(started_on=datetime.date(2024, 1, 1), status=Crisis.Status.CLOSED)
    assert list(Crisis.objects.current()) == [newer, older]


def test_the_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_crisis(started_on=datetime.date(2023, 2, 6), ended_on=datetime.date(2023, 2, 5))
    make_crisis(started_on=datetime.date(2023, 2, 6), ended_on=datetime.date(2023, 2, 6))


def test_clean_names_the_end_field_when_it_lies_before_the_start():
    crisis = Crisis(started_on=datetime.date(2023, 2, 6), ended_on=datetime.date(2023, 1, 1))
    with pytest.raises(ValidationError) as error:
        crisis.clean()
    assert list(error.value.message_dict) == ["ended_on"]


@pytest.mark.parametrize(("number", "valid"), [
    ("EQ-2023-000015-TUR", True),
    ("FL-2021-000087-DEU", True),
    ("EQ-2023-15-TUR", False),
    ("eq-2023-000015-tur", False),
    ("EQ-2023-000015-TR", False),
])
def test_glide_numbers_are_validated(number, valid):
    crisis = make_crisis(glide_number=number)
    if valid:
        crisis.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            crisis.full_clean()
        assert "glide_number" in error.value.message_dict


def test_crisis_str_url_and_countries():
    crisis = make_crisis(title="Erdbeben in der Türkei und in Syrien", slug="erdbeben", countries=["TR", "SY"])
    assert str(crisis) == "Erdbeben in der Türkei und in Syrien"
    assert crisis.get_absolute_url() == "/krisen/erdbeben/"
    assert sorted(c.code for c in Crisis.objects.get(pk=crisis.pk).countries) == ["SY", "TR"]


def test_crisis_slugs_are_unique():
    make_crisis(slug="krieg")
    with pytest.raises(IntegrityError):
        make_crisis(slug="krieg")


def test_a_partner_city_is_affected_once_per_crisis_and_cannot_be_deleted_while_affected():
    city = make_partner_city(name="Schytomyr")
    crisis = make_crisis(partner_cities=[city])
    assert str(AffectedPartnerCity.objects.get()) == f"Schytomyr ({crisis.title})"
    with pytest.raises(IntegrityError), transaction.atomic():
        AffectedPartnerCity.objects.create(crisis=crisis, partner_city=city)
    with pytest.raises(ProtectedError):
        city.delete()


def test_published_news_leave_out_drafts_and_scheduled_posts_newest_first():
    older = make_news_post(published_at=timezone.now() - datetime.timedelta(days=5))
    newer = make_news_post(published_at=timezone.now() - datetime.timedelta(hours=1))
    make_news_post(published_at=None)
    make_news_post(published_at=timezone.now() + datetime.timedelta(days=1))
    assert list(NewsPost.objects.published()) == [newer, older]


def test_a_photo_needs_an_alt_text():
    post = make_news_post()
    post.photo = "news/2023/halle.jpg"
    post.photo_alt = "   "
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert list(error.value.message_dict) == ["photo_alt"]
    post.photo_alt = "Die Lagerhalle am Hafen von außen."
    post.clean()


def test_a_post_without_a_photo_needs_no_alt_text():
    make_news_post().clean()


def test_photos_larger_than_5_mb_are_refused():
    validate_photo_size(SimpleUploadedFile("ok.jpg", b"x" * MAX_PHOTO_BYTES))
    with pytest.raises(ValidationError):
        validate_photo_size(SimpleUploadedFile("big.jpg", b"x" * (MAX_PHOTO_BYTES + 1)))


def test_news_str_and_url_and_slug_uniqueness():
    post = make_news_post(title="Lagerhalle am Hafen", slug="lagerhalle")
    assert str(post) == "Lagerhalle am Hafen"
    assert post.get_absolute_url() == "/aktuelles/lagerhalle/"
    with pytest.raises(IntegrityError):
        make_news_post(slug="lagerhalle")


def test_deleting_a_crisis_keeps_its_news():
    crisis = make_crisis()
    post = make_news_post(crisis=crisis)
    crisis.delete()
    post.refresh_from_db()
    assert post.crisis is None
