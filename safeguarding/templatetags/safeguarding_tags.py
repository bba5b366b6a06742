"""Safeguarding in other apps' admin pages, without those views knowing about it:

    {% load safeguarding_tags %}
    {% flagged_among page.object_list as flagged %}   one query for the whole page
    {% safeguarding_badge response flagged %}          "Flagged for safeguarding" to moderators
    {% hand_flag_panel response %}                     the "Flag for safeguarding" form

The badge and the form only show to users who may flag that kind of thing by hand."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ..forms import HandFlagForm
from ..models import SafeguardingFlag
from ..sources import can_flag_by_hand, flag_source

register = template.Library()


@register.simple_tag
def flagged_among(objects) -> set:
    """The pks (as the objects have them) of those with any safeguarding flag: one query."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return set()
    by_type: dict[int, dict[str, object]] = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)  # cached per process
        by_type.setdefault(content_type.pk, {})[str(obj.pk)] = obj.pk
    query = None
    for content_type_id, pks in by_type.items():
        part = SafeguardingFlag.objects.filter(
            content_type_id=content_type_id, object_id__in=list(pks)
        )
        query = part if query is None else query | part
    flagged = set(query.values_list("content_type_id", "object_id"))
    return {
        pk
        for content_type_id, pks in by_type.items()
        for key, pk in pks.items()
        if (content_type_id, key) in flagged
    }


def _may_flag(context, obj) -> bool:
    request = context.get("request")
    source = flag_source(obj) if obj is not None else None
    return bool(request and source and can_flag_by_hand(request.user, source))


@register.inclusion_tag("safeguarding/includes/badge.html", takes_context=True)
def safeguarding_badge(context, obj, flagged=None):
    """Pass `flagged` from `flagged_among` in listings; alone it costs one query."""
    show = _may_flag(context, obj)
    if show:
        show = obj.pk in (flagged if flagged is not None else flagged_among([obj]))
    return {"show": show}


@register.inclusion_tag("safeguarding/includes/hand_flag.html", takes_context=True)
def hand_flag_panel(context, obj):
    if not _may_flag(context, obj):
        return {"show": False}
    request = context["request"]
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "show": True,
        "action": reverse("safeguarding:flag_by_hand", args=[content_type.pk, obj.pk]),
        "next": request.get_full_path(),
        "form": HandFlagForm(auto_id=f"id_hand_flag_{obj.pk}_%s"),
        "csrf_token": context.get("csrf_token"),
    }
