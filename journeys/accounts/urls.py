from django.urls import path

from . import oidc, people_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("audit-log/", views.audit_log_view, name="audit-log"),
    path("council-sign-in/", oidc.CouncilSignInView.as_view(), name="council-sign-in"),
    path(
        "council-sign-in/callback/", oidc.CouncilSignInCallbackView.as_view(), name="council-sign-in-callback"
    ),
    path("council-sign-in/refused/", oidc.council_sign_in_refused_view, name="council-sign-in-refused"),
    path("people/", people_views.people_view, name="people"),
    path("people/invite/", people_views.person_invite_view, name="invite"),
    path("people/<int:pk>/", people_views.person_view, name="person"),
    path("people/<int:pk>/switch-off/", people_views.person_deactivate_view, name="person-deactivate"),
    path("set-password/<uidb64>/<token>/", people_views.SetPasswordView.as_view(), name="set-password"),
    path("reset-password/", people_views.password_reset_view, name="reset-password"),
    path("change-password/", people_views.PasswordChangeView.as_view(), name="change-password"),
    path("change-password/done/", people_views.password_changed_view, name="password-changed"),
]
