from django.urls import path

from warehouse.stock import views as stock_views

app_name = "stock"

urlpatterns = [
    path("", stock_views.stock_home, name="home"),
    path("verein/<int:pk>/", stock_views.association_stock, name="association"),
    path("verein/<int:pk>/mindestbestand/", stock_views.minimums, name="minimums"),
    path("lagerbuch/", stock_views.ledger, name="ledger"),
    path("einbuchen/", stock_views.book_in, name="book-in"),
    path("umbuchen/", stock_views.transfer, name="transfer"),
    path("korrektur/", stock_views.adjust, name="adjust"),
    path("inventur/", stock_views.stocktakes, name="stocktakes"),
    path("inventur/<int:pk>/", stock_views.stocktake, name="stocktake"),
    path("inventur/<int:pk>/warengruppe/", stock_views.stocktake_category, name="stocktake-category"),
    path("inventur/<int:pk>/abschliessen/", stock_views.stocktake_finalise, name="stocktake-finalise"),
    path("lieferungen/", stock_views.shipments, name="shipments"),
    path("lieferungen/<int:pk>/", stock_views.shipment, name="shipment"),
    path("angebote/<int:pk>/eingang/", stock_views.offer_receive, name="offer-receive"),
]
