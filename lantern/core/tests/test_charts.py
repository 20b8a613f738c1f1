"""Server-drawn charts: well-formed SVG, named and described for screen readers, labelled in text,
series told apart without colour, and the figures as a table."""

import xml.etree.ElementTree as ET

import pytest

from lantern.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: charts.Chart) -> ET.Element:
    """The rendered figure as XML (it must be well-formed to parse)."""
    return ET.fromstring(str(charts.render_chart(chart)))  # noqa: S314 (our own output)


def svg_of(figure: ET.Element) -> ET.Element:
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def table_rows(figure: ET.Element) -> list[list[str]]:
    return [["".join(cell.itertext()).strip() for cell in row] for row in figure.iter("tr")]


def assert_accessible(svg: ET.Element, title: str) -> None:
    assert svg.get("role") == "img"
    title_el = svg.find(f"{SVG}title")
    desc_el = svg.find(f"{SVG}desc")
    assert title_el is not None and title_el.text == title
    assert desc_el is not None and desc_el.text
    assert svg.get("aria-labelledby") == title_el.get("id")
    assert svg.get("aria-describedby") == desc_el.get("id")


def test_a_bar_chart_names_each_bar_and_its_value_in_text_and_in_its_table():
    chart = charts.bar_chart(title="Spend by risk band", description="Spend with suppliers in each band.",
                             labels=["Low", "High"], values=[1500, 250000], fmt=lambda v: f"£{v:,.0f}")
    figure = parse(chart)
    svg = svg_of(figure)
    assert_accessible(svg, "Spend by risk band")
    labels = texts(svg)
    assert "Low" in labels and "High" in labels and "£250,000" in labels and "£1,500" in labels
    bars = {rect.find(f"{SVG}title").text: float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")}
    assert bars["High: £250,000"] > bars["Low: £1,500"] > 0
    assert table_rows(figure) == [["Category", "Value"],
                                  ["Low", "£1,500"], ["High", "£250,000"]]


def test_a_stacked_bar_chart_tells_series_apart_by_pattern_and_legend_not_colour_alone():
    chart = charts.stacked_bar_chart(
        title="Spend by category and band", description="Each category's spend split by band.",
        labels=["Cleaning", "Construction"], series=[("Low", [10, 20]), ("High", [30, 0]), ("Very high", [5, 5])],
    )
    figure = parse(chart)
    svg = svg_of(figure)
    assert_accessible(svg, "Spend by category and band")
    patterns = svg.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 3
    fills = {rect.get("fill") for rect in svg.find(f"{SVG}g[@class='lantern-chart__marks']").iter(f"{SVG}rect")}
    assert any(fill.startswith("url(#") for fill in fills)  # patterned, not only coloured
    assert {"Low", "High", "Very high", "Cleaning", "Construction", "45", "25"} <= set(texts(svg))
    assert table_rows(figure)[0] == ["Category", "Low", "High", "Very high", "Total"]
    assert table_rows(figure)[1] == ["Cleaning", "10", "30", "5", "45"]


def test_a_line_chart_draws_one_line_per_series_with_its_own_dash_and_marker():
    chart = charts.line_chart(title="Spend by month", description="Monthly spend by band.",
                              labels=["Apr", "May", "Jun"], series=[("High", [1, 2, 3]), ("Very high", [3, 2, 1])])
    figure = parse(chart)
    svg = svg_of(figure)
    assert_accessible(svg, "Spend by month")
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert len(svg.findall(f".//{SVG}circle")) >= 3 and svg.findall(f".//{SVG}rect")  # circles, then squares
    assert {"Apr", "Jun", "High", "Very high"} <= set(texts(svg))
    assert table_rows(figure)[2] == ["May", "2", "2"]


def test_a_scatter_chart_names_its_axes_and_the_top_points_and_lists_every_point():
    points = [charts.Point(x=1_200_000, y=80, label="Sparkle Cleaning", group="Very high"),
              charts.Point(x=5_000, y=10, label="Paper Co", group="Low")]
    chart = charts.scatter_chart(title="Risk against spend", description="Each supplier's score and spend.",
                                 points=points, x_label="Spend (£)", y_label="Risk score", label_top=1)
    figure = parse(chart)
    svg = svg_of(figure)
    assert_accessible(svg, "Risk against spend")
    labels = texts(svg)
    assert "Spend (£)" in labels and "Risk score" in labels
    assert "Sparkle Cleaning" in labels and "Paper Co" not in labels  # only the top point is named
    assert ["Paper Co", "5,000", "10", "Low"] in table_rows(figure)


def test_text_is_escaped_so_a_label_cannot_break_the_drawing():
    chart = charts.bar_chart(title="A <b>bold</b> & risky title", description="x < y",
                             labels=["Smith & Sons <Ltd>"], values=[3])
    svg = svg_of(parse(chart))
    assert "Smith & Sons <Ltd>" in texts(svg)


def test_a_chart_without_figures_says_so_instead_of_drawing_nothing():
    figure = parse(charts.bar_chart(title="Nothing", description="none", labels=[], values=[]))
    assert figure.find(f"{SVG}svg") is None
    assert "no figures to show" in "".join(figure.itertext())


def test_mismatched_series_are_refused():
    with pytest.raises(ValueError, match="one value per label"):
        charts.line_chart(title="t", description="d", labels=["a", "b"], series=[("s", [1])])


def test_an_axis_of_counts_has_whole_number_ticks():
    chart = charts.bar_chart(title="Suppliers", description="How many.", labels=["A", "B"], values=[1, 3])
    ticks = [t["text"] for t in chart.labels if t.get("small")]
    assert ticks == ["0", "1", "2", "3", "4"]
