from django.apps import AppConfig


class YpagConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ypag"
    verbose_name = "Young People's Action Group"

    def ready(self):
        from events.access import register_coordinator_lookup
        from home.retention import register_retention
        from ypag import retention, services

        register_retention("ypag.interests", retention.apply)
        # Network coordinators see the attendees of their network's events.
        register_coordinator_lookup(services.coordinated_network_ids)
