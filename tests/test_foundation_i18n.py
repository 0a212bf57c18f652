"""The UI is Chinese by default, English on request, and the Chinese catalogue is complete."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: msgid, msgstr (first form), flags (the header skipped)."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            current, key = None, None
            continue
        if current is None:
            current = {"msgid": "", "msgid_plural": "", "msgstr": [], "flags": "", "ctx": None}
            entries.append(current)
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                key, text = match.groups()
                if key.startswith("msgstr"):
                    current["msgstr"].append(text)
                elif key == "msgctxt":
                    current["ctx"] = text
                else:
                    current[key] = text
            elif line.startswith('"'):
                text = line[1:-1]
                if key.startswith("msgstr"):
                    current["msgstr"][-1] += text
                elif key == "msgctxt":
                    current["ctx"] += text
                else:
                    current[key] += text
    return [e for e in entries if e["msgid"]]


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text)


def test_every_chinese_entry_is_translated_and_not_fuzzy():
    entries = parse_po(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 20
    missing = [e["msgid"] for e in entries if "fuzzy" in e["flags"] or not all(e["msgstr"])]
    assert missing == [], f"untranslated or fuzzy in zh_Hans: {missing[:10]}"


def test_english_catalogue_is_present():
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.po").exists()


def test_compiled_chinese_catalogue_matches_the_po_file():
    """The committed .mo must be compiled from the current .po (run `make messages`)."""
    mo_path = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    stale = []
    for entry in parse_po(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"):
        msgid, expected = unescape(entry["msgid"]), unescape(entry["msgstr"][0])
        if entry["msgid_plural"]:
            got = catalogue.ngettext(msgid, unescape(entry["msgid_plural"]), 1)
        elif entry["ctx"] is not None:
            got = catalogue.pgettext(unescape(entry["ctx"]), msgid)
        else:
            got = catalogue.gettext(msgid)
        if got != expected:
            stale.append(msgid)
    assert stale == [], f"django.mo is older than django.po for: {stale[:10]}"


@pytest.mark.django_db
def test_chinese_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_language_switcher_changes_the_interface_to_english_and_back(client):
    login = reverse("login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    english = client.get(login).content.decode()
    assert '<html lang="en">' in english
    assert "Sign in" in english
    assert "登录" not in english

    client.post(reverse("set_language"), {"language": "zh-hans", "next": login})
    assert "登录" in client.get(login).content.decode()
