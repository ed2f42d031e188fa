from django.urls import path

from donations import views

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
    path("daten/", views.open_data, name="open-data"),
    path("daten/lieferpositionen.csv", views.open_data_csv, name="open-data-csv"),
    path("daten/lieferpositionen.json", views.open_data_json, name="open-data-json"),
]
