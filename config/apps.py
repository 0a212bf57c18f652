from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Project-level hooks: templates tags and checks that belong to no one app."""

    name = "config"
    label = "portal"
    verbose_name = "Portal"
