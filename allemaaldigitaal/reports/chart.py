"""A grouped bar chart as plain geometry for an inline SVG (templates/reports/_chart.html draws it): no script.

Two series per month, side by side: intake (solid) and handouts (hatched), so the chart does not lean on colour
alone; both colours have a contrast of at least 4.5:1 against white (8.1:1 and 6.0:1).
"""
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 44
#: the colours of the two series
INTAKE_COLOUR = "#1d4f91"
HANDOUT_COLOUR = "#a4471a"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    #: "intake" or "handout"
    series: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[Label]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    intake_colour: str = INTAKE_COLOUR
    handout_colour: str = HANDOUT_COLOUR


def nice_step(maximum: int, ticks: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … with which `ticks` steps reach the maximum."""
    step, scale = 1, 1
    while step * ticks < maximum:
        for factor in (1, 2, 5):
            step = factor * scale
            if step * ticks >= maximum:
                break
        else:
            scale *= 10
    return step


def month_chart(months: list[tuple[str, int, int]]) -> Chart:
    """The chart of (label, intake, handouts) per month, oldest first."""
    maximum = max((max(intake, handout) for _, intake, handout in months), default=0)
    step = nice_step(max(maximum, 1))
    top_value = step * max(1, -(-max(maximum, 1) // step))
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - RIGHT - LEFT) / max(len(months), 1)
    bar_width = slot * 0.36

    def y_of(value: int) -> float:
        return round(HEIGHT - BOTTOM - plot_height * value / top_value, 1)

    bars, labels = [], []
    for number, (label, intake, handout) in enumerate(months):
        start = LEFT + number * slot + slot * 0.12
        for offset, value, series in ((0, intake, "intake"), (bar_width, handout, "handout")):
            y = y_of(value)
            bars.append(Bar(round(start + offset, 1), y, round(bar_width, 1), round(HEIGHT - BOTTOM - y, 1),
                            value, series))
        labels.append(Label(round(LEFT + (number + 0.5) * slot, 1), label))
    ticks = [Tick(y_of(value), value) for value in range(0, top_value + 1, step)]
    return Chart(bars, ticks, labels)
