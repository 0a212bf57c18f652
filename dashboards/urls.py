from django.urls import path

from dashboards.views import overview, ratings, yearly

app_name = "dashboards"

urlpatterns = [
    path("", overview.committee, name="committee"),
    path("export.xlsx", overview.committee_export, name="committee_export"),
    path("missing/", overview.missing, name="missing"),
    path("branch/<int:pk>/", overview.branch, name="branch"),
    path("branch/<int:pk>/record/<int:year>/", yearly.branch_record, name="record"),
    path("branch/<int:pk>/record/<int:year>.docx", yearly.branch_record_docx, name="record_docx"),
    path("annual/", yearly.annual_page, name="annual"),
    path("annual/export.xlsx", yearly.annual_xlsx, name="annual_xlsx"),
    path("annual/export.docx", yearly.annual_docx, name="annual_docx"),
    path("ratings/", ratings.ratings, name="ratings"),
    path("ratings/compute/", ratings.ratings_compute, name="ratings_compute"),
    path("ratings/<int:pk>/<int:year>/", ratings.rating_detail, name="rating_detail"),
    path(
        "ratings/<int:pk>/<int:year>/self/", ratings.rating_self_assess, name="rating_self_assess"
    ),
    path("ratings/<int:pk>/<int:year>/review/", ratings.rating_review, name="rating_review"),
    path("ratings/<int:pk>/<int:year>/confirm/", ratings.rating_confirm, name="rating_confirm"),
]
