from django.urls import path

from .views import journey, self_evaluation

app_name = "improvement"

urlpatterns = [
    path("local-authorities/<str:code>/journey/", journey.la_journey_view, name="la-journey"),
    path(
        "local-authorities/<str:code>/self-evaluations/",
        self_evaluation.self_evaluation_list_view,
        name="self-evaluations",
    ),
    path(
        "local-authorities/<str:code>/self-evaluations/start/",
        self_evaluation.self_evaluation_start_view,
        name="self-evaluation-start",
    ),
    path("self-evaluations/<int:pk>/", self_evaluation.self_evaluation_view, name="self-evaluation"),
    path(
        "self-evaluations/<int:pk>/enablers/<str:enabler_id>/",
        self_evaluation.self_evaluation_enabler_view,
        name="self-evaluation-enabler",
    ),
    path(
        "self-evaluations/<int:pk>/questions/",
        self_evaluation.self_evaluation_questions_view,
        name="self-evaluation-questions",
    ),
    path(
        "self-evaluations/<int:pk>/submit/",
        self_evaluation.self_evaluation_submit_view,
        name="self-evaluation-submit",
    ),
    path(
        "self-evaluations/<int:pk>/delete/",
        self_evaluation.self_evaluation_delete_view,
        name="self-evaluation-delete",
    ),
    path(
        "self-evaluations/<int:pk>/withdraw/",
        self_evaluation.self_evaluation_withdraw_view,
        name="self-evaluation-withdraw",
    ),
    path(
        "self-evaluations/<int:pk>/history/",
        self_evaluation.self_evaluation_history_view,
        name="self-evaluation-history",
    ),
    path("regions/<slug:slug>/journeys/", journey.region_journeys_view, name="region-journeys"),
    path("sector/", journey.sector_view, name="sector"),
    path("methodology/timescales/", journey.timescales_methodology_view, name="methodology-timescales"),
    path(
        "methodology/early-warning/", journey.early_warning_methodology_view, name="methodology-early-warning"
    ),
]
