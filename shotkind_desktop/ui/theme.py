"""A neutral dark grey look. Colour in the chrome shifts how a photographer judges colour
and exposure in the photos, so everything around them stays grey, as in Lightroom."""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from shotkind_desktop.resources import resource_path

Role = QPalette.ColorRole

COLOURS = {
    Role.Window: "#333333", Role.WindowText: "#dcdcdc",
    Role.Base: "#282828", Role.AlternateBase: "#2e2e2e",
    Role.Text: "#dcdcdc", Role.PlaceholderText: "#8c8c8c",
    Role.Button: "#3b3b3b", Role.ButtonText: "#dcdcdc", Role.BrightText: "#ffffff",
    Role.Highlight: "#5c5c5c", Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#3b3b3b", Role.ToolTipText: "#dcdcdc",
    Role.Light: "#4a4a4a", Role.Midlight: "#3f3f3f", Role.Mid: "#2b2b2b",
    Role.Dark: "#1f1f1f", Role.Shadow: "#141414",
    Role.Link: "#a8b4c0",
}
DISABLED_TEXT = "#7a7a7a"


def apply_theme(app: QApplication) -> None:
    """Fusion style (the same on every platform), the grey palette, and the style sheet
    from resources/ for spacing."""
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    app.setPalette(palette)
    style_sheet = resource_path("shotkind.qss")
    app.setStyleSheet(style_sheet.read_text(encoding="utf-8") if style_sheet.is_file() else "")
