"""Consultation pages: the listing, and one page per consultation holding its survey."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from consultations.blocks import SurveyBlock, split_into_steps
from home.blocks import BodyBlock
from home.models import Borough, Network, PriorityArea

DEFAULT_CONSENT_QUESTION = (
    "Can we publish your answers (without your name or anything that identifies you)?"
)


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", "Opens soon"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    RESULTS_PUBLISHED = "results_published", "Results published"


class ConsultationPageQuerySet(PageQuerySet):
    """Reads of consultations by status and audience. Status comes from the opening and
    closing times, so these filters are always current without a scheduled job."""

    def open(self, now=None):
        """Open now: opened already and not yet closed."""
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__gt=now)

    def closed(self, now=None):
        """Closed, with or without published results."""
        now = now or timezone.now()
        return self.filter(closes_at__lte=now)

    def for_network(self, network: Network):
        return self.filter(networks=network).distinct()

    def for_priority_area(self, area: PriorityArea):
        return self.filter(priority_areas=area).distinct()

    def for_borough(self, borough: Borough):
        return self.filter(boroughs=borough).distinct()


ConsultationPageManager = PageManager.from_queryset(ConsultationPageQuerySet)


@dataclass
class Question:
    """One question of the survey, as asked now."""

    id: str
    block: object  # a consultations.blocks.QuestionBlock
    value: object  # its StructValue
    position: int

    @property
    def question_type(self) -> str:
        return self.block.question_type

    @property
    def label(self) -> str:
        return self.block.field_kwargs(self.value)["label"]

    @property
    def hint(self) -> str:
        return self.value.get("hint") or ""


@dataclass
class Step:
    number: int
    heading: str
    introduction: str
    questions: list[Question] = field(default_factory=list)

    def next_number(self, answers: dict, step_count: int) -> int | None:
        """The step these answers (cleaned, by question id) lead to: the first question here
        whose answer has a route decides; otherwise the next step. None is the end ("check
        your answers"). A route that is not forward (from an old, unchecked revision) is
        ignored, so the journey can never loop."""
        for question in self.questions:
            routed, target = question.block.next_step(question.value, answers.get(question.id))
            if routed:
                if target is None or self.number < target <= step_count:
                    return target
                break
        return self.number + 1 if self.number < step_count else None


class ConsultationIndexPage(RoutablePageMixin, Page):
    """Lists consultations: open first, then upcoming, then closed. Filterable by priority
    area, network and borough through the query string."""

    introduction = models.TextField(blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = "consultation index page"

    # The view behind the route: consultations.listing attaches itself here when the app is
    # ready (attach_route_view), so this model never imports the views that import it.
    route_views = None

    @path("")
    def index_route(self, request):
        return self.route_views.consultation_index(request, self)


class ConsultationPage(RoutablePageMixin, Page):
    summary = models.TextField(
        max_length=400, help_text="One or two sentences: what we are asking and why it matters."
    )
    why_we_are_asking = StreamField(BodyBlock(), blank=True, use_json_field=True)
    audience = models.CharField(
        "who it is for",
        max_length=200,
        blank=True,
        help_text="For example 'Young people aged 11 to 25 in London'.",
    )
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    networks = ParentalManyToManyField(Network, blank=True, related_name="consultations")
    priority_areas = ParentalManyToManyField(PriorityArea, blank=True, related_name="consultations")
    boroughs = ParentalManyToManyField(
        Borough,
        blank=True,
        related_name="consultations",
        help_text="Leave empty for a London-wide consultation.",
    )
    opens_at = models.DateTimeField("opens", help_text="London time.")
    closes_at = models.DateTimeField("closes", help_text="London time.")
    estimated_minutes = models.PositiveSmallIntegerField(
        default=5, help_text="About how long it takes to answer."
    )
    privacy_notice = RichTextField(
        features=["bold", "link", "ul"],
        help_text="What we keep, why, for how long and who sees it. Write for a 13-year-old.",
    )
    retention_days = models.PositiveIntegerField(
        "keep personal data for (days)",
        default=365,
        help_text="After this many days from closing, personal data is removed.",
    )
    is_sensitive = models.BooleanField(
        "sensitive topic",
        default=False,
        help_text="Shows a quick-exit button and 'get help now' beside free-text questions.",
    )
    survey = StreamField(SurveyBlock(), blank=True, use_json_field=True)

    results_expected = models.CharField(
        "results expected",
        max_length=100,
        blank=True,
        help_text="When people will hear what happened, for example 'March 2027'.",
    )
    results_what_we_heard = StreamField(
        BodyBlock(), blank=True, use_json_field=True, verbose_name="what we heard"
    )
    results_what_we_will_do = RichTextField(
        "what we will do", blank=True, features=["bold", "link", "ul", "ol", "h3"]
    )
    results_when = models.CharField("when we will do it", max_length=200, blank=True)
    publish_responses = models.BooleanField(
        "publish responses",
        default=False,
        help_text="Ask respondents if we may publish their answers. Staff approve each answer, "
        "with identifying details removed, before it is shown.",
    )
    publish_consent_question = models.CharField(
        "consent question",
        max_length=200,
        default=DEFAULT_CONSENT_QUESTION,
        help_text="The question on the check-your-answers page. Keep it plain.",
    )
    # Set by consultations.services.publish_results, never by editors; kept across revisions.
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("why_we_are_asking"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("age_from"), FieldPanel("age_to")]),
                FieldPanel("networks"),
                FieldPanel("boroughs"),
                FieldPanel("priority_areas"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("estimated_minutes"),
                FieldPanel("is_sensitive"),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("retention_days")], heading="Privacy"
        ),
        FieldPanel("survey"),
        MultiFieldPanel(
            [
                FieldPanel("results_expected"),
                FieldPanel("results_what_we_heard"),
                FieldPanel("results_what_we_will_do"),
                FieldPanel("results_when"),
            ],
            heading="You said, we did (after closing)",
        ),
        MultiFieldPanel(
            [FieldPanel("publish_responses"), FieldPanel("publish_consent_question")],
            heading="Publishing responses (with consent)",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("why_we_are_asking"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "consultation"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The closing time must be after the opening time."})
        if self.age_from and self.age_to and self.age_to < self.age_from:
            raise ValidationError({"age_to": "The upper age must not be below the lower age."})

    def with_content_json(self, content):
        # Results publication is a fact about the page, not about one revision.
        page = super().with_content_json(content)
        page.results_published_at = self.results_published_at
        return page

    # --- status ---------------------------------------------------------------------------

    def status(self, now=None) -> ConsultationStatus:
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationStatus.UPCOMING
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        if self.results_published_at:
            return ConsultationStatus.RESULTS_PUBLISHED
        return ConsultationStatus.CLOSED

    @property
    def current_status(self) -> ConsultationStatus:
        return self.status()

    @property
    def is_open(self) -> bool:
        return self.status() == ConsultationStatus.OPEN

    def seconds_until_status_changes(self, now=None) -> int | None:
        """Seconds until the consultation opens or closes; None once it has closed (after
        that only publishing changes it, and publishing purges the page cache)."""
        now = now or timezone.now()
        for moment in (self.opens_at, self.closes_at):
            if now < moment:
                return int((moment - now).total_seconds())
        return None

    def has_results(self) -> bool:
        return bool(self.results_what_we_heard or self.results_what_we_will_do)

    @property
    def personal_data_removed_after(self):
        return self.closes_at + timedelta(days=self.retention_days)

    # --- the survey -----------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The survey split into steps at each section break. Empty steps are dropped."""
        steps = []
        position = 0
        for number, (section, children) in enumerate(split_into_steps(self.survey), 1):
            step = Step(
                number=number,
                heading=section["heading"] if section else "Your views",
                introduction=(section.get("introduction") or "") if section else "",
            )
            for child in children:
                position += 1
                step.questions.append(
                    Question(id=child.id, block=child.block, value=child.value, position=position)
                )
            steps.append(step)
        return steps

    def questions(self) -> list[Question]:
        return [question for step in self.steps() for question in step.questions]

    def subpage_url(self, name: str, *args, **kwargs) -> str:
        return self.url + self.reverse_subpage(name, args=args, kwargs=kwargs)

    # --- routes: consultations.views does the work (attached as for the index page) --------

    route_views = None

    @path("")
    def start_route(self, request):
        return self.route_views.consultation_start(request, self)

    @path("step/<int:number>/")
    def step_route(self, request, number):
        return self.route_views.survey_step(request, self, number)

    @path("check-your-answers/")
    def check_route(self, request):
        return self.route_views.check_answers(request, self)

    @path("confirmation/<str:reference>/")
    def confirmation_route(self, request, reference):
        return self.route_views.confirmation(request, self, reference)

    @path("continue-later/")
    def continue_later_route(self, request):
        return self.route_views.continue_later(request, self)

    @path("resume/<str:token>/")
    def resume_route(self, request, token):
        return self.route_views.resume(request, self, token)

    @path("published-responses/")
    def published_responses_route(self, request):
        return self.route_views.published_responses(request, self)

    @path("group/<str:code>/")
    def group_route(self, request, code):
        return self.route_views.join_group_session(request, self, code)
