from django.urls import path

from . import security_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", security_views.login_code, name="login-code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", security_views.security, name="security"),
    path("security/enrol/", security_views.enrol, name="enrol"),
    path("security/recovery-codes/", security_views.recovery_codes, name="recovery-codes"),
    path("security/password/", security_views.password_change, name="password-change"),
]
