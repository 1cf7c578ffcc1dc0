"""scripts/messages.py --check: one msgid, one translation across the apps' catalogues."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts/messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_po(app: Path, language: str, entries: str) -> None:
    folder = app / "locale" / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "django.po").write_text(header + entries, encoding="utf-8")


def test_one_msgid_translated_two_ways_is_reported(tmp_path, monkeypatch):
    script = load_script()
    monkeypatch.setattr(script, "ROOT", tmp_path)
    blogs, porting = tmp_path / "blogs", tmp_path / "porting"
    write_po(blogs, "de", 'msgid "blog"\nmsgstr "Weblog"\n\nmsgid "Role"\nmsgstr "Rolle"\n')
    write_po(porting, "de", 'msgid "blog"\nmsgstr "Blog"\n\n'
             'msgctxt "import field"\nmsgid "Role"\nmsgstr "Die Rolle"\n')  # fmt: skip
    (found,) = script.disagreements([blogs, porting])
    assert found.startswith("de: 'blog' is translated differently")
    assert "'Weblog' in blogs/" in found and "'Blog' in porting/" in found


def test_the_project_catalogues_agree():
    script = load_script()
    assert script.disagreements(script.catalogue_dirs(script.PACKAGE)) == []
