"""The student's own lines a check points at (``details["lines"]``), ready for a report to show.

The pointing step (``grader.diagnosis.lines``) stores, per pointed line, the
line with one line either side as the student wrote it. Results are read back
from JSON (resumed runs, merged shards), so every field is checked here, and
what a report shows is bounded: a few excerpts of a few short lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .text import printable

MAX_EXCERPTS = 3
MAX_LINES = 5
MAX_CHARS = 160


@dataclass(frozen=True)
class Excerpt:
    """One pointed line: where, what it matches, and the lines around it ``(number, text, pointed)``."""

    where: str  #: "line 42", "In [7], line 3"
    mistake: str
    label: str
    lines: tuple[tuple[str, str, bool], ...]


def _number(where: str, line: int) -> str:
    """The line's number as the student sees it: the cell's own line in a notebook."""
    tail = where.rsplit("line ", 1)[-1] if "line " in where else ""
    return tail if tail.isdigit() else str(line)


def excerpts(details: Any) -> list[Excerpt]:
    """The excerpts of a check's details; malformed entries are left out."""
    raw = details.get("lines") if isinstance(details, dict) else None
    out = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict) or type(entry.get("line")) is not int:
            continue
        rows = []
        for row in entry.get("excerpt") if isinstance(entry.get("excerpt"), list) else []:
            if isinstance(row, dict) and type(row.get("line")) is int and isinstance(row.get("text"), str):
                where = row.get("where") if isinstance(row.get("where"), str) else ""
                rows.append((_number(where, row["line"]), printable(row["text"].rstrip())[:MAX_CHARS],
                             row.get("pointed") is True))
        if not rows and isinstance(entry.get("code"), str):
            rows = [(str(entry["line"]), printable(entry["code"])[:MAX_CHARS], True)]
        if not rows:
            continue
        where = entry.get("where") if isinstance(entry.get("where"), str) else f"line {entry['line']}"
        text = lambda key: printable(entry.get(key))[:MAX_CHARS] if isinstance(entry.get(key), str) else ""  # noqa: E731
        out.append(Excerpt(printable(where)[:80], text("mistake"), text("label"), tuple(rows[:MAX_LINES])))
        if len(out) == MAX_EXCERPTS:
            break
    return out
