"""The admin for crises and news, as city staff use it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from crises.models import Crisis, NewsPost
from tests.factories import make_crisis, make_news_post, make_partner_city


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def crisis_form(**overrides):
    data = {
        "title_de": "Hochwasser", "slug": "hochwasser", "summary_de": "Kurz.", "description_de": "",
        "category": "natural", "hazard_type": "flood", "countries": ["DE"], "glide_number": "",
        "dortmund_link_de": "", "status": "active", "started_on": "14.07.2021", "ended_on": "",
        "affectedpartnercity_set-TOTAL_FORMS": "0", "affectedpartnercity_set-INITIAL_FORMS": "0",
        "affectedpartnercity_set-MIN_NUM_FORMS": "0", "affectedpartnercity_set-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def news_form(**overrides):
    data = {
        "title_de": "Neue Meldung", "slug": "neue-meldung", "teaser_de": "Kurz.", "body_de": "Text.", "crisis": "",
        "photo_alt": "", "published_at_0": "", "published_at_1": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("model", ["crisis", "newspost"])
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_each_changelist_and_add_form_renders_for_city_staff(staff_client, model, view):
    make_news_post(crisis=make_crisis())
    response = staff_client.get(reverse(f"admin:crises_{model}_{view}"))
    assert response.status_code == 200


def test_crisis_change_form_and_history_render(staff_client):
    crisis = make_crisis(partner_cities=[make_partner_city()])
    for view in ("change", "history"):
        assert staff_client.get(reverse(f"admin:crises_crisis_{view}", args=[crisis.pk])).status_code == 200


def test_the_crisis_list_filters_by_status_and_year_and_finds_a_glide_number(staff_client):
    make_crisis(title="Erdbeben", glide_number="EQ-2023-000015-TUR", status=Crisis.Status.MONITORING)
    make_crisis(title="Krieg", started_on=datetime.date(2022, 2, 24))
    url = reverse("admin:crises_crisis_changelist")

    def titles(params):
        return [c.title for c in staff_client.get(url, params).context["cl"].result_list]

    assert titles({"status__exact": "monitoring"}) == ["Erdbeben"]
    assert titles({"started_on__year": "2022"}) == ["Krieg"]
    assert titles({"q": "EQ-2023"}) == ["Erdbeben"]


def test_the_crisis_list_names_the_countries(staff_client):
    make_crisis(countries=["TR", "SY"])
    body = staff_client.get(reverse("admin:crises_crisis_changelist")).content.decode()
    assert "Syrien" in body and "Türkei" in body


def test_staff_add_a_crisis_with_an_affected_partner_city(staff_client):
    city = make_partner_city(name="Schytomyr", slug="schytomyr")
    data = crisis_form(**{
        "affectedpartnercity_set-TOTAL_FORMS": "1",
        "affectedpartnercity_set-0-partner_city": str(city.pk),
        "affectedpartnercity_set-0-note": "Solidaritätspartnerin",
    })
    response = staff_client.post(reverse("admin:crises_crisis_add"), data)
    assert response.status_code == 302
    crisis = Crisis.objects.get(slug="hochwasser")
    assert list(crisis.affected_partner_cities.all()) == [city]
    assert crisis.history.get().history_user.username == "staff"


def test_an_end_before_the_start_is_an_error_at_the_end_field(staff_client):
    response = staff_client.post(reverse("admin:crises_crisis_add"), crisis_form(ended_on="01.07.2021"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ended_on"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert not Crisis.objects.exists()


def test_a_malformed_glide_number_is_an_error_at_its_field(staff_client):
    response = staff_client.post(reverse("admin:crises_crisis_add"), crisis_form(glide_number="EQ-2023-15"))
    assert "glide_number" in response.context["adminform"].form.errors


def test_a_photo_without_alt_text_is_an_error_at_the_alt_text_field(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = staff_client.post(reverse("admin:crises_newspost_add"), news_form(photo=png()))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo_alt"] == [
        "Bitte beschreiben Sie das Foto für Menschen, die es nicht sehen."
    ]
    assert not NewsPost.objects.exists()


def test_a_photo_with_alt_text_is_saved(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = news_form(photo=png(), photo_alt="Helfende laden Kartons in einen Lkw.")
    response = staff_client.post(reverse("admin:crises_newspost_add"), data)
    assert response.status_code == 302
    assert NewsPost.objects.get().photo.name.startswith("news/")


def test_the_news_list_shows_status_and_links_only_public_posts(staff_client):
    published = make_news_post(title="Veröffentlicht")
    make_news_post(title="Entwurf", published_at=None)
    make_news_post(title="Geplant", published_at=timezone.now() + datetime.timedelta(days=3))
    url = reverse("admin:crises_newspost_changelist")

    body = staff_client.get(url).content.decode()
    assert body.count(f'href="{published.get_absolute_url()}"') == 1
    assert ">veröffentlicht<" in body and ">Entwurf<" in body and ">geplant<" in body

    for status, title in [("veroeffentlicht", "Veröffentlicht"), ("entwurf", "Entwurf"), ("geplant", "Geplant")]:
        assert [p.title for p in staff_client.get(url, {"status": status}).context["cl"].result_list] == [title]


def test_view_on_site_only_for_published_posts(staff_client):
    published = make_news_post()
    draft = make_news_post(published_at=None)
    published_form = staff_client.get(reverse("admin:crises_newspost_change", args=[published.pk]))
    draft_form = staff_client.get(reverse("admin:crises_newspost_change", args=[draft.pk]))
    assert published_form.context["has_absolute_url"] is True
    assert f'href="{published.get_absolute_url()}"' in published_form.content.decode()
    assert draft_form.context["has_absolute_url"] is False


def test_the_news_list_makes_the_same_number_of_queries_for_5_and_50_rows(staff_client):
    url = reverse("admin:crises_newspost_changelist")
    counts = []
    for rows in (5, 45):
        for _ in range(rows):
            make_news_post(crisis=make_crisis())
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_operator_cannot_open_the_crisis_admin(client, operator_user):
    crisis = make_crisis()
    client.force_login(operator_user)
    assert client.get(reverse("admin:crises_crisis_changelist")).status_code == 403
    assert client.get(reverse("admin:crises_crisis_change", args=[crisis.pk])).status_code == 403
    assert client.get(reverse("admin:crises_newspost_add")).status_code == 403


def test_association_members_are_sent_to_the_login(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("admin:crises_crisis_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
