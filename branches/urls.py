from django.urls import path

from branches import import_views, sign_in_views, views

app_name = "branches"

urlpatterns = [
    path("organisations/", views.organisation_tree, name="organisation_tree"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:parent_pk>/add/", views.organisation_create, name="organisation_create"
    ),
    path("members/", views.member_list, name="member_list"),
    path("members/add/", views.member_create, name="member_create"),
    path("members/import/", import_views.member_import, name="member_import"),
    path(
        "members/import/jobs/<uuid:job_id>/",
        import_views.member_import_job,
        name="member_import_job",
    ),
    path(
        "members/import/template.xlsx",
        import_views.member_import_template,
        name="member_import_template",
    ),
    path("members/export.xlsx", import_views.member_export, name="member_export"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
    path("members/<int:pk>/sign-in/", sign_in_views.member_sign_in, name="member_sign_in"),
    path("me/", views.my_profile, name="my_profile"),
]
