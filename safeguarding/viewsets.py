from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from safeguarding.models import SafeguardingCategory, SafeguardingPhrase


class SafeguardingPhraseViewSet(SnippetViewSet):
    model = SafeguardingPhrase
    icon = "warning"
    menu_label = "Phrases"
    list_display = ["phrase", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["phrase"]
    list_per_page = 100


class SafeguardingCategoryViewSet(SnippetViewSet):
    model = SafeguardingCategory
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "sort_order"]


class SafeguardingPhrasesGroup(SnippetViewSetGroup):
    """Only users with the phrase and category permissions (the Safeguarding lead group)
    see this menu."""

    menu_label = "Safeguarding phrases"
    menu_icon = "warning"
    menu_order = 310
    items = (SafeguardingPhraseViewSet, SafeguardingCategoryViewSet)
