"""Guides and leaflets: short help pages kept as text files in ``data/``, not in code.

Each guide is ``data/<slug>.md`` and its leaflet for the person ``data/<slug>.leaflet.md``.
A file starts with front matter between two ``---`` lines (``title``, ``summary`` and
``reviewed``, the date the content was last checked against Home Office guidance), then
a small, safe part of Markdown:

- ``## Heading`` and ``### Heading``
- paragraphs (lines separated by a blank line)
- lists: lines starting ``- `` or ``1. ``
- ``**bold**`` inside a line
- ``{helpline}``, replaced by the Modern Slavery Helpline's number (the one setting
  ``LANTERN_HELPLINE_NUMBER``, so that the number is written in one place)

Nothing in a file is ever HTML: every character is shown as text. Anything else
(a line starting ``<``, ``#`` at another level, a link) is refused when the file is read,
so a mistake shows up in the tests, not on a page. Plain Python, no Django.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FRONT_MATTER_KEYS = {"title", "summary", "reviewed"}
BOLD = re.compile(r"\*\*(.+?)\*\*")
NUMBERED = re.compile(r"\d+\. ")


class GuideError(ValueError):
    """A guide file that does not follow the format above."""


@dataclass(frozen=True)
class Segment:
    text: str
    bold: bool = False


Line = tuple[Segment, ...]


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "h3", "p", "ul" or "ol"
    lines: tuple[Line, ...]  # one for a heading or paragraph, one per item for a list


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    reviewed: datetime.date
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Guide:
    guide: Page
    leaflet: Page

    @property
    def slug(self) -> str:
        return self.guide.slug


def inline(text: str) -> Line:
    """A line of text as plain and bold segments."""
    if "<" in text or "](" in text or "`" in text:
        raise GuideError(f"only plain text and **bold** are allowed: {text!r}")
    segments: list[Segment] = []
    position = 0
    for match in BOLD.finditer(text):
        if match.start() > position:
            segments.append(Segment(text[position:match.start()]))
        segments.append(Segment(match.group(1), bold=True))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    if any("**" in s.text for s in segments):
        raise GuideError(f"unmatched ** in {text!r}")
    return tuple(segments)


def parse(text: str, *, slug: str, helpline: str = "") -> Page:
    """One guide or leaflet file, read into its title, summary and blocks."""
    if "{helpline}" in text and not helpline:
        raise GuideError(f"{slug}: the file uses {{helpline}} but no number was given")
    lines = text.replace("{helpline}", helpline).replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        raise GuideError(f"{slug}: the file must start with front matter between two --- lines")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in FRONT_MATTER_KEYS:
            raise GuideError(f"{slug}: unknown front matter line {line!r}")
        meta[key] = value.strip()
    missing = FRONT_MATTER_KEYS - set(meta)
    if missing:
        raise GuideError(f"{slug}: front matter is missing {', '.join(sorted(missing))}")
    try:
        reviewed = datetime.date.fromisoformat(meta["reviewed"])
    except ValueError as error:
        raise GuideError(f"{slug}: reviewed must be a date like 2026-11-29") from error

    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_kind = ""

    def flush() -> None:
        nonlocal paragraph, items, list_kind
        if paragraph:
            blocks.append(Block("p", (inline(" ".join(paragraph)),)))
        if items:
            blocks.append(Block(list_kind, tuple(inline(item) for item in items)))
        paragraph, items, list_kind = [], [], ""

    for raw in lines[end + 1:]:
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("### "):
            flush()
            blocks.append(Block("h3", (inline(line[4:].strip()),)))
        elif line.startswith("## "):
            flush()
            blocks.append(Block("h2", (inline(line[3:].strip()),)))
        elif line.startswith("#"):
            raise GuideError(f"{slug}: only ## and ### headings are allowed: {line!r}")
        elif line.startswith("- ") or NUMBERED.match(line):
            kind = "ul" if line.startswith("- ") else "ol"
            if paragraph or (items and kind != list_kind):
                flush()
            list_kind = kind
            items.append(line[2:].strip() if kind == "ul" else NUMBERED.sub("", line, count=1).strip())
        elif items:
            items[-1] += " " + line  # a wrapped list item carries on the item above
        else:
            paragraph.append(line)
    flush()
    if not blocks:
        raise GuideError(f"{slug}: the file has no content")
    return Page(slug=slug, title=meta["title"], summary=meta["summary"], reviewed=reviewed, blocks=tuple(blocks))


def load(directory: Path = DATA, *, helpline: str) -> dict[str, Guide]:
    """Every guide in ``directory`` with its leaflet, by slug, in file name order."""
    found: dict[str, Guide] = {}
    for path in sorted(directory.glob("*.md")):
        if path.name.endswith(".leaflet.md"):
            continue
        slug = path.stem
        if not SLUG.fullmatch(slug):
            raise GuideError(f"{path.name}: a guide's file name is lower-case words joined by hyphens")
        leaflet = path.with_name(f"{slug}.leaflet.md")
        if not leaflet.exists():
            raise GuideError(f"{slug}: every guide has a leaflet for the person ({leaflet.name})")
        found[slug] = Guide(guide=parse(path.read_text(encoding="utf-8"), slug=slug, helpline=helpline),
                            leaflet=parse(leaflet.read_text(encoding="utf-8"), slug=slug, helpline=helpline))
    orphans = {p.name for p in directory.glob("*.leaflet.md")} - {f"{slug}.leaflet.md" for slug in found}
    if orphans:
        raise GuideError(f"leaflets without a guide: {', '.join(sorted(orphans))}")
    return found

