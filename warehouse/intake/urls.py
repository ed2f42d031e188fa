from django.urls import path

from warehouse.intake import views as offer_views

app_name = "offers"

urlpatterns = [
    path("", offer_views.offer_form, name="form"),
    path("pruefen/", offer_views.offer_check, name="check"),
    path("eingegangen/", offer_views.offer_done, name="done"),
]
