"""Our NL Design System theme (static/css/theme.css): every colour pair passes WCAG 2.1 AA, fonts ship with the app."""
import re
from pathlib import Path

import pytest

from allemaaldigitaal.core.enums import DeviceStatus

STATIC = Path(__file__).resolve().parents[2] / "allemaaldigitaal" / "static"
THEME = STATIC / "css" / "theme.css"
BADGES = Path(__file__).resolve().parents[2] / "templates" / "macros" / "badges.html"
TEXT, UI = 4.5, 3.0

#: (foreground token, background token, minimum contrast): text at 4.5:1, borders and controls at 3:1
PAIRS = [
    # text on every surface it is used on
    *[("--basis-color-default-color-document", bg, TEXT) for bg in (
        "--basis-color-default-bg-document", "--basis-color-default-bg-subtle", "--basis-color-default-bg-hover",
        "--basis-color-accent-bg-subtle", "--basis-color-positive-bg", "--basis-color-negative-bg",
        "--basis-color-warning-bg", "--basis-color-info-bg")],
    *[("--basis-color-default-color-subtle", bg, TEXT) for bg in (
        "--basis-color-default-bg-document", "--basis-color-default-bg-subtle")],
    # links, menu items and secondary buttons, at rest and hovered
    *[("--basis-color-action-color-default", bg, TEXT) for bg in (
        "--basis-color-default-bg-document", "--basis-color-default-bg-subtle", "--basis-color-default-bg-hover",
        "--basis-color-accent-bg-subtle")],
    # links in alerts (the error summary links to each field)
    *[("--basis-color-action-color-default", f"--basis-color-{tone}-bg", TEXT)
      for tone in ("positive", "negative", "warning", "info")],
    *[("--basis-color-action-color-hover", bg, TEXT) for bg in (
        "--basis-color-default-bg-document", "--basis-color-default-bg-hover", "--basis-color-accent-bg-subtle")],
    ("--basis-color-action-color-active", "--basis-color-accent-bg-subtle", TEXT),
    # filled buttons: primary and danger
    *[("--basis-color-action-inverse-color", bg, TEXT) for bg in (
        "--basis-color-action-bg-default", "--basis-color-action-bg-hover", "--basis-color-action-bg-active",
        "--basis-color-negative-color", "--basis-color-negative-color-hover")],
    # error messages and danger outlines
    ("--basis-color-negative-color", "--basis-color-default-bg-document", TEXT),
    ("--basis-color-negative-color-hover", "--basis-color-negative-bg", TEXT),
    # meaning colours on their own backgrounds (badges, alert icons)
    *[(f"--basis-color-{tone}-color", f"--basis-color-{tone}-bg", TEXT)
      for tone in ("positive", "negative", "warning", "info", "neutral")],
    # controls and their states
    *[("--basis-form-control-border-color", bg, UI) for bg in (
        "--basis-color-default-bg-document", "--basis-color-default-bg-subtle")],
    ("--basis-color-negative-border", "--basis-color-default-bg-document", UI),
    ("--basis-color-action-bg-default", "--basis-color-default-bg-document", UI),
    *[("--basis-focus-outline-color", bg, UI) for bg in (
        "--basis-color-default-bg-document", "--basis-color-default-bg-subtle", "--basis-color-accent-bg-subtle")],
    # the bar under the current menu item
    *[("--utrecht-navigation-link-current-border-color", bg, UI) for bg in (
        "--utrecht-nav-bar-background-color", "--utrecht-navigation-link-current-background-color")],
    ("--utrecht-navigation-link-current-color", "--utrecht-navigation-link-current-background-color", TEXT),
    ("--utrecht-navigation-link-color", "--utrecht-nav-bar-background-color", TEXT),
    ("--utrecht-navigation-link-hover-color", "--utrecht-navigation-link-hover-background-color", TEXT),
]


def theme_tokens() -> dict[str, str]:
    """The custom properties of the theme's main block (the phone block only changes sizes)."""
    css = re.sub(r"/\*.*?\*/", "", THEME.read_text(), flags=re.S)
    block = re.search(r"^\.allemaaldigitaal-theme \{(.*?)^\}", css, flags=re.S | re.M).group(1)
    return {name: value.strip() for name, value in re.findall(r"(--[\w-]+):\s*([^;]+);", block)}


def resolve(tokens: dict[str, str], name: str) -> str:
    value = tokens[name]
    while (reference := re.fullmatch(r"var\((--[\w-]+)\)", value)) is not None:
        value = tokens[reference.group(1)]
    return value


def luminance(colour: str) -> float:
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), f"{colour} is not a #rrggbb colour"
    channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge_tones() -> list[str]:
    return re.search(r"_TONES = \(([^)]*)\)", BADGES.read_text()).group(1).replace('"', "").replace(" ", "").split(",")


def test_contrast_formula_matches_the_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_colour_pairs_pass_wcag_aa(foreground, background, minimum):
    tokens = theme_tokens()
    ratio = contrast(resolve(tokens, foreground), resolve(tokens, background))
    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f}:1"


@pytest.mark.parametrize("tone", ["", *badge_tones()])
def test_every_status_badge_tone_is_readable(tone):
    tokens = theme_tokens()
    prefix = f"--utrecht-status-badge-{tone}-" if tone else "--utrecht-status-badge-"
    ratio = contrast(resolve(tokens, prefix + "color"), resolve(tokens, prefix + "background-color"))
    assert ratio >= TEXT, f"status badge {tone or 'default'}: {ratio:.2f}:1"


def test_every_device_status_has_a_tone_the_badge_knows():
    tones = set(badge_tones())
    assert {status.tone for status in DeviceStatus} <= tones
    assert len({status.tone for status in DeviceStatus}) >= 5, "the statuses should not all look alike"


def test_the_theme_is_ours_and_not_the_example_theme():
    css = THEME.read_text()
    assert "voorbeeld" not in css
    assert '"Noto Sans"' in resolve(theme_tokens(), "--utrecht-document-font-family")


def test_every_font_the_theme_names_is_shipped():
    fonts = re.findall(r'url\("\.\./vendor/fonts/([\w.-]+)"\)', THEME.read_text())
    assert {"noto-sans-latin-400-normal.woff2", "noto-sans-latin-700-normal.woff2"} <= set(fonts)
    for font in fonts:
        assert (STATIC / "vendor" / "fonts" / font).read_bytes()[:4] == b"wOF2", f"{font}: run `make assets`"
