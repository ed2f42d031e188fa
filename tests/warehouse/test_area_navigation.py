"""The association area shows members their links and the operator the operator's links."""

from partners.models import Membership
from tests.factories import make_association


def test_the_operator_sees_the_operator_links(client, operator_user):
    Membership.objects.create(user=operator_user, association=make_association(name="Betreiber", slug="betreiber"))
    client.force_login(operator_user)
    body = client.get("/lager/betrieb/").content.decode()
    assert 'href="/lager/betrieb/tag/"' in body and 'href="/lager/bestand/"' in body
    assert 'href="/lager/buchen/"' not in body


def test_a_member_sees_the_member_links(client, member_a):
    client.force_login(member_a)
    body = client.get("/lager/").content.decode()
    assert 'href="/lager/buchen/"' in body and 'href="/lager/bestand/"' in body
    assert 'href="/lager/betrieb/tag/"' not in body
