"""The brands app's own Chinese catalogue is complete, and its compiled .mo matches it."""

import gettext
from pathlib import Path

from tests.test_foundation_i18n import parse_po, unescape

FOLDER = Path(__file__).resolve().parents[2] / "brands" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_brands_string_is_translated_and_compiled():
    entries = parse_po(FOLDER / "django.po")
    assert len(entries) > 300
    with open(FOLDER / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        assert all(entry["msgstr"]), entry["msgid"]
        if not entry["msgid_plural"]:
            msgid = unescape(entry["msgid"])
            assert compiled.gettext(msgid) == unescape(entry["msgstr"][0]), msgid
