"""Pages for partner institutions behind their personal links, and the staff pages for what they send.

Here, in the project package, because the pages come from two layers: needs lists from donations, the
receipt of a shipment (a stock transition) from warehouse. The token is a URL argument named `token`,
so the request log writes the route, not the link (dortmund_hilft/request_logging.py).
"""

from django.urls import path

from donations import partner_views
from warehouse.stock import receipt_views

app_name = "partner"

urlpatterns = [
    path("partner/<str:token>/", partner_views.partner_home, name="home"),
    path("partner/<str:token>/bedarf/", partner_views.partner_request, name="request"),
    path("partner/<str:token>/lieferung/", receipt_views.confirm, name="receipt"),
    path("intern/partner-bedarf/", partner_views.staff_requests, name="staff-requests"),
    path("intern/partner-bedarf/<int:pk>/", partner_views.staff_request, name="staff-request"),
    path("intern/lieferscheine/<int:pk>/", partner_views.staff_delivery_note, name="staff-delivery-note"),
]
