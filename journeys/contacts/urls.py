from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("local-authorities/<str:code>/contacts/", views.contacts_view, name="la"),
    path("local-authorities/<str:code>/ask-to-talk/", views.ask_view, name="ask"),
    path("requests-to-talk/", views.requests_view, name="requests"),
    path("requests-to-talk/<int:pk>/", views.request_view, name="request"),
]
