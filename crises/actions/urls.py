from django.urls import path

from crises.actions import staff, views

app_name = "actions"

urlpatterns = [
    path("hilfsaktionen/", views.action_list, name="list"),
    path("hilfsaktionen/<slug:slug>/", views.action_detail, name="detail"),
    path("hilfsaktionen/<slug:slug>/bericht/", views.action_report, name="report"),
    path("hilfsaktionen/<slug:slug>/bericht.pdf", views.action_report_pdf, name="report-pdf"),
    path("hilfsaktionen/<slug:slug>/schichten/<int:pk>/", views.shift_signup, name="shift-signup"),
    path("hilfsaktionen/<slug:slug>/angemeldet/", views.signup_done, name="signup-done"),
    path("hilfsaktionen/anmeldung/<str:token>/absagen/", views.signup_cancel, name="signup-cancel"),
    # City staff, and the associations that take part.
    path("intern/hilfsaktionen/", staff.staff_action_list, name="staff-list"),
    path("intern/hilfsaktionen/<int:pk>/", staff.staff_action_detail, name="staff-detail"),
    path("intern/hilfsaktionen/<int:pk>/status/", staff.change_status, name="staff-status"),
    path("intern/hilfsaktionen/<int:pk>/checkliste/", staff.apply_template, name="staff-template"),
    path("intern/hilfsaktionen/aufgaben/<int:pk>/status/", staff.task_status, name="staff-task-status"),
    path("intern/hilfsaktionen/schichten/<int:pk>/", staff.shift_volunteers, name="staff-shift"),
]
