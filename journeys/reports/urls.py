from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("local-authorities/<str:code>/journey/briefing.<str:format>", views.briefing_view, name="briefing"),
]
