import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_crisis, make_news_post

pytestmark = pytest.mark.django_db

LIST_URL = reverse("news:list")


def titles(response):
    return [post.title for post in response.context["page"].object_list]


def in_the_future():
    return timezone.now() + datetime.timedelta(days=1)


# --- list ---

def test_it_lists_only_published_news_newest_first(client):
    make_news_post(title="Älter", published_at=timezone.now() - datetime.timedelta(days=5))
    make_news_post(title="Neuer", published_at=timezone.now() - datetime.timedelta(days=1))
    make_news_post(title="Entwurf", published_at=None)
    make_news_post(title="Geplant", published_at=in_the_future())

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert titles(response) == ["Neuer", "Älter"]
    body = response.content.decode()
    assert "<title>Aktuelles – Dortmund hilft</title>" in body
    assert "Entwurf" not in body
    assert "Geplant" not in body


def test_it_names_the_crisis_a_post_is_about(client):
    make_news_post(title="Hilfe kommt an", crisis=make_crisis(title="Erdbeben"))

    body = client.get(LIST_URL).content.decode()

    assert "Erdbeben" in body
    assert "Hilfe kommt an" in body


def test_it_shows_ten_posts_a_page_with_links_between_the_pages(client):
    for days in range(1, 13):
        published_at = timezone.now() - datetime.timedelta(days=days)
        make_news_post(title=f"Meldung vor {days:02d} Tagen", published_at=published_at)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"seite": 2})

    assert len(titles(first)) == 10
    assert titles(first)[0] == "Meldung vor 01 Tagen"
    assert titles(second) == ["Meldung vor 11 Tagen", "Meldung vor 12 Tagen"]
    assert 'href="?seite=2" rel="next"' in first.content.decode()
    assert "Seite 1 von 2" in first.content.decode()
    second_body = second.content.decode()
    assert 'href="?seite=1" rel="prev"' in second_body
    assert "<title>Aktuelles (Seite 2) – Dortmund hilft</title>" in second_body


@pytest.mark.parametrize("page_number", ["abc", "-1", "999"])
def test_a_bogus_page_number_shows_a_page_instead_of_an_error(client, page_number):
    make_news_post(title="Einzige Meldung")

    response = client.get(LIST_URL, {"seite": page_number})

    assert response.status_code == 200
    assert titles(response) == ["Einzige Meldung"]


def test_it_says_so_when_there_is_no_news(client):
    assert "Es gibt noch keine Meldungen." in client.get(LIST_URL).content.decode()


def test_the_news_list_only_answers_get_and_head(client):
    assert client.post(LIST_URL).status_code == 405


@pytest.mark.parametrize("rows", [5, 50])
def test_the_news_list_makes_the_same_number_of_queries_for_5_and_50_posts(client, django_assert_num_queries, rows):
    crisis = make_crisis()
    for _ in range(rows):
        make_news_post(crisis=crisis)

    # 1 count for the paginator, 1 page of posts with their crisis, 1 whether there are demo rows (base.html)
    with django_assert_num_queries(3):
        response = client.get(LIST_URL)

    assert len(titles(response)) == min(rows, 10)


# --- detail ---

def test_the_detail_page_shows_the_post(client):
    crisis = make_crisis(title="Erdbeben")
    post = make_news_post(
        title="Hilfe kommt an", teaser="Die erste Lieferung ist da.", body="Ein **wichtiger** Tag.",
        crisis=crisis, published_at=timezone.make_aware(datetime.datetime(2023, 2, 10, 10)),
    )

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Hilfe kommt an – Dortmund hilft</title>" in body
    assert "Die erste Lieferung ist da." in body
    assert "Ein <strong>wichtiger</strong> Tag." in body
    assert "10. Februar 2023" in body
    assert f'<a class="kern-link" href="{crisis.get_absolute_url()}">Erdbeben</a>' in body
    assert f'<a class="kern-link" href="{LIST_URL}">Aktuelles</a>' in body  # breadcrumbs
    assert '<span aria-current="page">Hilfe kommt an</span>' in body


def test_the_photo_is_shown_with_its_alt_text(client):
    post = make_news_post(photo="news/2023/halle.jpg", photo_alt="Paletten mit Decken in der Lagerhalle")

    body = client.get(post.get_absolute_url()).content.decode()

    assert '<img src="/media/news/2023/halle.jpg" alt="Paletten mit Decken in der Lagerhalle">' in body


def test_a_post_without_photo_has_no_image(client):
    post = make_news_post()

    assert "<img" not in client.get(post.get_absolute_url()).content.decode()


def test_scripts_in_the_body_are_not_rendered(client):
    post = make_news_post(body="<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>")

    body = client.get(post.get_absolute_url()).content.decode()

    assert "<script>alert" not in body
    assert "<img src=x" not in body


@pytest.mark.parametrize("published_at", [None, "future"])
def test_drafts_and_scheduled_posts_are_404(client, published_at):
    post = make_news_post(published_at=in_the_future() if published_at == "future" else None)

    assert client.get(post.get_absolute_url()).status_code == 404


def test_an_unknown_post_is_404(client):
    assert client.get(reverse("news:detail", args=["gibt-es-nicht"])).status_code == 404


def test_the_news_detail_only_answers_get_and_head(client):
    post = make_news_post()

    assert client.post(post.get_absolute_url()).status_code == 405
