"""Tests for reports.svg (the inline charts) and reports.mistakes (the catalogue's explanations)."""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from reports import svg
from reports.mistakes import MISTAKES, explain

NAN, INF = float("nan"), float("inf")
MISTAKES_MD = ROOT / "docs" / "mistakes.md"


def catalogue_ids() -> list[str]:
    """The ids of the project's catalogue: every ``## <id>`` heading of docs/mistakes.md."""
    return re.findall(r"^## ([a-z0-9-]+)\s*$", MISTAKES_MD.read_text(encoding="utf-8"), re.MULTILINE)


def parse(chart: str) -> ET.Element:
    """The chart as XML (it must be well-formed: every text escaped)."""
    return ET.fromstring(chart)


def texts(chart: str) -> list[str]:
    return [t.text or "" for t in parse(chart).iter("text")]


# ---------------------------------------------------------------- mistakes

def test_every_catalogued_mistake_is_explained() -> None:
    ids = catalogue_ids()
    assert len(ids) == len(set(ids)), "an id has two sections in docs/mistakes.md"
    missing = [i for i in ids if i not in MISTAKES]
    assert not missing, f"no explanation for {missing}"


def test_no_explanation_for_an_id_the_catalogue_dropped() -> None:
    assert set(MISTAKES) <= set(catalogue_ids())


@pytest.mark.parametrize("mistake_id", sorted(MISTAKES))
def test_explanations_are_plain_words_with_a_hint(mistake_id: str) -> None:
    m = MISTAKES[mistake_id]
    assert m.id == mistake_id and m.title and m.title[0].isupper()
    assert len(m.explanation) >= 80 and len(m.hint) >= 40 and m.explanation != m.hint
    assert m.explanation.endswith(".") and m.hint.endswith((".", "?"))
    # a hint points toward the fix; it never hands out code
    assert not re.search(r"np\.|\bdef |==|\+=|-=|\w\s*=\s*\w|\.T\b|@", m.hint), m.hint
    assert "\n" not in m.explanation + m.hint


def test_unknown_ids_get_an_honest_placeholder() -> None:
    m = explain("something-new")
    assert m.id == m.title == "something-new" and "no explanation" in m.explanation
    assert explain("gradient-sign") is MISTAKES["gradient-sign"]


# ---------------------------------------------------------------- line chart

def test_line_chart_breaks_at_non_finite_values_and_marks_them() -> None:
    chart = svg.line_chart([("yours", [1.0, 0.5, NAN, 0.4, 0.3, None, INF]), ("reference", [1.0, 0.5, 0.3, 0.2, 0.1])],
                           title="loss", x_label="epoch", y_label="loss")
    root = parse(chart)
    lines = root.findall("polyline")
    assert len(lines) == 3  # yours: [0, 1] and [3, 4]; reference: one line
    assert [len(p.get("points").split()) for p in lines] == [2, 2, 5]
    marks = [t for t in root.iter("text") if t.text == "×"]
    assert len(marks) == 2  # the first step of each non-finite run
    assert "yours — not finite from epoch 2 (×)" in texts(chart)
    assert "reference" in texts(chart)


def test_line_chart_isolated_point_is_a_dot() -> None:
    root = parse(svg.line_chart([("s", [NAN, 2.0, NAN])]))
    assert len(root.findall("circle")) == 1 and not root.findall("polyline")


def test_line_chart_log_scale_skips_non_positive_values() -> None:
    chart = svg.line_chart([("s", [1.0, 0.1, 0.0, 0.001])], log_y=True, y_label="loss")
    assert any("1 value <= 0 not drawn" in t for t in texts(chart))
    assert "loss (log scale)" in texts(chart)
    ticks = texts(chart)
    assert "1" in ticks and "0.01" in ticks  # powers of ten


def test_line_chart_without_finite_values() -> None:
    chart = svg.line_chart([("s", [None, NAN, INF])], title="diverged")
    assert "no finite values to draw" in texts(chart)
    assert not parse(chart).findall("polyline")
    assert svg.line_chart([], title="empty")


def test_line_chart_long_series_is_reduced_but_keeps_extremes() -> None:
    values = [1.0] * 20000
    values[12345] = 50.0
    chart = svg.line_chart([("s", values)])
    points = parse(chart).find("polyline").get("points").split()
    assert len(points) < 2500
    ys = [float(p.split(",")[1]) for p in points]
    assert min(ys) < 50  # the spike (top of the plot) survived the reduction


# ---------------------------------------------------------------- heatmap

def test_heatmap_tiny_matrix_is_readable() -> None:
    chart = svg.heatmap([[0.1, 0.2, 0.3, NAN], [0.0, 0.5, INF, 1.0]], title="dW1", row_label="input", col_label="hidden")
    root = parse(chart)
    assert root.get("data-rows") == "2" and root.get("data-cols") == "4"
    cells = [r for r in root.iter("rect") if r.find("title") is not None]
    assert len(cells) == 8
    assert {c.find("title").text for c in cells} >= {"row 0, col 3: NaN", "row 1, col 2: inf"}
    labels = texts(chart)
    assert {"0.1", "0.5", "NaN", "inf"} <= set(labels)  # values written in the cells
    assert "NaN" in labels and "inf" in labels and "linear scale" in labels
    assert int(root.get("width")) >= 200
    fills = {c.get("fill") for c in cells}
    assert svg.NAN_COLOUR in fills and svg.INF_COLOUR in fills


def test_heatmap_uses_a_log_scale_over_many_decades() -> None:
    chart = svg.heatmap([[1e-12, 1e-6], [1e-3, 1.0]])
    assert "log scale" in texts(chart)
    cells = [r.get("fill") for r in parse(chart).iter("rect") if r.find("title") is not None]
    assert len(set(cells)) == 4  # log scale: every decade visible, not three pale cells and one dark


def test_heatmap_large_matrix_is_max_pooled() -> None:
    values = [[1e-9] * 128 for _ in range(784)]
    values[300][70] = 0.9
    chart = svg.heatmap(values, title="dW1")
    root = parse(chart)
    assert root.get("data-rows") == "40" and root.get("data-cols") == "32"
    assert "each cell is the max of a 20×4 block of the 784×128 matrix" in texts(chart)
    assert svg.colour_at(1.0) in chart  # the single large error is not averaged away
    assert len(chart) < 60_000


def test_max_pool() -> None:
    rows = [[0.0, 1.0, 2.0], [3.0, NAN, 0.0], [1.0, 1.0, 9.0]]
    pooled, br, bc = svg.max_pool(rows, limit=2)
    assert (br, bc) == (2, 2)
    assert math.isnan(pooled[0][0]) and pooled[0][1] == 2.0 and pooled[1] == [1.0, 9.0]
    assert svg.max_pool(rows, limit=3) == (rows, 1, 1)


def test_heatmap_odd_inputs() -> None:
    assert "no data" in texts(svg.heatmap([], title="x"))
    ragged = parse(svg.heatmap([[1, 2, 3], [4]]))
    assert ragged.get("data-cols") == "3"
    flat = parse(svg.heatmap([1.0, 2.0]))
    assert flat.get("data-rows") == "1" and flat.get("data-cols") == "2"
    assert parse(svg.heatmap([[None, "NaN", "inf"]])).get("data-cols") == "3"
    with pytest.raises(TypeError):
        svg.heatmap("not a matrix")


# ---------------------------------------------------------------- bars and histogram

def test_bar_chart() -> None:
    chart = svg.bar_chart(["t-1", "t-2", "t-3", "t-4"], [1e-9, 1e-5, 0.3, NAN], title="error by step back")
    root = parse(chart)
    bars = [r for r in root.iter("rect") if r.get("fill") == svg.PALETTE[0]]
    assert len(bars) == 3
    widths = [float(b.get("width")) for b in bars]
    assert widths == sorted(widths) and widths[0] > 1  # log scale: the smallest bar is still visible
    labels = texts(chart)
    assert "NaN" in labels and "(log scale)" in labels and "t-4" in labels


def test_bar_chart_percent() -> None:
    labels = texts(svg.bar_chart(["a", "b"], [0.5, 1.0], percent=True, value_max=1.0))
    assert "50%" in labels and "100%" in labels


def test_histogram_counts_and_bins() -> None:
    assert svg.histogram_counts([0, 0.99, 1, 9.99, 10, 10, -3, 12, NAN], 10, 0, 10) == [3, 1, 0, 0, 0, 0, 0, 0, 0, 4]
    chart = svg.histogram([0, 5, 10, NAN], bins=10, lo=0, hi=10, title="scores", x_label="score")
    labels = texts(chart)
    assert "score (1 not finite, not shown)" in labels
    assert labels.count("1") >= 3  # a count above each of the three bars
    assert "10" in labels and "0" in labels


# ---------------------------------------------------------------- all charts

HOSTILE = '</svg><script>alert(1)</script> & "quotes" \x1b[2J'


def all_charts(title: str = "t") -> list[str]:
    return [
        svg.line_chart([(title, [1, 2, NAN])], title=title, x_label=title, y_label=title),
        svg.heatmap([[1, 2], [3, NAN]], title=title, row_label=title, col_label=title),
        svg.bar_chart([title], [1.0], title=title, x_label=title),
        svg.histogram([1, 2, 3], title=title, x_label=title, y_label=title),
    ]


def test_charts_escape_text_and_stay_self_contained() -> None:
    for chart in all_charts(HOSTILE):
        parse(chart)
        assert "<script" not in chart and "\x1b" not in chart
        assert chart.count("<svg") == chart.count("</svg>") == 1
        assert "http" not in chart and "href" not in chart and " id=" not in chart


def test_charts_are_deterministic() -> None:
    assert all_charts("same") == all_charts("same")


EXTREMES = [
    [1e308, -1e308, 0.0], [1.7e308, 1.7e308], [5e-324, 1e-323], [1e300, 1e300 * (1 + 1e-15)],
    [0.0, 0.0], [-1.0], [], [-5e-324, 0.0], [5e-324], [None, "inf", "-inf", "NaN", "junk", True],
]


GEOMETRY = ("x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy", "r", "points", "viewBox", "transform")


def assert_finite_geometry(chart: str) -> None:
    """The chart parses and every coordinate in it is a finite number."""
    for el in parse(chart).iter():
        for key in GEOMETRY:
            value = el.get(key)
            if value is not None:
                numbers = [x for x in re.split(r"[\s,()]+", value.replace("rotate", "")) if x]
                assert numbers and all(math.isfinite(float(x)) for x in numbers), (key, value)


@pytest.mark.parametrize("values", EXTREMES, ids=[str(i) for i in range(len(EXTREMES))])
def test_charts_survive_extreme_values(values: list) -> None:
    charts = [svg.heatmap([values]), svg.histogram(values)]
    for log in (False, True):
        charts.append(svg.line_chart([("s", values)], log_y=log))
        charts.append(svg.bar_chart(["a"] * len(values), values, log=log))
    for chart in charts:
        assert_finite_geometry(chart)


def test_charts_survive_random_data() -> None:
    import random
    rng = random.Random(1234)
    specials = [NAN, INF, -INF, None, 0.0]
    for _ in range(60):
        n = rng.randint(0, 30)
        values = [rng.choice(specials) if rng.random() < 0.2 else 10 ** rng.uniform(-12, 12) * rng.choice([1, -1])
                  for _ in range(n)]
        rows = [values[i:i + 5] for i in range(0, len(values), 5)]
        for chart in (svg.line_chart([("a", values), ("b", values[::-1])], log_y=rng.random() < 0.5),
                      svg.heatmap(rows) if rows else svg.heatmap([[1.0]]),
                      svg.bar_chart([str(i) for i in range(n)], values),
                      svg.histogram(values, bins=rng.randint(1, 25))):
            assert_finite_geometry(chart)
