"""/daten/katalog.ttl and .jsonld: a DCAT-AP.de catalogue that GovData and the city's portal can harvest."""

import datetime

import pytest
from django.urls import reverse
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from donations import open_data
from partners import public_cache
from tests.factories import make_crisis

pytestmark = pytest.mark.django_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SITE = "https://dortmund-hilft.example"


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"
    settings.SITE_URL = SITE
    settings.UNIT_EMAIL = "dortmund-hilft@dortmund-hilft.example"


def catalogue(client, url, format):
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.getvalue(), format=format)


@pytest.mark.parametrize(("url", "format", "content_type"), [
    (reverse("donations:open-data-catalogue-ttl"), "turtle", "text/turtle; charset=utf-8"),
    (reverse("donations:open-data-catalogue-jsonld"), "json-ld", "application/ld+json; charset=utf-8"),
])
def test_the_catalogue_carries_what_dcat_ap_de_asks_for(client, url, format, content_type):
    make_crisis()
    assert client.get(url)["Content-Type"] == content_type

    graph = catalogue(client, url, format)

    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == len(open_data.DATASETS)
    modified = public_cache.changed_at().replace(microsecond=0)
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert graph.value(dataset, DCTERMS.title).language == "de"
        assert str(graph.value(dataset, DCTERMS.description))
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert (publisher, RDF.type, FOAF.Organization) in graph
        assert graph.value(publisher, FOAF.name) == Literal("Stadt Dortmund", lang="de")
        assert graph.value(dataset, DCATDE.politicalGeocodingLevelURI) == URIRef(
            "http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
        assert graph.value(dataset, DCATDE.politicalGeocodingURI) == URIRef(
            "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05913000")
        assert graph.value(dataset, DCTERMS.modified).toPython() == modified
        contact = graph.value(dataset, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in graph
        assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:dortmund-hilft@dortmund-hilft.example")
        assert set(graph.objects(dataset, DCAT.theme)) == {
            URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI"),
            URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
        }
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == 3  # CSV, JSON, HXL CSV
        for distribution in distributions:
            assert graph.value(distribution, DCTERMS.license) == URIRef(
                "http://dcat-ap.de/def/licenses/dl-zero-de/2.0")
            assert str(graph.value(distribution, DCAT.accessURL)) == f"{SITE}/daten/"
            assert str(graph.value(distribution, DCAT.downloadURL)).startswith(f"{SITE}/daten/")
            assert graph.value(distribution, DCTERMS.format) is not None


def test_every_download_url_in_the_catalogue_answers(client):
    graph = catalogue(client, reverse("donations:open-data-catalogue-ttl"), "turtle")

    urls = {str(url) for url in graph.objects(None, DCAT.downloadURL)}

    assert f"{SITE}/daten/hxl/lieferpositionen.csv" in urls and f"{SITE}/daten/krisen.json" in urls
    assert len(urls) == 3 * len(open_data.DATASETS)
    for url in urls:
        assert client.get(url.removeprefix(SITE)).status_code == 200


def test_the_catalogue_is_built_once_per_data_version_and_answers_304(client, django_assert_num_queries):
    url = reverse("donations:open-data-catalogue-ttl")
    first = client.get(url)
    built = first.getvalue()  # the file is written as the response is read

    with django_assert_num_queries(0):
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        served = client.get(url)

    assert again.status_code == 304
    assert b"".join(served.streaming_content) == built
    make_crisis()
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_the_modification_date_follows_the_last_change(client, time_machine):
    time_machine.move_to(datetime.datetime(2030, 5, 6, 7, 8, 9, tzinfo=datetime.UTC))
    make_crisis()

    graph = catalogue(client, reverse("donations:open-data-catalogue-jsonld"), "json-ld")

    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalog, DCTERMS.modified).toPython() == datetime.datetime(2030, 5, 6, 7, 8, 9,
                                                                                   tzinfo=datetime.UTC)
