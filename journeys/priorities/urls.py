from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("priorities/", views.priority_list_view, name="list"),
    path("priorities/new/", views.priority_create_view, name="create"),
    path("priorities/<int:pk>/", views.priority_detail_view, name="detail"),
    path("priorities/<int:pk>/edit/", views.priority_edit_view, name="edit"),
    path("priorities/<int:pk>/delete/", views.priority_delete_view, name="delete"),
    path("priorities/<int:pk>/theme/", views.priority_theme_view, name="theme"),
    path("local-authorities/<str:code>/peers/", views.la_peers_view, name="la-peers"),
]
