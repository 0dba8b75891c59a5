"""Small text helpers shared by every format: making untrusted text harmless, numbers readable."""
from __future__ import annotations

import math
import re

# C0/C1 control characters (except tab and newline), DEL, lone surrogates, non-characters,
# Unicode line/paragraph separators and bidirectional overrides ("Trojan source" spoofing).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` as a string with every control character shown as an escape (``\\x1b``).

    Tabs and newlines are kept; ``\\r\\n`` and lone ``\\r`` become ``\\n``. The result is safe
    to put in a terminal, XML 1.0, HTML and a UTF-8 file: nothing in it can move the cursor,
    start an escape sequence or reorder the text around it.
    """
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub(_visible, s)


# Code points a culture-aware string comparison may skip as if absent (Unicode's default-ignorable
# code points, format and control characters). GitHub's runner finds ``::`` and ``##[`` with .NET's
# culture-sensitive ``StartsWith``/``IndexOf``, which on Linux (ICU) can look through these, so
# ``:\u200b:`` must count as ``::``.
_IGNORABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff\ud800-\udfff]"
)
# Where a workflow command could start: between two colons, and between ``##`` and ``[``.
_COMMAND_JOINT = re.compile(r"(?<=:)(?=:)|(?<=##)(?=\[)")


def inert(text: object) -> str:
    """:func:`printable` text that GitHub's Actions runner cannot read as a workflow command.

    The runner reads a line as a command when, after leading whitespace, it starts with ``::``
    (``::error::...``, ``::stop-commands::...``), or when ``##[`` occurs *anywhere* in it (the
    legacy ``##[set-output name=x;]...`` form). Every ``::`` and ``##[`` in ``text`` gets a
    backslash (``:\\:``, ``##\\[``), after the invisible characters the runner's comparison may
    skip are shown as escapes (``\\u200b``). No substring of the result is a command start, so
    this holds however the text is later cut into lines (a terminal wrapping a long message, a
    table cell): the result never has a line that starts a command.
    """
    s = _IGNORABLE.sub(_visible, printable(text))
    return _COMMAND_JOINT.sub("\\\\", s)


def one_line(text: object) -> str:
    """:func:`printable` with newlines and tabs folded into single spaces."""
    return " ".join(printable(text).split())


def cap(text: str, limit: int) -> tuple[str, int]:
    """The first ``limit`` characters of ``text`` and how many were left out."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def first_line(text: str) -> str:
    """The first non-empty line of ``text`` (printable), or ``""``."""
    for line in printable(text).split("\n"):
        if line.strip():
            return line.strip()
    return ""


def to_float(value: object) -> float:
    """``value`` as a float; ``None``, junk and unparsable strings become NaN."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def finite(value: object) -> float:
    """``value`` as a finite float: NaN, inf, ``None`` and junk count as 0 (for sums and ratios)."""
    x = to_float(value)
    return x if math.isfinite(x) else 0.0


def fmt_num(value: float | None, digits: int = 2) -> str:
    """A score or point value for people: ``7.5``, ``10``, ``0.33``; ``NaN``/``inf`` spelled out."""
    if value is None:
        return "–"
    x = to_float(value)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_value(value: object) -> str:
    """A table cell: floats to 3 significant digits, anything else as printable text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return one_line("" if value is None else value)
    x = float(value)
    if not math.isfinite(x):
        return fmt_num(x)
    if isinstance(value, int):
        return str(value)
    return f"{x:.3g}"


def fmt_seconds(seconds: float) -> str:
    """A duration for people: ``340 ms``, ``2.35 s``."""
    x = to_float(seconds)
    if not math.isfinite(x):
        return fmt_num(x)
    return f"{x * 1000:.0f} ms" if abs(x) < 1 else f"{x:.2f} s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 check"``, ``"3 checks"``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
