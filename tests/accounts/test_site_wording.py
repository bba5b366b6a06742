"""allauth's wording is replaced by ours through site/locale/en_GB (see decision 0015)."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "site/locale/en_GB/LC_MESSAGES/django.po"


def test_compiled_wording_matches_the_po_file():
    """Fails when someone edits django.po and forgets to run msgfmt (its first lines say how)."""
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', PO_FILE.read_text(), flags=re.M)
    assert len(pairs) > 50
    with translation.override("en-gb"):
        for msgid, msgstr in pairs:
            msgid, msgstr = (text.replace('\\"', '"') for text in (msgid, msgstr))
            assert translation.gettext(msgid) == msgstr, msgid
