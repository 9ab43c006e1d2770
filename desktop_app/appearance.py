"""How the window looks: light or dark (following the system, or the user's View menu choice),
icons that stay visible in both, and highlighted text that stays readable (WCAG contrast ≥ 4.5:1).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QProxyStyle, QStyle

from resources import icon_path

SCHEMES = ("system", "light", "dark")
#: Text over a highlight, in both schemes: the highlight colours are light, so dark text reads.
HIGHLIGHT_TEXT = "#1b1f23"
ICON_STROKE = "#37474f"             # what the SVG icons are drawn in (for a light toolbar)
ICON_STROKE_DARK = "#dde3e8"
#: The outline of check boxes and radio buttons on a dark window (contrast 5.5:1, WCAG asks 3:1).
INDICATOR_OUTLINE_DARK = "#8b9298"


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def wants_dark(scheme: str) -> bool:
    return scheme == "dark" or (scheme == "system" and system_prefers_dark())


def dark_palette() -> QPalette:
    """A dark palette with every role set, so fields keep visible borders and text its contrast."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1e2124", QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2a2e33", QPalette.ColorRole.AlternateBase: "#31363b",
        QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Button: "#2b2f33", QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.ToolTipBase: "#2b2f33", QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#3d6fa5", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Light: "#4a5056", QPalette.ColorRole.Midlight: "#3a3f44",
        QPalette.ColorRole.Mid: "#6b7278", QPalette.ColorRole.Dark: "#101214", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8389"))
    return palette


def apply_scheme(application, scheme: str, light_palette: QPalette) -> bool:
    """Light or dark for the whole application; returns whether it is dark now.

    ``light_palette``: the platform's own, as it was before any change (the light scheme's).
    """
    dark = wants_dark(scheme)
    if dark:
        # A platform style may draw its own colours over a palette; Fusion follows it.
        application.setStyle(OutlinedIndicators("Fusion"))
    application.setPalette(dark_palette() if dark else light_palette)
    return dark


class OutlinedIndicators(QProxyStyle):
    """Fusion with check boxes and radio buttons that show on a dark window: Fusion outlines them a
    shade darker than the window, which on a dark one leaves a faint square (contrast 1.2:1)."""

    _INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def drawPrimitive(self, element, option, painter, widget=None):
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._INDICATORS or option.palette.color(QPalette.ColorRole.Window).lightness() >= 128:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(INDICATOR_OUTLINE_DARK), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(option.rect).adjusted(0.5, 0.5, -1.5, -1.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            painter.drawRoundedRect(box, 1.5, 1.5)
        else:
            painter.drawEllipse(box)
        painter.restore()


@functools.cache
def themed_icon(name: str, dark: bool) -> QIcon:
    """An icon from resources/icons, its strokes lightened on a dark toolbar so it stays visible."""
    svg = icon_path(name).read_text(encoding="utf-8")
    if dark:
        svg = svg.replace(ICON_STROKE, ICON_STROKE_DARK)
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(QByteArray(svg.encode()))
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
