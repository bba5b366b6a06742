"""The YPAG section and the network pages. Each page lists upcoming events and open
consultations automatically through ypag.services, so nobody has to keep lists up to date."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.models import BasePage, Network

from .. import services


class YPAGLandingPage(RoutablePageMixin, BasePage):
    """The home of the Young People's Action Group section. Everything under it is edited by
    YPAG editors and reviewed by content editors before it goes live ("YPAG review")."""

    motto = models.CharField(
        max_length=120,
        default="Nothing about us without us",
        help_text="The group's motto, shown large near the top of the page.",
    )
    who_we_are = models.TextField(
        help_text="Who is in the group and what they do, in two or three short sentences.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text="Anything else you want to say. Use headings to break it up.",
    )
    get_involved_text = models.TextField(
        blank=True,
        help_text="Shown above the 'get involved' form. Say who can join and what happens next.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("motto"),
        FieldPanel("who_we_are"),
        FieldPanel("body"),
        FieldPanel("get_involved_text"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("who_we_are"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["ypag.YPAGThemePage", "home.StandardPage"]
    max_count = 1

    template = "ypag/landing_page.html"

    class Meta:
        verbose_name = "YPAG landing page"

    def get_context(self, request, *args, **kwargs):
        from .people import MemberProfile

        context = super().get_context(request, *args, **kwargs)
        network = services.ypag_network()
        context["member_profiles"] = MemberProfile.objects.visible()
        context["theme_pages"] = YPAGThemePage.objects.child_of(self).live().public()
        context["events"] = services.related_events(network=network)
        context["consultations"] = services.related_consultations(network=network)
        context["get_involved_url"] = self.get_involved_url(request)
        return context

    def get_involved_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("get_involved")

    @path("get-involved/", name="get_involved")
    def get_involved(self, request):
        from ypag.forms import YPAGInterestForm

        if request.method == "POST":
            form = YPAGInterestForm(request.POST)
            if form.is_valid():
                if not form.is_spam:
                    services.record_interest(form.cleaned_data)
                return redirect(self.get_url(request) + self.reverse_subpage("get_involved_done"))
        elif request.method in ("GET", "HEAD"):
            form = YPAGInterestForm()
        else:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return TemplateResponse(
            request,
            "ypag/get_involved.html",
            {"page": self, "self": self, "form": form},
        )

    @path("get-involved/thank-you/", name="get_involved_done")
    def get_involved_done(self, request):
        return TemplateResponse(request, "ypag/get_involved_done.html", {"page": self})


class YPAGThemePage(BasePage):
    """One of the YPAG's thematic priorities. Lists events and consultations linked to the
    same priority areas, automatically."""

    class Theme(models.TextChoices):
        SCHOOL_EXCLUSION = "school_exclusion", "Changing the story on school exclusion"
        ONLINE_HARMS = "online_harms", "Online harms"
        EMPLOYMENT = "employment", "Pathways into employment"

    theme = models.CharField(
        max_length=30,
        choices=Theme.choices,
        help_text="Which of the group's three priorities this page is about.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text="What the group is doing on this and why it matters.",
    )
    priority_areas = ParentalManyToManyField(
        "home.PriorityArea",
        blank=True,
        related_name="ypag_theme_pages",
        help_text="Events and consultations in these priority areas are listed on this page.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("priority_areas", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["ypag.YPAGLandingPage"]
    subpage_types = []

    template = "ypag/theme_page.html"

    class Meta:
        verbose_name = "YPAG theme page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        areas = list(self.priority_areas.all())
        context["events"] = services.related_events(priority_areas=areas)
        context["consultations"] = services.related_consultations(priority_areas=areas)
        return context


class NetworkIndexPage(BasePage):
    """Lists every network page: parent and carer champions, the Housing Association Youth
    Network, MyEnds and the YPAG."""

    body = StreamField(
        BodyBlock(), blank=True, use_json_field=True, help_text="Shown under the introduction."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["ypag.NetworkPage"]
    max_count = 1

    template = "ypag/network_index_page.html"

    class Meta:
        verbose_name = "network index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["network_pages"] = (
            NetworkPage.objects.child_of(self).live().public().select_related("network")
        )
        return context


class NetworkPage(BasePage):
    """One network's page. Summary and how to join come from the network record unless the
    page says otherwise; events and consultations linked to the network appear by themselves."""

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="pages",
        help_text="The network this page is about. Its events and consultations are listed "
        "automatically.",
    )
    how_to_join = models.TextField(
        blank=True,
        help_text="Plain-English steps to join. Leave empty to use the network's own text.",
    )
    body = StreamField(
        BodyBlock(), blank=True, use_json_field=True, help_text="Anything else about the network."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("network"),
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("how_to_join")], heading="Joining"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["ypag.NetworkIndexPage"]
    subpage_types = []

    template = "ypag/network_page.html"

    class Meta:
        verbose_name = "network page"

    def clean(self):
        super().clean()
        if self.network_id:
            others = NetworkPage.objects.filter(network_id=self.network_id).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"network": "This network already has a page."})

    @property
    def summary(self) -> str:
        return self.introduction or self.network.summary

    @property
    def joining_text(self) -> str:
        return self.how_to_join or self.network.how_to_join

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        network = self.network
        if network.kind == Network.Kind.PARENT_CARER:
            context["borough_networks"] = (
                Network.objects.of_kind(Network.Kind.PARENT_CARER)
                .select_related("borough")
                .order_by("borough__name")
            )
        elif network.kind == Network.Kind.HOUSING_YOUTH:
            context["partners"] = network.partners.all()
            context["boroughs"] = network.boroughs.all()
        context["events"] = services.related_events(network=network)
        context["consultations"] = services.related_consultations(network=network)
        return context
