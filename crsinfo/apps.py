from django.apps import AppConfig


class CrsinfoConfig(AppConfig):
    name = "crsinfo"
    verbose_name = "CRS information"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import connect_signals

        connect_signals()
