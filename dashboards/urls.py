from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.committee, name="committee"),
    path("export.xlsx", views.committee_export, name="committee_export"),
    path("missing/", views.missing, name="missing"),
    path("branch/<int:pk>/", views.branch, name="branch"),
    path("branch/<int:pk>/record/<int:year>/", views.branch_record, name="record"),
    path("branch/<int:pk>/record/<int:year>.docx", views.branch_record_docx, name="record_docx"),
    path("annual/", views.annual_page, name="annual"),
    path("annual/export.xlsx", views.annual_xlsx, name="annual_xlsx"),
    path("annual/export.docx", views.annual_docx, name="annual_docx"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/compute/", views.ratings_compute, name="ratings_compute"),
    path("ratings/<int:pk>/<int:year>/", views.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/<int:year>/self/", views.rating_self_assess, name="rating_self_assess"),
    path("ratings/<int:pk>/<int:year>/review/", views.rating_review, name="rating_review"),
    path("ratings/<int:pk>/<int:year>/confirm/", views.rating_confirm, name="rating_confirm"),
]
