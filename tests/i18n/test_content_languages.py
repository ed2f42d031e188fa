"""Texts staff write, per language: the reader's language where there is one, else German, said so."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from donations.models import Need
from tests.factories import make_crisis, make_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def crisis():
    return make_crisis(
        title="Hochwasser an der Ahr", title_en="Floods on the Ahr", summary="Kurz gesagt.",
        summary_en="In short.", description="Ein langer Text, bisher nur auf Deutsch.",
    )


def _element(body, text):
    return re.search(rf"<(\w+)([^>]*)>{re.escape(text)}", body)


def test_a_translated_text_shows_in_the_readers_language(client, crisis):
    body = client.get(f"/en/krisen/{crisis.slug}/").content.decode()
    heading = _element(body, "Floods on the Ahr")
    assert heading and 'lang="de"' not in heading[2]
    assert "Hochwasser an der Ahr" not in body


def test_a_text_without_translation_shows_in_german_marked_and_explained(client, crisis):
    body = client.get(f"/en/krisen/{crisis.slug}/").content.decode()
    assert re.search(r'<div class="prose kern-body" lang="de"><p>Ein langer Text, bisher nur auf Deutsch.</p>', body)
    assert "This text has not been translated into your language yet. You are reading it in German." in body
    # Ukrainian readers get the German title, marked, and the note in Ukrainian.
    body = client.get(f"/uk/krisen/{crisis.slug}/").content.decode()
    assert 'lang="de">Hochwasser an der Ahr</h1>' in body
    assert "Цей текст ще не перекладено вашою мовою." in body


def test_german_pages_need_no_mark_and_no_note(client, crisis):
    body = client.get(f"/krisen/{crisis.slug}/").content.decode()
    assert '<h1 class="kern-heading-x-large">Hochwasser an der Ahr</h1>' in body
    assert "untranslated-note" not in body


def test_staff_keep_each_language_in_the_admin(client, staff_user, crisis):
    client.force_login(staff_user)
    body = client.get(f"/admin/crises/crisis/{crisis.pk}/change/").content.decode()
    for language in ("de", "en", "uk", "tr"):
        assert f'name="title_{language}"' in body and f'name="description_{language}"' in body


def test_a_malformed_history_address_is_not_found(client, staff_user, crisis):
    client.force_login(staff_user)
    assert client.get(f"/admin/crises/crisis/{crisis.pk}/history/").status_code == 200
    assert client.get(f"/admin/crises/crisis/{crisis.pk}/change/history/").status_code == 404


def test_a_need_reads_in_the_readers_language_or_in_german_marked(client):
    make_need(description="Winterjacken für Kinder", description_uk="Зимові куртки для дітей", priority=1,
              needed_from=timezone.localdate())
    body = client.get("/uk/bedarf/").content.decode()
    assert re.search(r'<th class="kern-table__cell" scope="row">Зимові куртки для дітей</th>', body)
    body = client.get("/tr/bedarf/").content.decode()
    assert re.search(r'<th class="kern-table__cell" scope="row" lang="de">Winterjacken für Kinder</th>', body)


def _need_form(crisis, **descriptions):
    today = timezone.localdate().isoformat()
    return {"crisis": crisis.pk, "quantity": "5", "unit": "piece", "priority": "2", "needed_from": today,
            "is_open": "on", **{f"description_{code}": "" for code in ("de", "en", "uk", "tr")}, **descriptions}


def test_staff_describe_a_need_in_each_language_in_the_admin(client, staff_user, crisis):
    client.force_login(staff_user)
    response = client.post("/admin/donations/need/add/", _need_form(
        crisis, description_de="Stromerzeuger 5 kW", description_en="5 kW generators"))
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.description_de, need.description_en) == ("Stromerzeuger 5 kW", "5 kW generators")


def test_a_need_without_item_needs_a_german_description_said_next_to_the_field(client, staff_user, crisis):
    """Only an English text: the model's rule names the German column, which the admin form shows."""
    client.force_login(staff_user)
    response = client.post("/admin/donations/need/add/", _need_form(crisis, description_en="Generators"))
    assert response.status_code == 200
    assert "beschreiben Sie den Bedarf auf Deutsch" in str(response.context["adminform"].form.errors["description_de"])
    assert 'value="Generators"' in response.content.decode()  # what was typed stays
    assert not Need.objects.exists()


def test_the_database_refuses_a_need_without_item_and_german_description(crisis):
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.create(crisis=crisis, quantity=1, description_de="", description_en="Generators")


# --- texts kept in German only, and options naming rows ---


def _render(source, **context):
    from django.template import Context, Template

    return Template("{% load content_tags %}" + source).render(Context(context))


def test_german_only_text_is_marked_on_other_languages_pages_only():
    from django.utils import translation

    with translation.override("en"):
        assert _render('<td{% lang_de %}>Schlafsack</td>') == '<td lang="de">Schlafsack</td>'
        assert _render("{{ name|german }}", name="Tor 1 <Rampe>") == '<span lang="de">Tor 1 &lt;Rampe&gt;</span>'
    with translation.override("de"):
        assert _render('<td{% lang_de %}>Schlafsack</td>{{ name|german }}', name="Tor 1") == "<td>Schlafsack</td>Tor 1"


def test_a_title_inside_a_sentence_is_marked_only_where_it_falls_back_to_german(crisis):
    from django.utils import translation

    with translation.override("en"):
        assert _render('{{ crisis|translated:"title" }}', crisis=crisis) == "Floods on the Ahr"
        assert _render('{{ crisis|translated:"description" }}', crisis=crisis) == (
            '<span lang="de">Ein langer Text, bisher nur auf Deutsch.</span>')


def test_text_a_person_wrote_carries_the_language_of_their_page():
    from django.utils import translation

    with translation.override("en"):
        assert _render("<p{% lang_of 'tr' %}>", ) == '<p lang="tr">'
        assert _render("<p{% lang_of 'en' %}>") == "<p>"


def test_options_naming_rows_say_when_their_name_is_german(crisis, association_a):
    from django import forms
    from django.utils import translation

    from crises.models import Crisis
    from donations.models import ItemCategory
    from partners.models import Association

    untranslated = make_crisis(title="Dürre am Horn von Afrika", slug="duerre")
    category = ItemCategory.objects.create(name="Schlafen und Wärme", slug="schlafen")

    class Choose(forms.Form):
        crisis = forms.ModelChoiceField(Crisis.objects.order_by("pk"))
        category = forms.ModelChoiceField(ItemCategory.objects.all())
        association = forms.ModelChoiceField(Association.objects.all())

    with translation.override("en"):
        html = str(Choose())
    assert f'<option value="{crisis.pk}">Floods on the Ahr</option>' in html
    assert f'<option value="{untranslated.pk}" lang="de">Dürre am Horn von Afrika</option>' in html
    assert f'<option value="{category.pk}" lang="de">Schlafen und Wärme</option>' in html
    assert f'<option value="{association_a.pk}">Verein A e.V.</option>' in html  # a proper name
    with translation.override("de"):
        assert 'lang="de"' not in str(Choose())


def test_a_need_named_by_its_item_is_marked_german(client):
    make_need(priority=1, needed_from=timezone.localdate())
    body = client.get("/en/bedarf/").content.decode()
    assert re.search(r'<th class="kern-table__cell" scope="row" lang="de">', body)
