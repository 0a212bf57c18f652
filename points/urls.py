from django.urls import path

from points import views

app_name = "points"

urlpatterns = [
    path("", views.committee_points, name="committee"),
    path("export/", views.committee_export, name="committee_export"),
    path("me/", views.my_points, name="mine"),
    path("members/<int:pk>/", views.member_points, name="member"),
    path("branch/<int:pk>/", views.branch_points, name="branch"),
    path("pioneer/", views.pioneer_index, name="pioneer"),
    path("claims/", views.my_claims, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/pending/", views.pending_claims, name="claims_pending"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
]
