"""Tiny dependency-free inline SVG charts: line chart, heatmap, bar chart, histogram.

Every function returns one ``<svg>`` element as a string, meant to be inlined in an HTML
page (no ``xmlns``, no external fonts, no scripts, no ids that could clash). Output is
deterministic: coordinates are rounded to 0.1 px and nothing depends on time or hashing.
All text passed in is escaped; NaN, inf and ``None`` never break a chart, they are marked.
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from .text import fmt_num, one_line, shorten, to_float

PALETTE = ("#1f6fb4", "#d4621c", "#2a8c55", "#a3378a", "#6b5bc2", "#8c6d1f")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
#: A sequential scale from pale yellow (small) to dark red (large), after ColorBrewer YlOrRd.
SEQUENTIAL = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
NAN_COLOUR = "#9aa0a6"
INF_COLOUR = "#1a1a1a"
MARK = "#b3261e"
AXIS = "#5b6475"
GRID = "#e3e6eb"
TEXT = "#1d2433"
CHAR_W = 6.6  #: rough width of one 12 px character, for layout
TITLE_W = 7.6  #: a generous width of one 13 px semibold character (a title must never leave its box)
TITLE_LINES = 2  #: lines a title may take; the rest is cut with an ellipsis
TITLE_LEAD = 16  #: px between the lines of a title
MAX_CELLS = 40  #: a heatmap shows at most this many rows and columns


# ---------------------------------------------------------------- primitives

def _n(x: float) -> str:
    """A coordinate, rounded to 0.1 px, without a trailing ``.0``."""
    s = f"{x:.1f}"
    s = s.removesuffix(".0")
    return "0" if s == "-0" else s


def _t(text: object) -> str:
    """Text made safe for SVG content and attribute values."""
    return escape(one_line(text), quote=True)


def _open(width: float, height: float, title: str, extra: str = "") -> list[str]:
    w, h = _n(width), _n(height)
    label = _t(title or "chart")
    return [
        (f'<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
         f'aria-label="{label}"{extra} font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
         f'font-size="12" fill="{TEXT}">'),
        f"<title>{label}</title>",
    ]


def _text(x: float, y: float, s: object, anchor: str = "start", size: int | None = None,
          weight: str | None = None, fill: str | None = None, rotate: bool = False) -> str:
    attrs = f'x="{_n(x)}" y="{_n(y)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if size:
        attrs += f' font-size="{size}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if fill:
        attrs += f' fill="{fill}"'
    if rotate:
        attrs += f' transform="rotate(-90 {_n(x)} {_n(y)})"'
    return f"<text {attrs}>{_t(s)}</text>"


def wrap_words(text: object, chars: int, lines: int = TITLE_LINES) -> list[str]:
    """``text`` on at most ``lines`` lines of at most ``chars`` characters, cut at spaces; what does not
    fit ends the last line with an ellipsis (a word longer than a line is cut too)."""
    chars = max(int(chars), 4)
    words = one_line(text).split()
    out: list[str] = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= chars:
            line += " " + words.pop(0)
        out.append(line if len(line) <= chars else shorten(line, chars))
    if words and out:  # more than fits: as much as does, then an ellipsis
        out[-1] = shorten(out[-1] + " " + " ".join(words), chars)
    return out


def _fits(text: object, room: float, char_w: float = CHAR_W) -> str:
    """``text`` in one line, shortened to about ``room`` px."""
    return shorten(one_line(text), max(int(room / char_w), 4))


def _title(parts: list[str], x: float, title: str, room: float) -> int:
    """The chart's title at the top, wrapped to ``room`` px (at most :data:`TITLE_LINES` lines);
    returns the px it takes beyond one line, for the caller to move the plot down."""
    lines = wrap_words(title, int(room / TITLE_W)) if title else []
    for i, line in enumerate(lines):
        parts.append(_text(x, 20 + TITLE_LEAD * i, line, weight="600", size=13))
    return TITLE_LEAD * max(len(lines) - 1, 0)


def _title_extra(title: str, room: float) -> int:
    """The px a title wrapped to ``room`` px takes beyond its first line."""
    return TITLE_LEAD * max(len(wrap_words(title, int(room / TITLE_W))) - 1, 0) if title else 0


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = AXIS, extra: str = "") -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"{extra}/>'


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "", tip: str = "") -> str:
    head = f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{extra}'
    return f"{head}><title>{_t(tip)}</title></rect>" if tip else head + "/>"


def fmt_tick(v: float) -> str:
    """A short axis label: ``0.25``, ``120``, ``1e-6``, ``3.2e+4`` → ``3.2e4``."""
    if v == 0:
        return "0"
    if not math.isfinite(v):
        return fmt_num(v)
    a = abs(v)
    if a >= 1e4 or a < 1e-3:
        mantissa, exponent = f"{v:.1e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    return f"{v:.4g}"


# ---------------------------------------------------------------- scales

def _nice_step(span: float, n: int) -> float:
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def nice_ticks(lo: float, hi: float, n: int = 5, integer: bool = False) -> list[float]:
    """About ``n`` round tick values between ``lo`` and ``hi`` (steps of 1, 2, 2.5 or 5 × 10^k)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    if not math.isfinite(hi - lo) or not (hi - lo) / max(n, 1) > 0:  # beyond the float range either way
        return [lo, 0.0, hi] if lo < 0 < hi else [lo, hi]
    step = _nice_step(hi - lo, n)
    if integer:
        step = max(1.0, math.ceil(step))
    start = math.ceil(lo / step - 1e-9)
    ticks = []
    k = start
    while k * step <= hi + step * 1e-9:
        ticks.append(round(k * step, 12))
        k += 1
    return ticks


@dataclass
class Scale:
    """Maps data values to a fraction in [0, 1], linearly or by log10."""

    lo: float
    hi: float
    log: bool = False

    def frac(self, v: float) -> float:
        if self.log:
            if v <= 0:
                return 0.0
            a, b, x = math.log10(self.lo), math.log10(self.hi), math.log10(v)
        else:
            a, b, x = self.lo, self.hi, v
        if not math.isfinite(b - a):  # a span beyond the float range: halve everything
            a, b, x = a / 2, b / 2, x / 2
        if not b > a:
            return 0.0
        return min(1.0, max(0.0, (x - a) / (b - a)))

    def ticks(self, n: int = 5) -> list[float]:
        if not self.log:
            return nice_ticks(self.lo, self.hi, n)
        a, b = math.ceil(math.log10(self.lo) - 1e-9), math.floor(math.log10(self.hi) + 1e-9)
        if b - a < 1:
            return [v for v in nice_ticks(self.lo, self.hi, 3) if v > 0]
        step = max(1, math.ceil((b - a + 1) / 7))
        return [10.0 ** e for e in range(a, b + 1, step)]


def data_range(values: Iterable[float], log: bool, zero_floor: bool = True) -> Scale | None:
    """A padded scale covering the drawable values (finite, and > 0 on a log scale), or None."""
    vals = [v for v in values if math.isfinite(v) and (v > 0 or not log)]
    if not vals:
        return None
    lo, hi = min(vals), max(vals)
    if log:  # pad in decades, within what a float can hold
        a, b = math.log10(lo), math.log10(hi)
        pad = 0.5 if b - a < 1e-4 else 0.05 * (b - a)
        return Scale(10 ** max(a - pad, -323.0), 10 ** min(b + pad, 308.25), True)
    if hi - lo <= 1e-300 or hi - lo <= 1e-12 * max(abs(lo), abs(hi)):
        d = abs(hi) * 0.1 or 1.0
        return Scale(lo - d, hi + d)
    pad = 0.05 * hi - 0.05 * lo  # no overflow even for values near the float limit
    new_lo = max(lo - pad, -sys.float_info.max)
    if zero_floor and lo >= 0:
        new_lo = max(0.0, new_lo)
    return Scale(new_lo, min(hi + pad, sys.float_info.max))


def spans_decades(values: Iterable[float], decades: float = 3.0) -> bool:
    """Whether the positive finite values are all >= 0 and span more than ``decades`` powers of ten."""
    finite = [v for v in values if math.isfinite(v)]
    pos = [v for v in finite if v > 0]
    if len(pos) < 2 or any(v < 0 for v in finite):
        return False
    return math.log10(max(pos) / min(pos)) > decades


def colour_at(frac: float, palette: Sequence[str] = SEQUENTIAL) -> str:
    """The colour at ``frac`` in [0, 1] along ``palette``, linearly interpolated in RGB."""
    frac = min(1.0, max(0.0, frac))
    pos = frac * (len(palette) - 1)
    i = min(int(pos), len(palette) - 2)
    t = pos - i
    a, b = palette[i], palette[i + 1]
    rgb = [round(int(a[k:k + 2], 16) * (1 - t) + int(b[k:k + 2], 16) * t) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _no_data(parts: list[str], x: float, y: float, what: str) -> None:
    parts.append(_text(x, y, what, anchor="middle", fill=AXIS))


# ---------------------------------------------------------------- line chart

def _reduce(points: list[tuple[int, float, float]]) -> list[tuple[int, float, float]]:
    """Keep, per pixel column, the first, lowest, highest and last point: same picture, fewer points."""
    out: list[tuple[int, float, float]] = []
    group: list[tuple[int, float, float]] = []

    def flush() -> None:
        if len(group) <= 4:
            out.extend(group)
        else:
            keep = {group[0], group[-1], min(group, key=lambda p: p[2]), max(group, key=lambda p: p[2])}
            out.extend(sorted(keep))

    column = None
    for p in points:
        c = round(p[1])
        if c != column and group:
            flush()
            group = []
        column = c
        group.append(p)
    if group:
        flush()
    return out


def line_chart(series: Sequence[tuple[str, Sequence[object]]], *, title: str = "", x_label: str = "",
               y_label: str = "", log_y: bool = False, width: int = 560, height: int = 280) -> str:
    """Lines for one or more series of values over their index (epochs, steps).

    Non-finite values (``None``, NaN, inf) and, on a log scale, values <= 0 are not drawn:
    the line breaks there, and the first step of each such run is marked with a red ``×``
    at the top edge (non-finite) or bottom edge (<= 0 on a log scale); the legend says from
    which step a series stopped being finite.
    """
    data = [(str(name), [to_float(v) for v in values]) for name, values in series]
    n = max((len(v) for _, v in data), default=0)
    left, right = 66, 18
    pw = width - left - right
    title_lines = wrap_words(title, int((width - 8) / TITLE_W)) if title else []
    top = 14 + (6 + TITLE_LEAD * len(title_lines) if title_lines else 0)  # 36 under one line of title
    ph = height - (36 if title_lines else 14) - 46
    height = top + ph + 46  # a title on two lines makes the chart taller, never the plot smaller
    total_h = height + 18 * len(data) + 6

    def drawable(v: float) -> bool:
        return math.isfinite(v) and (v > 0 or not log_y)

    parts = _open(width, total_h, title)
    _title(parts, 8, title, width - 8)
    parts.append(_rect(left, top, pw, ph, "#ffffff", f' stroke="{GRID}"'))
    scale = data_range((v for _, vals in data for v in vals), log_y)
    hidden: dict[int, int] = {}
    xmax = max(n - 1, 1)

    def px(i: int) -> float:
        return left + pw * i / xmax

    if scale is None:
        _no_data(parts, left + pw / 2, top + ph / 2, "no finite values to draw")
    else:
        def py(v: float) -> float:
            return top + ph * (1 - scale.frac(v))

        for tick in scale.ticks():
            y = py(tick)
            parts.append(_line(left, y, left + pw, y, GRID))
            parts.append(_text(left - 6, y + 4, fmt_tick(tick), anchor="end", size=11, fill=AXIS))
        for tick in nice_ticks(0, xmax, 6, integer=True):
            x = px(int(tick))
            parts.append(_line(x, top + ph, x, top + ph + 4))
            parts.append(_text(x, top + ph + 16, fmt_tick(tick), anchor="middle", size=11, fill=AXIS))
        hidden = coinciding(data, py, drawable)
        for k, (_, vals) in enumerate(data):
            if k in hidden:  # exactly under an earlier line: the legend says so instead
                continue
            colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            segment: list[tuple[int, float, float]] = []
            for i, v in enumerate(vals + [math.nan]):
                if i < len(vals) and drawable(v):
                    segment.append((i, px(i), py(v)))
                    continue
                if len(segment) == 1:
                    parts.append(f'<circle cx="{_n(segment[0][1])}" cy="{_n(segment[0][2])}" r="2.5" fill="{colour}"/>')
                elif segment:
                    pts = " ".join(f"{_n(x)},{_n(y)}" for _, x, y in _reduce(segment))
                    parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"'
                                 f' stroke-linejoin="round"{dash_attr}/>')
                segment = []
                if i < len(vals) and (i == 0 or drawable(vals[i - 1]) or math.isfinite(vals[i - 1]) != math.isfinite(v)):
                    y = top + 9 if not math.isfinite(v) else top + ph - 3
                    parts.append(_text(px(i), y, "×", anchor="middle", weight="700", fill=MARK))
    parts.append(_line(left, top + ph, left + pw, top + ph))
    parts.append(_line(left, top, left, top + ph))
    if x_label:
        parts.append(_text(left + pw / 2, top + ph + 34, _fits(x_label, pw), anchor="middle", fill=AXIS))
    if y_label:
        parts.append(_text(14, top + ph / 2, _fits(y_label + (" (log scale)" if log_y else ""), ph),
                           anchor="middle", fill=AXIS, rotate=True))
    y0 = height + 4
    for k, (name, vals) in enumerate(data):
        colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        y = y0 + 18 * k
        parts.append(_line(left, y - 4, left + 26, y - 4, colour, f' stroke-width="2"{dash_attr}'))
        note = name
        bad = next((i for i, v in enumerate(vals) if not math.isfinite(v)), None)
        if bad is not None:
            note += f" — not finite from {x_label or 'step'} {bad}" + (" (×)" if scale else "")
        nonpos = sum(1 for v in vals if math.isfinite(v) and v <= 0) if log_y else 0
        if nonpos:
            note += f" — {nonpos} value{'s' if nonpos != 1 else ''} <= 0 not drawn on the log scale"
        if scale is not None and k in hidden:
            note += f" — indistinguishable from {data[hidden[k]][0]} (one line drawn)"
        parts.append(_text(left + 32, y, _fits(note, width - left - 36)))
    parts.append("</svg>")
    return "".join(parts)


def coinciding(data: Sequence[tuple[str, list[float]]], py: Callable[[float], float],
               drawable: Callable[[float], bool]) -> dict[int, int]:
    """``{k: j}`` for each series k whose line would lie under the line of an earlier series j: as long,
    drawn at the same steps, and never half a pixel apart. Drawn, it would be hidden; the legend says so."""
    same: dict[int, int] = {}
    for k, (_, b) in enumerate(data):
        for j, (_, a) in enumerate(data[:k]):
            if j in same or len(a) != len(b) or not a:
                continue
            if all(drawable(x) == drawable(y) and (not drawable(x) or abs(py(x) - py(y)) < 0.5) and
                   (drawable(x) or math.isfinite(x) == math.isfinite(y)) for x, y in zip(a, b)):
                same[k] = j
                break
    return same


# ---------------------------------------------------------------- heatmap

def _is_seq(x: object) -> bool:
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def _rows(values: object) -> list[list[float]]:
    """``values`` as a rectangular list of float rows (a flat list is one row; short rows padded with NaN)."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    if not _is_seq(values):
        raise TypeError("heatmap values must be a 2-D list")
    if not any(_is_seq(r) for r in values):
        rows = [[to_float(v) for v in values]] if values else []
    else:
        rows = [[to_float(v) for v in r] if _is_seq(r) else [to_float(r)] for r in values]
    width = max((len(r) for r in rows), default=0)
    return [r + [math.nan] * (width - len(r)) for r in rows]


def _block_max(block: list[float]) -> float:
    return math.nan if any(math.isnan(v) for v in block) else max(block)


def max_pool(rows: list[list[float]], limit: int = MAX_CELLS) -> tuple[list[list[float]], int, int]:
    """Shrink a matrix to at most ``limit`` × ``limit`` by the max of each block (NaN wins).

    Returns the pooled matrix and the block height and width (1, 1 when nothing was pooled).
    """
    nr, nc = len(rows), len(rows[0]) if rows else 0
    br, bc = max(1, math.ceil(nr / limit)), max(1, math.ceil(nc / limit))
    if br == 1 and bc == 1:
        return rows, 1, 1
    col_blocks = [range(j, min(j + bc, nc)) for j in range(0, nc, bc)]
    pooled = []
    for i in range(0, nr, br):
        block_rows = rows[i:i + br]
        pooled.append([_block_max([r[j] for r in block_rows for j in cols]) for cols in col_blocks])
    return pooled, br, bc


def heatmap(values: object, *, title: str = "", row_label: str = "",
            col_label: str = "", max_cells: int = MAX_CELLS) -> str:
    """A matrix as coloured cells on a sequential scale, with a legend.

    Small matrices get large cells with their values written in; matrices larger than
    ``max_cells`` in either direction are shrunk by max-pooling (so a large error is never
    hidden). The scale is logarithmic when the positive values span more than two decades.
    NaN cells are grey and inf cells black, each with its own legend entry.
    """
    rows = _rows(values)
    nr, nc = len(rows), len(rows[0]) if rows else 0
    if nr == 0 or nc == 0:
        extra = _title_extra(title, 304)
        parts = _open(320, 60 + extra, title)
        _title(parts, 8, title, 304)
        _no_data(parts, 160, 44 + extra, "no data")
        parts.append("</svg>")
        return "".join(parts)
    pooled, br, bc = max_pool(rows, max_cells)
    pr, pc = len(pooled), len(pooled[0])
    flat = [v for r in pooled for v in r]
    finite = [v for v in flat if math.isfinite(v)]
    positive = [v for v in finite if v > 0]
    log = len(positive) >= 2 and all(v >= 0 for v in finite) and max(positive) / min(positive) > 100
    if log:
        scale = Scale(min(positive), max(positive), True)
    else:
        scale = Scale(min(0.0, min(finite, default=0.0)), max(finite, default=0.0))

    cell = max(5, min(44, 360 // max(pr, pc)))
    small = pr * pc <= 400
    show_values = cell >= 30 and pc <= 12
    mw, mh = cell * pc, cell * pr
    left = 62 if row_label else 40
    legend_x = left + mw + 22
    has_nan, has_inf = any(math.isnan(v) for v in flat), any(math.isinf(v) for v in flat)
    legend_h = 5 * 24 + 34 + 18 * (has_nan + has_inf)
    note = (f"each cell is the max of a {br}×{bc} block of the {nr}×{nc} matrix" if (br, bc) != (1, 1)
            else f"{nr}×{nc} matrix")
    width = max(legend_x + 96, min(24 + TITLE_W * len(title), 560), 20 + CHAR_W * len(note))
    top = (48 if title else 26) + _title_extra(title, width - 16)
    height = max(top + mh + 46, top + legend_h)
    parts = _open(width, height, title, f' data-rows="{pr}" data-cols="{pc}"')
    _title(parts, 8, title, width - 16)

    level_cache: dict[int, str] = {}

    def fill(v: float) -> str:
        if math.isnan(v):
            return NAN_COLOUR
        if math.isinf(v):
            return INF_COLOUR if v > 0 else SEQUENTIAL[0]
        level = round(scale.frac(v) * 64)
        if level not in level_cache:
            level_cache[level] = colour_at(level / 64)
        return level_cache[level]

    for i, row in enumerate(pooled):
        y = top + i * cell
        j = 0
        while j < pc:
            colour = fill(row[j])
            if small:
                label = f"row {i * br}, col {j * bc}: {fmt_tick(row[j])}"
                parts.append(_rect(left + j * cell, y, cell, cell, colour, tip=label))
                if show_values:
                    dark = not math.isfinite(row[j]) or scale.frac(row[j]) > 0.55
                    parts.append(_text(left + j * cell + cell / 2, y + cell / 2 + 4, f"{row[j]:.2g}" if math.isfinite(row[j]) else fmt_num(row[j]),
                                       anchor="middle", size=10, fill="#ffffff" if dark else TEXT))
                j += 1
                continue
            run = 1
            while j + run < pc and fill(row[j + run]) == colour:
                run += 1
            parts.append(_rect(left + j * cell, y, cell * run, cell, colour))
            j += run
    parts.append(_rect(left, top, mw, mh, "none", f' stroke="{AXIS}" stroke-width="0.5"'))
    step_r = max(1, math.ceil(14 / cell))
    for i in range(0, pr, step_r):
        parts.append(_text(left - 4, top + i * cell + cell / 2 + 4, str(i * br), anchor="end", size=10, fill=AXIS))
    step_c = max(1, math.ceil(len(str(nc)) * 7 / cell))
    for j in range(0, pc, step_c):
        parts.append(_text(left + j * cell + cell / 2, top - 4, str(j * bc), anchor="middle", size=10, fill=AXIS))
    if row_label:
        parts.append(_text(14, top + mh / 2, _fits(row_label, mh), anchor="middle", fill=AXIS, rotate=True))
    parts.append(_text(left, top + mh + 16, _fits((col_label + " →  ") if col_label else "", width - left - 8),
                       fill=AXIS, size=11))
    parts.append(_text(left, top + mh + 32, note, size=11, fill=AXIS))

    # legend: a vertical colour bar, largest at the top
    steps = 24
    for k in range(steps):
        parts.append(_rect(legend_x, top + 5 * k, 14, 5, colour_at(1 - k / (steps - 1))))
    parts.append(_text(legend_x + 20, top + 9, fmt_tick(scale.hi), size=10))
    parts.append(_text(legend_x + 20, top + 5 * steps, fmt_tick(scale.lo), size=10))
    parts.append(_text(legend_x, top + 5 * steps + 16, "log scale" if log else "linear scale", size=10, fill=AXIS))
    y = top + 5 * steps + 26
    for present, colour, label in ((has_nan, NAN_COLOUR, "NaN"), (has_inf, INF_COLOUR, "inf")):
        if present:
            parts.append(_rect(legend_x, y, 14, 12, colour))
            parts.append(_text(legend_x + 20, y + 10, label, size=10))
            y += 18
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- bar chart

def bar_chart(labels: Sequence[object], values: Sequence[object], *, title: str = "", x_label: str = "",
              log: bool | None = None, value_max: float | None = None, percent: bool = False,
              width: int = 560) -> str:
    """Horizontal bars, one per label, with the value written after each bar.

    ``log=None`` picks a log scale when the values are >= 0 and span more than three decades.
    ``percent`` writes values in [0, 1] as percentages. NaN and inf get no bar, only a red label.
    """
    vals = [to_float(v) for v in values]
    names = [shorten(one_line(l), 32) for l in labels]
    n = max(len(names), len(vals))
    names += [""] * (n - len(names))
    vals += [math.nan] * (n - len(vals))
    finite = [v for v in vals if math.isfinite(v)]
    if log is None:
        log = spans_decades(finite)
    if log:
        pos = [v for v in finite if v > 0] or [1.0]
        scale = Scale(min(pos) / 2 or min(pos), max(max(pos), value_max or 0), True)
    else:
        hi = value_max if value_max is not None else max(finite, default=1.0)
        lo = min(0.0, min(finite, default=0.0))
        scale = Scale(lo, hi if hi > lo else lo + 1)
    row = 20.0 if n <= 30 else max(5.0, 600 / n)
    label_every = 1 if row >= 11 else math.ceil(11 / row)
    label_w = min(max((len(s) for s in names), default=0) * CHAR_W, 32 * CHAR_W) + 8
    top = (34 if title else 10) + _title_extra(title, width - 16)
    x0 = 8 + label_w
    bw = width - x0 - 64
    height = top + row * n + 40 + (16 if x_label else 0)
    parts = _open(width, height, title)
    _title(parts, 8, title, width - 16)
    if n == 0:
        _no_data(parts, width / 2, top + 20, "no data")
    zero = x0 + bw * scale.frac(0.0 if not log else scale.lo)
    for tick in scale.ticks(5):
        x = x0 + bw * scale.frac(tick)
        parts.append(_line(x, top, x, top + row * n, GRID))
        parts.append(_text(x, top + row * n + 14, f"{tick * 100:.0f}%" if percent else fmt_tick(tick),
                           anchor="middle", size=10, fill=AXIS))
    bar_h = max(2.0, row * 0.7)
    for i, (name, v) in enumerate(zip(names, vals)):
        y = top + row * i
        if i % label_every == 0:
            parts.append(_text(x0 - 6, y + row / 2 + 4, name, anchor="end", size=11 if row >= 11 else 9))
        if not math.isfinite(v):
            parts.append(_text(zero + 4, y + row / 2 + 4, fmt_num(v), size=10, weight="700", fill=MARK))
            continue
        x = x0 + bw * scale.frac(v)
        a, b = min(zero, x), max(zero, x)
        if v != 0 and b - a < 1:
            b = a + 1
        parts.append(_rect(a, y + (row - bar_h) / 2, b - a, bar_h, PALETTE[0]))
        if row >= 11 or i % label_every == 0:
            text = f"{v * 100:.0f}%" if percent else fmt_tick(v)
            parts.append(_text(b + 4, y + row / 2 + 4, text, size=10, fill=AXIS))
    parts.append(_line(zero, top, zero, top + row * n))
    if x_label or log:
        parts.append(_text(x0 + bw / 2, top + row * n + 32, _fits(x_label + (" (log scale)" if log else ""), bw),
                           anchor="middle", size=11, fill=AXIS))
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- histogram

def histogram_counts(values: Sequence[float], bins: int, lo: float, hi: float) -> list[int]:
    """How many finite values fall in each of ``bins`` equal bins over [lo, hi] (ends clamped)."""
    counts = [0] * bins
    span = hi - lo
    for v in values:
        if not math.isfinite(v):
            continue
        offset = (v - lo) * bins
        if math.isfinite(span) and math.isfinite(offset):
            pos = offset / span
        else:  # beyond the float range: work with halves
            pos = (v / 2 - lo / 2) / (hi / 2 - lo / 2) * bins
        counts[min(bins - 1, max(0, int(pos)))] += 1
    return counts


def histogram(values: Sequence[object], *, bins: int = 10, lo: float | None = None, hi: float | None = None,
              title: str = "", x_label: str = "", y_label: str = "count", width: int = 520,
              height: int = 230) -> str:
    """Counts of ``values`` in ``bins`` equal bins over [lo, hi], e.g. a score distribution.

    Values outside the range fall in the end bins; the top bin includes ``hi`` itself.
    Non-finite values are not counted and a note says how many there were.
    """
    vals = [to_float(v) for v in values]
    finite = [v for v in vals if math.isfinite(v)]
    lo = min(finite, default=0.0) if lo is None else float(lo)
    hi = max(finite, default=1.0) if hi is None else float(hi)
    if not hi > lo:  # one value: give it a range around it
        if lo + 1.0 > lo:
            hi = lo + 1.0
        else:
            lo -= abs(lo) * 1e-9
    bins = max(1, int(bins))
    counts = histogram_counts(finite, bins, lo, hi)
    left, right = 50, 14
    extra = _title_extra(title, width - 16)
    top = (34 if title else 12) + extra
    height += extra  # a title on two lines makes the chart taller, never the plot smaller
    ph = height - top - 48
    pw = width - left - right
    parts = _open(width, height, title)
    _title(parts, 8, title, width - 16)
    cmax = max(counts, default=0) or 1
    ymax = cmax * 1.15  # headroom for the count written above the tallest bar
    for tick in nice_ticks(0, ymax, 4, integer=True):
        y = top + ph * (1 - tick / ymax)
        parts.append(_line(left, y, left + pw, y, GRID))
        parts.append(_text(left - 6, y + 4, fmt_tick(tick), anchor="end", size=10, fill=AXIS))
    bw = pw / bins
    for k, count in enumerate(counts):
        x = left + k * bw
        h = ph * count / ymax
        if count:
            parts.append(_rect(x + 1, top + ph - h, bw - 2, h, PALETTE[0]))
            parts.append(_text(x + bw / 2, top + ph - h - 4, str(count), anchor="middle", size=10))
    label_every = max(1, math.ceil(bins / 10))
    for k in range(0, bins + 1, label_every):
        x = left + k * bw
        parts.append(_line(x, top + ph, x, top + ph + 4))
        parts.append(_text(x, top + ph + 16, fmt_num(lo * (1 - k / bins) + hi * (k / bins)), anchor="middle", size=10, fill=AXIS))
    parts.append(_line(left, top + ph, left + pw, top + ph))
    parts.append(_line(left, top, left, top + ph))
    label = x_label
    skipped = len(vals) - len(finite)
    if skipped:
        label += f" ({skipped} not finite, not shown)"
    if label:
        parts.append(_text(left + pw / 2, top + ph + 34, _fits(label, pw), anchor="middle", size=11, fill=AXIS))
    if y_label:
        parts.append(_text(14, top + ph / 2, _fits(y_label, ph), anchor="middle", size=11, fill=AXIS, rotate=True))
    parts.append("</svg>")
    return "".join(parts)
