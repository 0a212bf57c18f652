from django.urls import path

from activities import compliance_views, import_views, partner_views, rota_views, views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("mine/", views.my_attendance, name="mine"),
    path("new/", views.activity_new, name="new"),
    # The Excel import of past activities and the export of the list (activities/import_views.py).
    path("import/", import_views.activity_import, name="import"),
    path("import/jobs/<uuid:job_id>/", import_views.activity_import_job, name="import_job"),
    path("import/template.xlsx", import_views.activity_import_template, name="import_template"),
    path("export.xlsx", import_views.activity_export, name="export"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/print/", views.activity_print, name="print"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/withdraw/", views.activity_withdraw, name="withdraw"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    # The study rota (activities/rota_views.py).
    path("series/", rota_views.series_list, name="series_list"),
    path("series/new/", rota_views.series_new, name="series_new"),
    path("series/<int:pk>/", rota_views.series_rota, name="series_rota"),
    path("series/<int:pk>/prefill/", views.activity_series_prefill, name="series_prefill"),
    path("series/<int:pk>/edit/", rota_views.series_edit, name="series_edit"),
    path("series/<int:pk>/leads/", rota_views.rota_leads, name="rota_leads"),
    path("series/<int:pk>/plan/", rota_views.rota_plan, name="rota_plan"),
    path("series/<int:pk>/swap/", rota_views.rota_swap, name="rota_swap"),
    path(
        "series/<int:pk>/sessions/<int:activity_pk>/move/",
        rota_views.rota_move,
        name="rota_move",
    ),
    path("rota/mine/", rota_views.my_rota, name="rota_mine"),
    # Compliance with the meeting cadence (activities/compliance_views.py).
    path("compliance/", compliance_views.compliance_committee, name="compliance"),
    path("compliance/export/", compliance_views.compliance_export, name="compliance_export"),
    path("results/", compliance_views.service_results, name="service_results"),
    path("results/export.xlsx", compliance_views.service_results_export, name="results_export"),
    # The register of partner organisations (activities/partner_views.py).
    path("partners/", partner_views.partner_list, name="partner_list"),
    path("partners/new/", partner_views.partner_new, name="partner_new"),
    path("partners/<int:pk>/", partner_views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", partner_views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/archive/", partner_views.partner_archive, name="partner_archive"),
    path(
        "compliance/branch/<int:pk>/",
        compliance_views.compliance_branch,
        name="compliance_branch",
    ),
]
