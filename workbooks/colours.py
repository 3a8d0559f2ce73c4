"""The colours a word in a cell is highlighted with (conditional formatting), declared once for every sheet."""

from __future__ import annotations

# word -> fill colour: actions of 表5 and the back-tests, and the flags of the checks.
HIGHLIGHT_COLOURS = {"SELL": "#F8CBAD", "BUY": "#C6EFCE", "REDUCE": "#FFC7CE", "HOLD": "#E7E6E6",
                     "⚠": "#FFEB9C", "✓": "#C6EFCE"}


# A grid's colour scale by kind (workbooks/spec.py ColourScaleKind): low, mid and high colours, and the
# midpoint (None: the 50th percentile). A profit is red below 0 and green above; a cost green low, red high.
RED, WHITE, GREEN = "#F8696B", "#FFFFFF", "#63BE7B"
COLOUR_SCALES = {"profit": (RED, WHITE, GREEN, 0.0), "cost": (GREEN, WHITE, RED, None)}


def highlight_colours(*words: str) -> tuple[tuple[str, str], ...]:
    """(word, colour) for each word, in the order given; KeyError naming an undeclared word."""
    unknown = [word for word in words if word not in HIGHLIGHT_COLOURS]
    if unknown:
        raise KeyError(f"no highlight colour declared for {', '.join(map(repr, unknown))} (workbooks/colours.py)")
    return tuple((word, HIGHLIGHT_COLOURS[word]) for word in words)
