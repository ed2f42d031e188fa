from django.urls import path

from crises import views

app_name = "crises"

urlpatterns = [
    path("", views.crisis_list, name="list"),
    path("<slug:slug>/", views.crisis_detail, name="detail"),
]
