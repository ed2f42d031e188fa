from django.urls import path

from donations import open_data, open_data_views, views

app_name = "donations"

urlpatterns = [
    path("spenden/", views.donate, name="donate"),
    path("hilfsgueter/", views.aid_overview, name="aid-overview"),
    path("krisen/<slug:slug>/bericht/", views.crisis_report, name="crisis-report"),
    path("krisen/<slug:slug>/bericht.pdf", views.crisis_report_pdf, name="crisis-report-pdf"),
    path("lieferungen/", views.shipment_list, name="shipment-list"),
    path("lieferungen/<int:pk>/", views.shipment_detail, name="shipment-detail"),
    path("lieferungen/<int:pk>/packliste.pdf", views.packing_list_pdf, name="packing-list-pdf"),
    path("lieferungen/<int:pk>/packliste.csv", views.packing_list_csv, name="packing-list-csv"),
    path("spenden/quittung/<int:pk>.pdf", views.donation_receipt, name="donation-receipt"),
    path("daten/", open_data_views.index, name="open-data"),
    path("daten/datapackage.json", open_data_views.datapackage, name="open-data-package"),
    path("daten/katalog.ttl", open_data_views.catalogue_turtle, name="open-data-catalogue-ttl"),
    path("daten/katalog.jsonld", open_data_views.catalogue_jsonld, name="open-data-catalogue-jsonld"),
]

# One address per dataset and format: /daten/krisen.csv, /daten/krisen.json, /daten/hxl/krisen.csv …
for _dataset in open_data.DATASETS:
    _kwargs = {"slug": _dataset.slug}
    urlpatterns += [
        path(f"daten/{_dataset.slug}.csv", open_data_views.dataset_csv, _kwargs,
             name=_dataset.url_name("csv").removeprefix("donations:")),
        path(f"daten/{_dataset.slug}.json", open_data_views.dataset_json, _kwargs,
             name=_dataset.url_name("json").removeprefix("donations:")),
        path(f"daten/hxl/{_dataset.slug}.csv", open_data_views.dataset_hxl, _kwargs,
             name=_dataset.url_name("hxl").removeprefix("donations:")),
    ]
