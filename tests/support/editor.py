"""Post a Wagtail page editor's form back as the browser would, unchanged.

`edit_form_data(html, page)` reads the edit view's HTML: every input, select and textarea of
the page form as the browser would send it, and each StreamField from the JSON state the
editor's JavaScript starts from (`data-w-block-arguments-value`), turned into the form keys
Wagtail's blocks read back (`<name>-count`, `<name>-0-type`, `<name>-0-value-...`).
"""

import json
from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict

from wagtail import blocks

FORM_ID = "page-edit-form"
SNIPPET_FORM_ID = "w-editor-form"


class _EditFormParser(HTMLParser):
    def __init__(self, form_id: str = FORM_ID):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # inside the page form when > 0
        self.fields: list[tuple[str, str]] = []
        self.streams: dict[str, list] = {}
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if self.depth or attributes.get("id") == self.form_id:
                self.depth += 1
            return
        if not self.depth:
            return
        if "data-w-block-arguments-value" in attributes and attributes.get("id"):
            state, _errors = json.loads(attributes["data-w-block-arguments-value"])
            self.streams[attributes["id"]] = state
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.fields.append((name, attributes.get("value", default)))
        elif tag == "select" and name and "disabled" not in attributes:
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "selected": "selected" in attributes,
                "text": "",
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and name and "disabled" not in attributes:
            self._textarea = {"name": name, "text": ""}

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [option for option in options if option["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # what a browser sends for a select with nothing chosen
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.fields.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # Browsers drop one newline straight after <textarea>.
            self.fields.append((self._textarea["name"], text[1:] if text[:1] == "\n" else text))
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data


def block_form_data(block, state, prefix: str, data: MultiValueDict) -> None:
    """The form keys for one block's editor state, as the editor's JavaScript posts them."""
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state or []))
        for index, child in enumerate(state or []):
            data[f"{prefix}-{index}-type"] = child["type"]
            data[f"{prefix}-{index}-id"] = child.get("id") or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_form_data(
                block.child_blocks[child["type"]],
                child["value"],
                f"{prefix}-{index}-value",
                data,
            )
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state or []))
        for index, item in enumerate(state or []):
            data[f"{prefix}-{index}-id"] = item.get("id") or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_form_data(block.child_block, item["value"], f"{prefix}-{index}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            block_form_data(child, (state or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.BooleanBlock):
        if state:
            data[prefix] = "on"
    elif isinstance(state, dict):  # choosers: the chosen object's id
        data[prefix] = "" if state.get("id") is None else str(state["id"])
    elif isinstance(state, list):
        data.setlist(prefix, [str(value) for value in state])
    else:
        data[prefix] = "" if state is None else str(state)


def edit_form_data(html: str, page, *, form_id: str = FORM_ID) -> MultiValueDict:
    """What the browser would post from the edit view's page form, changing nothing. For a
    snippet's edit view pass `form_id=SNIPPET_FORM_ID`."""
    parser = _EditFormParser(form_id)
    parser.feed(html)
    data = MultiValueDict()
    for name, value in parser.fields:
        data.appendlist(name, value)
    model = type(page)
    for name, state in parser.streams.items():
        field = model._meta.get_field(name)  # a StreamField of the page itself
        for key in [key for key in data if key == name or key.startswith(f"{name}-")]:
            del data[key]
        block_form_data(field.stream_block, state, name, data)
    return data
