from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "journeys.notifications"
    verbose_name = "Notifications"
