from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CrsinfoConfig(AppConfig):
    name = "crsinfo"
    verbose_name = "CRS information"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .staff.sessions import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="crsinfo-staff-session-start")


class CrsinfoAdminConfig(AdminConfig):
    """Django's admin with our AdminSite (two-factor sign-in) as ``admin.site``."""

    default_site = "crsinfo.admin_site.AdminSite"
