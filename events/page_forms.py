"""The event editor's form: a network coordinator (who can create and change events, never
publish them) may only make events for the networks they coordinate (decision 0035)."""

from wagtail.admin.forms import WagtailAdminPageForm

NO_OWN_NETWORK = (
    "Choose your own network. You can only make and change events for the networks you coordinate."
)
OTHER_NETWORK_ADDED = (
    "You can only add the networks you coordinate. Ask the VRU to add another network."
)


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or user.is_superuser or self.parent_page is None:
            return cleaned_data
        # Whoever may publish events (Content editors) is not limited to any network.
        if self.parent_page.permissions_for_user(user).can_publish_subpage():
            return cleaned_data
        from events.access import coordinated_network_ids

        own = coordinated_network_ids(user)
        chosen = {network.pk for network in cleaned_data.get("networks") or []}
        before = set()
        if self.instance.pk:
            before = {network.pk for network in self.instance.networks.all()}
        if not chosen & own:
            self.add_error("networks", NO_OWN_NETWORK)
        elif chosen - before - own:
            self.add_error("networks", OTHER_NETWORK_ADDED)
        return cleaned_data
