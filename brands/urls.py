from django.urls import path

from brands.views import brands, certification, honours, results, rounds

app_name = "brands"

urlpatterns = [
    path("", brands.brand_list, name="list"),
    path("cluster/", brands.cluster, name="cluster"),
    path("new/<int:organisation_pk>/", brands.brand_create, name="create"),
    path("<int:pk>/", brands.brand_detail, name="detail"),
    path("<int:pk>/print/", brands.brand_print, name="print"),
    path("<int:pk>/logo/", brands.brand_logo, name="logo"),
    path("<int:pk>/edit/", brands.brand_edit, name="edit"),
    path("<int:pk>/apply/", certification.brand_apply, name="apply"),
    path("<int:pk>/return/", certification.brand_return, name="return"),
    path("<int:pk>/certify/", certification.brand_certify, name="certify"),
    path("<int:pk>/advance/", certification.brand_advance, name="advance"),
    path("<int:pk>/results/", results.results, name="results"),
    path("honours/new/", honours.honour_new, name="honour_new"),
    path("honours/<int:pk>/file/", honours.honour_file, name="honour_file"),
    path("honours/<int:pk>/withdraw/", honours.honour_withdraw, name="honour_withdraw"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/advance/", rounds.round_advance, name="round_advance"),
    path("rounds/<int:pk>/submit/", rounds.project_submit, name="project_submit"),
    path("projects/<int:pk>/", rounds.project_detail, name="project_detail"),
    path("attachments/<int:pk>/", rounds.project_attachment, name="project_attachment"),
    path("reviews/<int:pk>/", rounds.review, name="review"),
    path("reviews/<int:pk>/reassign/", rounds.review_reassign, name="review_reassign"),
]
