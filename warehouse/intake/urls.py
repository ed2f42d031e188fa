from django.urls import path

from warehouse.intake import decision_views
from warehouse.intake import views as offer_views

app_name = "offers"

urlpatterns = [
    path("", offer_views.offer_form, name="form"),
    path("pruefen/", offer_views.offer_check, name="check"),
    path("eingegangen/", offer_views.offer_done, name="done"),
    # Last: the signed link from the appointment e-mail (a token never looks like the words above).
    path("<str:token>/", decision_views.appointment, name="appointment"),
]
