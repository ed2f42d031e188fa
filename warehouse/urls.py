from django.urls import path

from warehouse.booking import operator_views as views_operator
from warehouse.booking import views as views_member
from warehouse.intake import views as views_intake

app_name = "warehouse"

urlpatterns = [
    path("", views_member.home, name="home"),
    path("buchen/", views_member.booking_create, name="booking-create"),
    path("buchungen/<int:pk>/", views_member.booking_detail, name="booking-detail"),
    path("buchungen/<int:pk>/aendern/", views_member.booking_edit, name="booking-edit"),
    path("buchungen/<int:pk>/absagen/", views_member.booking_cancel, name="booking-cancel"),
    path("belegung/", views_member.week, name="week"),
    path("kalender/", views_member.calendar, name="calendar"),
    path("kalender/<int:association_pk>/anlegen/", views_member.calendar_create, name="calendar-create"),
    path("kalender/<int:association_pk>/erneuern/", views_member.calendar_renew, name="calendar-renew"),
    path("kalender/<str:token>.ics", views_member.calendar_feed, name="calendar-feed"),
    path("mitnutzung/", views_intake.co_use_apply, name="co-use"),
    path("mitnutzung/pruefen/", views_intake.co_use_check, name="co-use-check"),
    path("mitnutzung/eingegangen/", views_intake.co_use_done, name="co-use-done"),
    path("betrieb/", views_operator.requests, name="operator-requests"),
    path("betrieb/buchungen/<int:pk>/bestaetigen/", views_operator.confirm, name="operator-confirm"),
    path("betrieb/buchungen/<int:pk>/ablehnen/", views_operator.decline, name="operator-decline"),
    path("betrieb/abgabewuensche/", views_operator.dropoffs, name="operator-dropoffs"),
    path("betrieb/tag/", views_operator.day, name="operator-day"),
    path("betrieb/sperrzeiten/", views_operator.blocks, name="operator-blocks"),
    path("betrieb/sperrzeiten/<int:pk>/aufheben/", views_operator.block_delete, name="operator-block-delete"),
]
