from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partnerstaedte/", views.city_list, name="city-list"),
    path("partnerstaedte/<slug:slug>/", views.city_detail, name="city-detail"),
    path("vereine/", views.association_list, name="association-list"),
    path("vereine/<slug:slug>/", views.association_detail, name="association-detail"),
]
