"""The crisis admin takes countries as codes or names in one text field, with a datalist: no script needed."""

import pytest

from crises.forms import CountryListField
from crises.models import Crisis
from tests.factories import make_crisis

pytestmark = pytest.mark.django_db

ADD = "/admin/crises/crisis/add/"


def _form(**overrides):
    data = {
        "title_de": "Erdbeben", "slug": "erdbeben", "summary_de": "Kurz.", "description_de": "", "category": "natural",
        "hazard_type": "earthquake", "countries": "TR, SY", "glide_number": "", "dortmund_link_de": "",
        "status": "active", "started_on": "2023-02-06", "ended_on": "",
        "affectedpartnercity_set-TOTAL_FORMS": "0", "affectedpartnercity_set-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("typed", "codes"), [
    ("TR, SY", ["TR", "SY"]),
    ("tr;sy", ["TR", "SY"]),
    ("Türkei, Syrien", ["TR", "SY"]),
    ("Turkey, ukraine, UA", ["TR", "UA"]),  # English names too; a country named twice counts once
    ("Bonaire, Sint Eustatius und Saba", None),  # a German name with a comma: type its code (BQ)
])
def test_codes_and_names_are_understood(typed, codes):
    field = CountryListField()
    if codes is None:
        with pytest.raises(Exception, match="kennen wir nicht"):
            field.clean(typed)
    else:
        assert field.clean(typed) == codes


def test_the_page_offers_a_text_field_with_a_datalist_not_a_long_select(admin_client):
    body = admin_client.get(ADD).content.decode()
    assert '<select name="countries"' not in body
    assert 'name="countries"' in body and 'list="id_countries-laender"' in body
    assert '<datalist id="id_countries-laender">' in body and '<option value="UA">Ukraine</option>' in body


def test_saving_stores_the_codes(admin_client):
    response = admin_client.post(ADD, _form(countries="Türkei, SY"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [c.code for c in Crisis.objects.get().countries] == ["SY", "TR"]


def test_an_unknown_country_is_a_clear_error_and_what_was_typed_stays(admin_client):
    response = admin_client.post(ADD, _form(countries="Türkei, Atlantis"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["countries"]
    assert "„Atlantis“" in errors[0] and "Ländercode" in errors[0]
    assert 'value="Türkei, Atlantis"' in response.content.decode()
    assert not Crisis.objects.exists()


def test_no_country_is_an_error(admin_client):
    response = admin_client.post(ADD, _form(countries=" , "))
    assert response.context["adminform"].form.errors["countries"] == ["Geben Sie mindestens ein Land an."]


def test_the_change_page_shows_the_stored_codes(admin_client):
    crisis = make_crisis(countries=["UA", "TR"])
    body = admin_client.get(f"/admin/crises/crisis/{crisis.pk}/change/").content.decode()
    assert 'value="TR, UA"' in body
