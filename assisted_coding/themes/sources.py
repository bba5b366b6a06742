"""Where the texts that themes group come from. An app above this one registers a source in
its AppConfig.ready() (consultations registers its free-text answers), so runs name their
items by id and this app imports none of them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeItem:
    """One text to group: `item_id` names it (an answer's pk); `owner` and `key` name its
    stored vector as the language layer does ((content type id, object id), key)."""

    item_id: int
    owner: tuple[int, str]
    key: str
    text: str


@dataclass(frozen=True)
class ThemeSource:
    name: str
    # The model whose rows the item ids are (memberships point at it generically).
    item_model: Callable[[], type]
    # The items still there among these ids, in any order (deleted or withdrawn ones left out).
    items: Callable[[list[int]], Iterable[ThemeItem]]
    # Turn a run's kept themes into tags on their items: (run, user, progress) -> figures.
    to_tags: Callable | None = None


_sources: dict[str, ThemeSource] = {}


def register_theme_source(source: ThemeSource) -> None:
    _sources[source.name] = source


def theme_source(name: str) -> ThemeSource:
    try:
        return _sources[name]
    except KeyError:
        raise LookupError(f"No theme source {name!r} is registered.") from None
