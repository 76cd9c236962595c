from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("local-authorities/<str:code>/journey/briefing.<str:format>", views.briefing_view, name="briefing"),
    path("local-authorities/<str:code>/briefing/", views.briefing_page_view, name="briefing-page"),
    path("local-authorities/<str:code>/briefing/commentary/", views.commentary_view, name="commentary"),
    path(
        "local-authorities/<str:code>/briefing/commentary/share/",
        views.commentary_share_view,
        name="commentary-share",
    ),
]
