"""/daten/: the open-data page and its files (CSV, JSON, HXL CSV, datapackage.json, DCAT catalogue).

Every file is built once per public data version and then served from a file (donations/export_files.py);
its ETag is that version, so a client that has the current one gets a 304 without any work.
"""

import json

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from donations import export_files, open_data
from partners import public_cache

CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"


def _etag(request, **kwargs):
    # The compressed file is another representation of the export and so has its own validator.
    encoding = "-gzip" if export_files.accepts_gzip(request) else ""
    return f'"{public_cache.version()}-{get_language()}{encoding}"'


def _last_modified(request, **kwargs):
    return public_cache.changed_at()


conditional = condition(etag_func=_etag, last_modified_func=_last_modified)


def _counts():
    return {dataset.slug: dataset.count() for dataset in open_data.DATASETS}


@require_safe
@public_cache.cache_page()
def index(request):
    counts = public_cache.cached("open-data-counts", _counts)
    datasets = [{"dataset": dataset, "count": counts[dataset.slug]} for dataset in open_data.DATASETS]
    context = {"datasets": datasets, "licence": open_data.LICENCE, "licence_url": open_data.LICENCE_URL}
    return render(request, "donations/open_data.html", context)


def _download(response, filename):
    response["Content-Disposition"] = f'attachment; filename="dortmund-hilft-{filename}"'
    return response


@require_safe
@conditional
def dataset_csv(request, slug):
    dataset = open_data.BY_SLUG[slug]
    response = export_files.serve(
        request, name=slug, suffix=".csv", chunks=lambda: open_data.csv_chunks(dataset), content_type=CSV
    )
    return _download(response, f"{slug}.csv")


@require_safe
@conditional
def dataset_hxl(request, slug):
    dataset = open_data.BY_SLUG[slug]
    response = export_files.serve(
        request, name=f"{slug}-hxl", suffix=".csv", chunks=lambda: open_data.csv_chunks(dataset, hxl=True),
        content_type=CSV,
    )
    return _download(response, f"{slug}-hxl.csv")


@require_safe
@conditional
def dataset_json(request, slug):
    dataset = open_data.BY_SLUG[slug]
    # The head is built even when the file exists: a few translated strings, cheaper than a cache lookup.
    head = dataset.json_head()
    return export_files.serve(
        request, name=slug, suffix=".json", chunks=lambda: open_data.json_chunks(dataset, head), content_type=JSON
    )


@require_safe
@conditional
def datapackage(request):
    return export_files.serve(
        request, name="datapackage", suffix=".json", content_type=JSON,
        chunks=lambda: [json.dumps(open_data.datapackage(), ensure_ascii=False, indent=1) + "\n"],
    )


def _catalogue(format, **options):
    return open_data.catalogue(public_cache.changed_at()).serialize(format=format, **options)


@require_safe
@conditional
def catalogue_turtle(request):
    return export_files.serve(
        request, name="katalog", suffix=".ttl", content_type="text/turtle; charset=utf-8",
        chunks=lambda: [_catalogue("turtle")],
    )


@require_safe
@conditional
def catalogue_jsonld(request):
    return export_files.serve(
        request, name="katalog", suffix=".jsonld", content_type="application/ld+json; charset=utf-8",
        # The prefixes as context keep the document readable; a harvester expands it to the same triples.
        chunks=lambda: [_catalogue("json-ld", context=open_data.PREFIXES, indent=1)],
    )
