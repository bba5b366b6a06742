"""StreamField blocks shared by every page type. Each renders with its own template, has an
icon and a preview value so editors see what they are choosing."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading. Level 2 or 3 only: the page title is the one level-1 heading."""

    text = blocks.CharBlock(max_length=120, help_text="Keep it short: a few words.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Use sub-headings only inside a section.",
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading.html"
        preview_value = {"text": "What we heard", "level": "h2"}
        description = "A heading that starts a new section of the page."


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "home/blocks/paragraph.html"
        preview_value = "<p>Violence is preventable, not inevitable.</p>"
        description = "Text with links and lists."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Who said it, without identifying them, for example 'Young person, 17'.",
    )

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote.html"
        preview_value = {
            "quote": "Having somewhere to go after school changed everything for me.",
            "attribution": "YPAG member",
        }


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text="For example '150,000' or '£6m'.")
    label = blocks.CharBlock(max_length=140, help_text="What the figure counts.")

    class Meta:
        icon = "pick"
        template = "home/blocks/key_figure.html"
        preview_value = {"figure": "150,000", "label": "positive opportunities funded"}


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        template = "home/blocks/key_figures.html"
        preview_value = {
            "heading": "Our work in numbers",
            "figures": [
                {"figure": "150,000", "label": "positive opportunities for young people"},
                {"figure": "32", "label": "boroughs with a parent and carer network"},
            ],
        }
        description = "Up to six headline numbers with a label each."


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, help_text="One or two sentences.")
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or to another website.")
    button_label = blocks.CharBlock(
        max_length=60, help_text="Say where the button goes, for example 'Have your say'."
    )

    class Meta:
        icon = "link"
        template = "home/blocks/call_to_action.html"
        preview_value = {
            "heading": "Have your say",
            "text": "Tell us what would make your area feel safer.",
            "url": "https://example.org/",
            "button_label": "Answer the survey",
        }

    def clean(self, value):
        from django.core.exceptions import ValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter a web address.")}
            )
        return value


class SupportLinksBlock(blocks.StructBlock):
    """Shows the support services from the shared list, so numbers are kept in one place."""

    heading = blocks.CharBlock(default="If you need help now", max_length=120)
    intro = blocks.TextBlock(required=False)

    class Meta:
        icon = "help"
        template = "home/blocks/support_links.html"
        preview_value = {"heading": "If you need help now"}
        description = "The list of helplines and support services."


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/image.html"
        description = "An image with a text description and an optional caption."


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    call_to_action = CallToActionBlock()
    support_links = SupportLinksBlock()
    image = ImageBlock()

    class Meta:
        template = "home/blocks/body.html"
