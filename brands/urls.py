from django.urls import path

from brands import views

app_name = "brands"

urlpatterns = [
    path("", views.brand_list, name="list"),
    path("cluster/", views.cluster, name="cluster"),
    path("new/<int:organisation_pk>/", views.brand_create, name="create"),
    path("<int:pk>/", views.brand_detail, name="detail"),
    path("<int:pk>/print/", views.brand_print, name="print"),
    path("<int:pk>/logo/", views.brand_logo, name="logo"),
    path("<int:pk>/edit/", views.brand_edit, name="edit"),
    path("<int:pk>/apply/", views.brand_apply, name="apply"),
    path("<int:pk>/return/", views.brand_return, name="return"),
    path("<int:pk>/certify/", views.brand_certify, name="certify"),
    path("<int:pk>/advance/", views.brand_advance, name="advance"),
    path("<int:pk>/results/", views.results, name="results"),
    path("honours/new/", views.honour_new, name="honour_new"),
    path("honours/<int:pk>/file/", views.honour_file, name="honour_file"),
    path("honours/<int:pk>/withdraw/", views.honour_withdraw, name="honour_withdraw"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/advance/", views.round_advance, name="round_advance"),
    path("rounds/<int:pk>/submit/", views.project_submit, name="project_submit"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("attachments/<int:pk>/", views.project_attachment, name="project_attachment"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/reassign/", views.review_reassign, name="review_reassign"),
]
