"""Text contrast, computed (WCAG 2.x relative luminance), for every pair of theme colours
that puts text on a background: body, captions, links, buttons, alerts and highlights
must reach 4.5:1 (AA for normal text). The browser test measures the rendered captions."""

from __future__ import annotations

import tomllib

import pytest

from conftest import PROJECT

AA = 4.5
CAPTION_OPACITY = 0.6  # Streamlit draws captions and other secondary text as textColor at 60% opacity

# Streamlit 1.67's light-theme palette, as `streamlit config show` documents it; used
# for whatever .streamlit/config.toml leaves unset.
PALETTE_DEFAULTS = {
    "red": ("#9e303b", "#fff1f2"), "orange": ("#9b4519", "#fff6ed"), "yellow": ("#956b0f", "#fffae5"),
    "blue": ("#244fb4", "#edf5ff"), "green": ("#0c5a44", "#f1fbf6"), "violet": ("#6f33b8", "#f8f2ff"),
    "gray": ("#686255", "#f5f4f2"),
}


def rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def luminance(colour) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground, background) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(foreground, background, alpha: float):
    """A translucent colour as the eye sees it on its background."""
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(foreground, background))


def test_the_wcag_formula_matches_known_values():
    assert contrast(rgb("#000000"), rgb("#ffffff")) == pytest.approx(21.0)
    assert contrast(rgb("#ffffff"), rgb("#ffffff")) == pytest.approx(1.0)
    assert contrast(rgb("#757d84"), rgb("#ffffff")) == pytest.approx(4.2, abs=0.05)  # the caption colour


def theme() -> dict:
    return tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def text_pairs() -> list[tuple[str, tuple, tuple]]:
    t = theme()
    text, primary = rgb(t["textColor"]), rgb(t["primaryColor"])
    backgrounds = {"background": rgb(t["backgroundColor"]), "secondary background": rgb(t["secondaryBackgroundColor"])}
    pairs = []
    for name, bg in backgrounds.items():
        pairs.append((f"text on {name}", text, bg))
        pairs.append((f"caption (text at 60%) on {name}", over(text, bg, CAPTION_OPACITY), bg))
        pairs.append((f"primary (tabs, links) on {name}", primary, bg))
        pairs.append((f"link on {name}", rgb(t.get("linkColor", t.get("blueTextColor", PALETTE_DEFAULTS["blue"][0]))), bg))
    pairs.append(("primary button label (white) on primary", rgb("#ffffff"), primary))
    for colour, (text_default, background_default) in PALETTE_DEFAULTS.items():
        fg = rgb(t.get(f"{colour}TextColor", text_default))
        tint = rgb(t.get(f"{colour}BackgroundColor", background_default))
        pairs.append((f"{colour} text on its alert background", fg, tint))
        pairs.append((f"text highlighted {colour}", text, tint))
        for name, bg in backgrounds.items():
            pairs.append((f"{colour} text on {name}", fg, bg))
    return pairs


@pytest.mark.parametrize("name, foreground, background", text_pairs(), ids=[p[0] for p in text_pairs()])
def test_theme_text_reaches_aa_contrast(name, foreground, background):
    ratio = contrast(foreground, background)
    assert ratio >= AA, f"{name}: {ratio:.2f}:1 is below {AA}:1"


def test_the_cited_sentence_highlight_is_a_checked_palette_colour():
    from assistant.ui.answer_views import HIGHLIGHT

    colour = HIGHLIGHT.removesuffix("-background")
    assert HIGHLIGHT.endswith("-background") and colour in PALETTE_DEFAULTS
