"""The press report as a PDF: tagged PDF/UA like the packing list, one page for a typical crisis."""

import io

from django.urls import reverse
from pypdf import PdfReader

from tests.donations.test_aid_figures import world  # noqa: F401 (the fixture)
from tests.donations.test_pdf_tagging import assert_tagged


def test_the_press_report_pdf_is_tagged_with_its_tables(client, world):  # noqa: F811
    response = client.get(reverse("donations:crisis-report-pdf", args=[world["war"].slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    types = assert_tagged(response.content, "Hilfe aus Dortmund: Krieg gegen die Ukraine")
    # What (item, category, quantity) and where (destination, shipments): two tables, five column headers,
    # and a row header per item and per destination.
    assert types.count("/Table") == 2
    assert types.count("/H2") == 4
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "50 Stück" in text and "2 Paletten" in text and "500 kg" in text and "Schytomyr" in text
    assert "Blau-Gelbes-Herz e.V." in text


def test_the_press_report_pdf_is_cached(client, world, django_assert_num_queries):  # noqa: F811
    url = reverse("donations:crisis-report-pdf", args=[world["war"].slug])
    first = client.get(url).content
    with django_assert_num_queries(0):
        assert client.get(url).content == first
