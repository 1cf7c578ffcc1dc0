#!/usr/bin/env python3
"""Keep the German and English catalogues of every app in step with the code.

scripts/messages          update each app's locale/{de,en}/LC_MESSAGES/django.po
                          (English: msgstr = msgid where empty)
scripts/messages --check  fail if a catalogue lacks a msgid the code has, or a
                          German/English entry is untranslated or fuzzy
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "federkiel"
LANGUAGES = ("de", "en")
FEDERKIEL = ROOT / ".venv" / "bin" / "federkiel"


def catalogue_dirs(base: Path) -> list[Path]:
    """The project package and every app that has a locale/ folder."""
    return sorted(p.parent for p in base.glob("**/locale") if p.is_dir() and ".venv" not in p.parts)


def makemessages(directory: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "federkiel.settings_test"}
    env.setdefault("FEDERKIEL_DATA_DIR", tempfile.mkdtemp())
    args = [str(FEDERKIEL), "makemessages", "--no-location", "--no-obsolete", "-v", "0"]
    for language in LANGUAGES:
        args += ["-l", language]
    if directory == PACKAGE or directory.name == "federkiel":
        # The project catalogue holds what lives outside the apps.
        apps = [p.name for p in directory.iterdir() if (p / "apps.py").exists()]
        for app in apps:
            args += ["--ignore", f"{app}/*"]
    subprocess.run(args, cwd=directory, env=env, check=True)


def drop_fuzzy_guesses(po_path: Path) -> None:
    """msgmerge guesses translations for new entries; a wrong guess is worse than none."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and "fuzzy" in message.flags:
            message.flags.discard("fuzzy")
            message.string = ("", "") if isinstance(message.id, tuple) else ""
            message.previous_id = []
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


def fill_english(po_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        # A fuzzy entry carries msgmerge's guess from a similar msgid ("topics" for
        # "Topics"); English is the source language, so it takes its own msgid.
        guessed = "fuzzy" in message.flags
        if isinstance(message.id, tuple):
            if guessed or not any(message.string):
                message.string = (message.id[0], message.id[1])
        elif guessed or not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


def problems(directory: Path) -> list[str]:
    found = []
    for language in LANGUAGES:
        po_path = directory / "locale" / language / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            found.append(f"{po_path}: missing")
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if "fuzzy" in message.flags or not all(strings):
                found.append(f"{po_path.relative_to(ROOT)}: untranslated {message.id!r}")
    return found


def disagreements(directories: list[Path]) -> list[str]:
    """One msgid translated two ways in two apps: Django merges the catalogues, so only
    one of the two would ever show, and one page would read wrong."""
    found = []
    for language in LANGUAGES:
        seen: dict[tuple[object, object], dict[object, list[str]]] = {}
        for directory in directories:
            po_path = directory / "locale" / language / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                continue
            with po_path.open("rb") as handle:
                for message in read_po(handle):
                    if message.id:
                        key = (message.context, message.id)
                        where = str(po_path.relative_to(ROOT))
                        seen.setdefault(key, {}).setdefault(message.string, []).append(where)
        for (_context, msgid), translations in seen.items():
            if len(translations) > 1:
                ways = "; ".join(f"{s!r} in {', '.join(w)}" for s, w in translations.items())
                found.append(f"{language}: {msgid!r} is translated differently: {ways}")
    return found


def msgids(po_path: Path) -> set[str]:
    with po_path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def check() -> int:
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "federkiel"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        for directory in catalogue_dirs(copy):
            makemessages(directory)
            relative = directory.relative_to(copy)
            for language in LANGUAGES:
                fresh = directory / "locale" / language / "LC_MESSAGES" / "django.po"
                committed = PACKAGE / relative / "locale" / language / "LC_MESSAGES" / "django.po"
                if not committed.exists():
                    found.append(f"{committed.relative_to(ROOT)}: missing")
                    continue
                for missing in sorted(msgids(fresh) - msgids(committed)):
                    found.append(f"{committed.relative_to(ROOT)}: lacks {missing!r}")
    for directory in catalogue_dirs(PACKAGE):
        found += problems(directory)
    found += disagreements(catalogue_dirs(PACKAGE))
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("Run scripts/messages and translate the German entries.", file=sys.stderr)
        return 1
    print("catalogues complete")
    return 0


def update() -> int:
    for directory in catalogue_dirs(PACKAGE):
        makemessages(directory)
        for language in LANGUAGES:
            drop_fuzzy_guesses(directory / "locale" / language / "LC_MESSAGES" / "django.po")
        fill_english(directory / "locale" / "en" / "LC_MESSAGES" / "django.po")
    for directory in catalogue_dirs(PACKAGE):
        for line in problems(directory):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(check() if "--check" in sys.argv[1:] else update())
