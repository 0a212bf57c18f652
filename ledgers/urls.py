from django.urls import path

from ledgers import views

app_name = "ledgers"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("committee/", views.committee, name="committee"),
    path("next-year/", views.create_next_year, name="create_next_year"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/print/", views.list_print, name="list_print"),
    path("lists/<int:pk>/export.xlsx", views.list_export, name="list_export"),
    path("lists/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("lists/<int:pk>/<slug:action>/", views.list_transition, name="list_transition"),
    path("organisations/<int:pk>/", views.organisation_ledger, name="organisation_ledger"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/withdraw/", views.task_withdraw, name="task_withdraw"),
    path("tasks/<int:pk>/break-down/", views.task_break_down, name="task_break_down"),
    path("periods/<int:pk>/report/", views.period_report, name="period_report"),
    path("periods/<int:pk>/waive/", views.period_waive, name="period_waive"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/<int:pk>/adjust/", views.assessment_adjust, name="assessment_adjust"),
    path(
        "assessments/<int:year>/q<int:quarter>/",
        views.assessment_quarter,
        name="assessment_quarter",
    ),
    path("record-book/<int:pk>/<str:period>/", views.record_book, name="record_book"),
    path(
        "record-book/<int:pk>/<str:period>/docx/",
        views.record_book_docx,
        name="record_book_docx",
    ),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/<int:year>/", views.report_detail, name="report_detail"),
]
