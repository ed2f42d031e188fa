"""/lager/verein/: the association's managers (and city staff) keep what its public page shows."""

import pytest
from django.urls import reverse

from partners.models import Association, Membership
from tests.factories import make_association, make_membership, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("warehouse:associations")
DETAILS = {"summary": "Wir helfen in Bondo.", "description": "", "public_contact": "Sprechzeit dienstags",
           "public_email": "info@verein-a.example", "public_phone": "", "website": ""}


def details_url(association):
    return reverse("warehouse:association-details", args=[association.slug])


@pytest.fixture
def manager_a(association_a):
    user = make_user("manager_a", groups=["Verein"])
    make_membership(user, association_a, role=Membership.Role.MANAGER)
    return user


def test_the_manager_edits_and_the_public_page_shows_it_at_once(client, association_a, manager_a):
    public = association_a.get_absolute_url()
    assert "info@verein-a.example" not in client.get(public).content.decode()  # now cached for visitors

    client.force_login(manager_a)
    response = client.post(details_url(association_a), DETAILS)
    assert response["Location"] == details_url(association_a)

    association_a.refresh_from_db()
    assert association_a.public_email == "info@verein-a.example"
    assert association_a.history.first().history_user == manager_a
    visitor = client.__class__()
    body = visitor.get(public).content.decode()
    assert 'href="mailto:info@verein-a.example"' in body and "Wir helfen in Bondo." in body


def test_the_form_has_no_internal_fields(client, association_a, manager_a):
    client.force_login(manager_a)
    client.post(details_url(association_a), {**DETAILS, "email": "hacked@example.org", "contact_name": "X"})

    association_a.refresh_from_db()
    assert association_a.email != "hacked@example.org" and association_a.contact_name != "X"


def test_errors_stay_next_to_the_field(client, association_a, manager_a):
    client.force_login(manager_a)
    response = client.post(details_url(association_a), {**DETAILS, "public_email": "kein-at"})

    assert response.status_code == 200
    assert "<title>Fehler: " in response.content.decode()
    assert "Geben Sie eine E-Mail-Adresse im richtigen Format ein" in response.content.decode()


def test_the_list_shows_the_managers_associations_and_staff_sees_all(client, association_a, association_b,
                                                                       manager_a, staff_user):
    client.force_login(manager_a)
    assert [a.slug for a in client.get(LIST).context["associations"]] == ["verein-a"]
    client.force_login(staff_user)
    assert {a.slug for a in client.get(LIST).context["associations"]} >= {"verein-a", "verein-b"}


def test_staff_edit_any_association(client, association_b, staff_user):
    client.force_login(staff_user)
    assert client.post(details_url(association_b), DETAILS).status_code == 302
    assert Association.objects.get(pk=association_b.pk).public_email == "info@verein-a.example"


def test_a_plain_member_is_refused(client, association_a, member_a):
    client.force_login(member_a)
    assert client.get(LIST).status_code == 403
    assert client.get(details_url(association_a)).status_code == 404
    assert client.post(details_url(association_a), DETAILS).status_code == 404


def test_another_associations_manager_cannot_see_or_change_it(client, association_a, association_b):
    manager_b = make_user("manager_b", groups=["Verein"])
    make_membership(manager_b, association_b, role=Membership.Role.MANAGER)
    client.force_login(manager_b)

    assert client.get(details_url(association_a)).status_code == 404
    assert client.post(details_url(association_a), DETAILS).status_code == 404
    assert Association.objects.get(pk=association_a.pk).public_email == ""


def test_visitors_are_sent_to_the_login(client, association_a):
    assert client.get(LIST)["Location"].startswith(reverse("account:login"))
    assert client.get(details_url(association_a))["Location"].startswith(reverse("account:login"))


def test_wrong_methods(client, association_a, manager_a):
    client.force_login(manager_a)
    assert client.post(LIST).status_code == 405
    assert client.put(details_url(association_a)).status_code == 405


def test_an_unknown_association_is_a_404_for_staff_too(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("warehouse:association-details", args=["gibt-es-nicht"])).status_code == 404


def test_an_inactive_association_is_found_by_staff(client, staff_user):
    gone = make_association(slug="aufgeloest", is_active=False)
    client.force_login(staff_user)
    assert client.get(details_url(gone)).status_code == 200


def test_on_an_english_page_the_manager_writes_the_english_text_and_german_stays(client, association_a, manager_a):
    Association.objects.filter(pk=association_a.pk).update(summary_de="Wir helfen in Bondo.", summary_en="")
    client.force_login(manager_a)
    url = "/en" + details_url(association_a)
    form = client.get(url).context["form"]
    assert form["summary"].value() == ""  # not the German text, which saving would copy into English
    assert "Not yet written in this language" in str(form["summary"].help_text)

    client.post(url, {**DETAILS, "summary": ""})
    association_a.refresh_from_db()
    assert (association_a.summary_de, association_a.summary_en) == ("Wir helfen in Bondo.", "")

    client.post(url, {**DETAILS, "summary": "We help in Bondo."})
    association_a.refresh_from_db()
    assert (association_a.summary_de, association_a.summary_en) == ("Wir helfen in Bondo.", "We help in Bondo.")
