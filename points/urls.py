from django.urls import path

from points import archive_views, award_views, evaluation_views, views

app_name = "points"

urlpatterns = [
    path("", views.committee_points, name="committee"),
    path("export/", views.committee_export, name="committee_export"),
    path("me/", views.my_points, name="mine"),
    path("members/<int:pk>/", views.member_points, name="member"),
    path("members/<int:pk>/award/", views.member_award, name="member_award"),
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
    # star awards
    path("awards/", award_views.selection_list, name="award_selections"),
    path("awards/new/", award_views.selection_new, name="award_selection_new"),
    path("awards/<int:pk>/", award_views.selection_detail, name="award_selection"),
    path("awards/<int:pk>/grant/<int:member_pk>/", award_views.award_grant, name="award_grant"),
    path("awards/<int:pk>/close/", award_views.selection_close, name="award_selection_close"),
    path("awards/winners/<int:pk>/revoke/", award_views.award_revoke, name="award_revoke"),
    # democratic evaluation
    path("evaluation/", evaluation_views.round_list, name="evaluation_rounds"),
    path("evaluation/new/", evaluation_views.round_new, name="evaluation_round_new"),
    path("evaluation/<int:pk>/", evaluation_views.round_overview, name="evaluation_round"),
    path("evaluation/<int:pk>/form/", evaluation_views.evaluation_form, name="evaluation_form"),
    path("evaluation/<int:pk>/review/", evaluation_views.round_review, name="evaluation_review"),
    path("evaluation/<int:pk>/close/", evaluation_views.round_close, name="evaluation_close"),
    path("evaluation/<int:pk>/confirm/", evaluation_views.round_confirm, name="evaluation_confirm"),
    # performance archive
    path("archive/<int:pk>/<int:year>/", archive_views.archive, name="archive"),
]
