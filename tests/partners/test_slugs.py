"""Slugs keep German words readable, and the admin builds them on the server, also without JavaScript."""

import pytest

from crises.models import Crisis
from partners.slugs import german_slugify
from tests.factories import make_crisis


@pytest.mark.parametrize(("text", "slug"), [
    ("Hilfe für Novi Sad", "hilfe-fuer-novi-sad"),
    ("Straßenfest in Dortmund", "strassenfest-in-dortmund"),
    ("Erdbeben in der Türkei und Syrien", "erdbeben-in-der-tuerkei-und-syrien"),
    ("ÖL & Öfen", "oel-oefen"),
    ("Diyarbakır", "diyarbakir"),
    ("Kahramanmaraş", "kahramanmaras"),
    ("Schytomyr (Житомир)", "schytomyr"),
])
def test_german_slugify(text, slug):
    assert german_slugify(text) == slug


def test_it_keeps_within_the_slug_field_length():
    slug = german_slugify("Übergabe " * 20)
    assert len(slug) <= 50 and not slug.endswith("-")


def _crisis_form(**overrides):
    data = {
        "title_de": "Hilfe für Novi Sad", "slug": "", "summary_de": "Kurz.", "description_de": "",
        "category": "natural", "hazard_type": "flood", "countries": "RS", "glide_number": "", "dortmund_link_de": "",
        "status": "active", "started_on": "2025-01-02", "ended_on": "",
        "affectedpartnercity_set-TOTAL_FORMS": "0", "affectedpartnercity_set-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_admin_builds_the_slug_from_the_title_when_left_empty(admin_client):
    response = admin_client.post("/admin/crises/crisis/add/", _crisis_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Crisis.objects.get().slug == "hilfe-fuer-novi-sad"


@pytest.mark.django_db
def test_a_built_slug_that_is_taken_is_an_error_on_the_field(admin_client):
    make_crisis(slug="hilfe-fuer-novi-sad")
    response = admin_client.post("/admin/crises/crisis/add/", _crisis_form())
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_a_slug_typed_by_hand_is_kept(admin_client):
    admin_client.post("/admin/crises/crisis/add/", _crisis_form(slug="novi-sad-2025"))
    assert Crisis.objects.get().slug == "novi-sad-2025"
