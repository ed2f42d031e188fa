from unittest import mock

from django.db import OperationalError


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\noutbox_oldest_queued_seconds 0\noutbox_failed 0\n"
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_away(client, db):
    with mock.patch("dortmund_hilft.views.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_it_rejects_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_robots_txt_keeps_crawlers_out_of_private_areas(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /lager/" in body and "Sitemap:" in body


def test_favicon_ico_points_at_the_self_hosted_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
