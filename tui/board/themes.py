"""The board's themes: Textual's dark and light, and a high-contrast theme of our own for the
wall screen (pure black and white with one bright accent; Textual has no such theme)."""

from __future__ import annotations

from textual.theme import Theme

CONTRAST = Theme(
    name="dutyboard-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#333333",
    warning="#FFFF00",
    error="#FF4040",
    success="#00FF00",
    dark=True,
    variables={"text-muted": "#FFFFFF", "footer-key-foreground": "#FFFF00",
               "footer-description-foreground": "#FFFFFF", "border": "#FFFFFF",
               "block-cursor-background": "#FFFF00", "block-cursor-foreground": "#000000"},
)
THEMES = {"dark": "textual-dark", "light": "textual-light", "contrast": CONTRAST.name}
