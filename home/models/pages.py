"""The public pages that tell the VRU's story."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock

from .reference import PriorityArea, SupportService


class BasePage(Page):
    """Fields every content page shares. Abstract, one level deep."""

    introduction = models.TextField(
        blank=True,
        max_length=400,
        help_text="One or two plain-English sentences shown under the title and in listings.",
    )

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    hero_heading = models.CharField(
        max_length=120, blank=True, help_text="A short line that says what the VRU is for."
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["priority_areas"] = PriorityArea.objects.in_strategy_order()
        context["sections"] = self.get_children().live().in_menu().specific()
        return context


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = "standard page"


class StrategyPage(BasePage):
    """The strategy: mission, vision, impact goals, guiding principles and the five priority
    areas (read from the reference table, so the wording lives in one place)."""

    mission = models.TextField(help_text="What the VRU exists to do, in one or two sentences.")
    vision = models.TextField(help_text="The London we are working towards.")
    impact_goals = RichTextField(
        features=["ul", "bold", "link"], help_text="A bulleted list of the impact goals."
    )
    guiding_principles = RichTextField(
        features=["ul", "bold", "link"], help_text="A bulleted list of the guiding principles."
    )
    body = StreamField(
        BodyBlock(), blank=True, use_json_field=True, help_text="Anything else, after the areas."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("mission"), FieldPanel("vision")], heading="Purpose"),
        FieldPanel("impact_goals"),
        FieldPanel("guiding_principles"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("mission"),
        index.SearchField("vision"),
        index.SearchField("impact_goals"),
        index.SearchField("guiding_principles"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "strategy page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["priority_areas"] = PriorityArea.objects.in_strategy_order()
        return context


class GetHelpPage(BasePage):
    """'Get help now': every support service, emergency first."""

    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    max_count = 1

    class Meta:
        verbose_name = "get help page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["support_services"] = SupportService.objects.all()
        return context
