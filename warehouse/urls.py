from django.urls import path

from warehouse.association import views as views_association
from warehouse.booking import operator_views as views_operator
from warehouse.booking import views as views_member
from warehouse.intake import decision_views as views_decisions
from warehouse.intake import views as views_intake

app_name = "warehouse"

urlpatterns = [
    path("", views_member.home, name="home"),
    path("buchen/", views_member.booking_create, name="booking-create"),
    path("vergangene/", views_member.past_bookings, name="past-bookings"),
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
    path("verein/", views_association.association_list, name="associations"),
    path("verein/<slug:slug>/", views_association.public_details, name="association-details"),
    path("verein/<slug:slug>/mitglieder/", views_association.members, name="association-members"),
    path("verein/<slug:slug>/mitglieder/<int:pk>/rolle/", views_association.member_role,
         name="association-member-role"),
    path("verein/<slug:slug>/mitglieder/<int:pk>/entfernen/", views_association.member_remove,
         name="association-member-remove"),
    path("betrieb/", views_operator.requests, name="operator-requests"),
    path("betrieb/buchungen/<int:pk>/bestaetigen/", views_operator.confirm, name="operator-confirm"),
    path("betrieb/buchungen/<int:pk>/ablehnen/", views_operator.decline, name="operator-decline"),
    path("betrieb/abgabewuensche/", views_operator.dropoffs, name="operator-dropoffs"),
    path("betrieb/angebote/", views_decisions.offers, name="operator-offers"),
    path("betrieb/angebote/<int:pk>/annehmen/", views_decisions.offer_accept, name="operator-offer-accept"),
    path("betrieb/angebote/<int:pk>/ablehnen/", views_decisions.offer_decline, name="operator-offer-decline"),
    path("betrieb/tag/", views_operator.day, name="operator-day"),
    path("betrieb/sperrzeiten/", views_operator.blocks, name="operator-blocks"),
    path("betrieb/sperrzeiten/<int:pk>/aufheben/", views_operator.block_delete, name="operator-block-delete"),
]
