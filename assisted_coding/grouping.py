"""Store and read campaigns (groups of nearly identical answers) for any app's answers.

An app says where its answers are with `register_campaign_source(owner_model, scope_field,
texts)`: `owner_model` owns the answers' vectors (a consultation `Response`), `scope_field`
names the object campaigns are found within (its consultation), and `texts(owners)` yields
(owner pk, key, text) for a queryset of owners. Only answers whose stored vector matches
their current text are grouped, and a membership hangs on that vector, so it is deleted
with it whenever the answer's words are redacted or removed.

`regroup` and `sweep` run in the task worker or a command (they read every answer of a
scope); the reads (`campaigns_of`, `owners_in`, `repeat_owners`) are small indexed queries
safe in a web request.
"""

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Count, Max
from django.db.models.functions import Cast
from django.utils import timezone

from . import campaigns
from .models import Campaign, CampaignMember, CampaignRun

logger = logging.getLogger("vru.assisted_coding")


@dataclass(frozen=True)
class CampaignSource:
    owner_model: type
    scope_field: str
    texts: Callable[[object], Iterable[tuple[object, str, str]]]


_sources: dict[type, CampaignSource] = {}


def register_campaign_source(owner_model: type, scope_field: str, texts) -> None:
    """Answers owned by `owner_model` are grouped within the object `scope_field` names."""
    _sources[owner_model] = CampaignSource(owner_model, scope_field, texts)


@dataclass(frozen=True)
class CampaignInfo:
    pk: int
    size: int  # how many owners (responses) are in it
    keys: tuple[str, ...]  # which of this owner's answers are in it


def _owners_with_pk_text(source: CampaignSource):
    return source.owner_model._base_manager.annotate(pk_text=Cast("pk", CharField()))


def regroup(owner_model: type, scope_id) -> CampaignRun:
    """Find the campaigns among the answers of one scope and store them, keeping the number
    of a campaign whose members mostly stay (so links to it keep working)."""
    from language.encoder import model_version
    from language.models import TextVector
    from language.services import _key, text_sha256

    source = _sources[owner_model]
    started, clock = timezone.now(), time.perf_counter()
    content_type = ContentType.objects.get_for_model(owner_model)
    owners = owner_model._base_manager.filter(**{source.scope_field: scope_id})
    texts = {(str(pk), _key(key)): text for pk, key, text in source.texts(owners)}
    in_scope = _owners_with_pk_text(source).filter(**{source.scope_field: scope_id})
    vectors = TextVector.objects.filter(
        content_type=content_type,
        model_version=model_version(),
        object_id__in=in_scope.values("pk_text"),
    ).values_list("pk", "object_id", "key", "text_sha256")
    items, where = [], {}
    for vector_pk, object_id, key, sha in vectors.iterator(chunk_size=5000):
        text = texts.get((object_id, key))
        if text is not None and text_sha256(text) == sha:
            items.append((vector_pk, text))
            where[vector_pk] = (object_id, key)
    groups = campaigns.find_groups(items)
    scope_id = str(scope_id)
    with transaction.atomic():
        existing = Campaign.objects.select_for_update().filter(
            owner_content_type=content_type, scope_object_id=scope_id
        )
        previous = dict(
            CampaignMember.objects.filter(campaign__in=existing).values_list(
                "vector_id", "campaign_id"
            )
        )
        kept: set[int] = set()
        members = []
        for group in groups:
            votes = Counter(previous[pk] for pk in group if pk in previous)
            reuse = next((pk for pk, _ in votes.most_common() if pk not in kept), None)
            if reuse is None:
                campaign = Campaign.objects.create(
                    owner_content_type=content_type, scope_object_id=scope_id
                )
                reuse = campaign.pk
            kept.add(reuse)
            members += [
                CampaignMember(
                    campaign_id=reuse,
                    vector_id=pk,
                    content_type=content_type,
                    object_id=where[pk][0],
                    key=where[pk][1],
                )
                for pk in group
            ]
        CampaignMember.objects.filter(campaign__in=existing).delete()
        existing.exclude(pk__in=kept).delete()
        Campaign.objects.filter(pk__in=kept).update(updated_at=timezone.now())
        CampaignMember.objects.bulk_create(members, batch_size=2000)
        run = CampaignRun.objects.create(
            owner_content_type=content_type,
            scope_object_id=scope_id,
            started_at=started,
            seconds=time.perf_counter() - clock,
            answers=len(items),
            campaigns=len(groups),
        )
    return run


def prune() -> int:
    """Delete campaigns left with fewer than two owners (their other answers were deleted
    or redacted since). Returns how many."""
    small = list(
        Campaign.objects.annotate(owners=Count("members__object_id", distinct=True))
        .filter(owners__lt=2)
        .values_list("pk", flat=True)
    )
    Campaign.objects.filter(pk__in=small).delete()
    return len(small)


def sweep() -> int:
    """Regroup every scope where answers have had vectors stored since the last sweep, and
    prune campaigns that shrank. Returns how many scopes were regrouped."""
    from language.models import TextVector

    regrouped = 0
    for owner_model, source in _sources.items():
        content_type = ContentType.objects.get_for_model(owner_model)
        started = timezone.now()
        since = CampaignRun.objects.filter(
            owner_content_type=content_type, scope_object_id=""
        ).aggregate(last=Max("started_at"))["last"]
        new = TextVector.objects.filter(content_type=content_type)
        if since is not None:
            new = new.filter(created_at__gte=since)
        scope_ids = (
            _owners_with_pk_text(source)
            .filter(pk_text__in=new.values("object_id"))
            .values_list(source.scope_field, flat=True)
            .distinct()
        )
        for scope_id in sorted({pk for pk in scope_ids if pk is not None}):
            regroup(owner_model, scope_id)
            regrouped += 1
        CampaignRun.objects.create(owner_content_type=content_type, started_at=started)
    pruned = prune()
    if regrouped or pruned:
        logger.info(
            "Looked for campaigns in %s scopes; %s shrunken campaigns removed", regrouped, pruned
        )
    return regrouped


# --- reads (safe in a web request) ----------------------------------------------------------


def _owner_pk(owner_model: type, object_id: str):
    return owner_model._meta.pk.to_python(object_id)


def campaigns_of(owner_model: type, owner_ids) -> dict:
    """{owner pk: [CampaignInfo, ...]} for these owners (two queries, any number of them)."""
    content_type = ContentType.objects.get_for_model(owner_model)
    rows = list(
        CampaignMember.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in owner_ids]
        ).values_list("object_id", "campaign_id", "key")
    )
    if not rows:
        return {}
    sizes = dict(
        CampaignMember.objects.filter(campaign__in={campaign for _, campaign, _ in rows})
        .values("campaign")
        .annotate(owners=Count("object_id", distinct=True))
        .values_list("campaign", "owners")
    )
    keys: dict = defaultdict(list)
    for object_id, campaign, key in rows:
        keys[(object_id, campaign)].append(key)
    found: dict = defaultdict(list)
    for (object_id, campaign), its_keys in sorted(keys.items()):
        if sizes.get(campaign, 0) > 1:
            found[_owner_pk(owner_model, object_id)].append(
                CampaignInfo(campaign, sizes[campaign], tuple(its_keys))
            )
    return dict(found)


def owners_in(owner_model: type, campaign_id) -> list:
    """The pks of the owners with an answer in this campaign."""
    object_ids = CampaignMember.objects.filter(
        campaign_id=campaign_id, content_type=ContentType.objects.get_for_model(owner_model)
    ).values_list("object_id", flat=True)
    return sorted({_owner_pk(owner_model, object_id) for object_id in object_ids})


def repeat_owners(owner_model: type) -> list:
    """Owners to leave out when each campaign is counted once: every member owner of a
    campaign except its first (lowest pk). An owner that is the first of any campaign it is
    in is counted."""
    rows = CampaignMember.objects.filter(
        content_type=ContentType.objects.get_for_model(owner_model)
    ).values_list("campaign_id", "object_id")
    by_campaign: dict = defaultdict(set)
    for campaign, object_id in rows.iterator(chunk_size=5000):
        by_campaign[campaign].add(_owner_pk(owner_model, object_id))
    firsts, repeats = set(), set()
    for owners in by_campaign.values():
        if len(owners) > 1:
            first = min(owners)
            firsts.add(first)
            repeats |= owners - {first}
    return sorted(repeats - firsts)


def summary(owner_model: type, scope_id=None) -> tuple[int, int]:
    """(campaigns, owners in them) among `owner_model`'s answers, in one scope or all."""
    members = CampaignMember.objects.filter(
        content_type=ContentType.objects.get_for_model(owner_model)
    )
    if scope_id is not None:
        members = members.filter(campaign__scope_object_id=str(scope_id))
    sizes = members.values("campaign").annotate(owners=Count("object_id", distinct=True))
    sizes = [row["owners"] for row in sizes if row["owners"] > 1]
    owners = members.values("object_id").distinct().count() if sizes else 0
    return len(sizes), owners
