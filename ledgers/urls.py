from django.urls import path

from ledgers.views import assessments, lists, reports, tasks

app_name = "ledgers"

urlpatterns = [
    path("", lists.index, name="index"),
    path("mine/", tasks.mine, name="mine"),
    path("committee/", assessments.committee, name="committee"),
    path("next-year/", lists.create_next_year, name="create_next_year"),
    path("lists/<int:pk>/", lists.list_detail, name="list_detail"),
    path("lists/<int:pk>/print/", lists.list_print, name="list_print"),
    path("lists/<int:pk>/export.xlsx", lists.list_export, name="list_export"),
    path("lists/<int:pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("lists/<int:pk>/<slug:action>/", lists.list_transition, name="list_transition"),
    path("organisations/<int:pk>/", lists.organisation_ledger, name="organisation_ledger"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/withdraw/", tasks.task_withdraw, name="task_withdraw"),
    path("tasks/<int:pk>/break-down/", tasks.task_break_down, name="task_break_down"),
    path("periods/<int:pk>/report/", tasks.period_report, name="period_report"),
    path("periods/<int:pk>/waive/", tasks.period_waive, name="period_waive"),
    path("evidence/<int:pk>/", tasks.evidence, name="evidence"),
    path("assessments/", assessments.assessments, name="assessments"),
    path("assessments/<int:pk>/adjust/", assessments.assessment_adjust, name="assessment_adjust"),
    path(
        "assessments/<int:year>/q<int:quarter>/",
        assessments.assessment_quarter,
        name="assessment_quarter",
    ),
    path("record-book/<int:pk>/<str:period>/", reports.record_book, name="record_book"),
    path(
        "record-book/<int:pk>/<str:period>/docx/",
        reports.record_book_docx,
        name="record_book_docx",
    ),
    path("reports/", reports.reports, name="reports"),
    path("reports/<int:pk>/<int:year>/", reports.report_detail, name="report_detail"),
]
