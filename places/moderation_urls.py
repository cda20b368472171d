"""The moderators' queue and decisions, and places' histories (places.moderation_views)."""

from django.urls import path

from places import claim_moderation
from places import moderation_views as views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/lieux/<int:pk>/", views.place_review, name="place"),
    path("moderation/modifications/<int:pk>/", views.change_review, name="change"),
    path("moderation/signalements/<int:pk>/", views.report_review, name="report"),
    path("moderation/revendications/<int:pk>/", claim_moderation.claim_review, name="claim"),
    path("lieux/<int:pk>/historique/", views.place_history, name="history"),
    path("lieux/<int:pk>/historique/<int:version>/restaurer/", views.restore, name="restore"),
]
