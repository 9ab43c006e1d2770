"""Files shipped with Communiqué: fonts, icons, styles and the demo release."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def icon_path(name: str) -> Path:
    return ROOT / "icons" / f"{name}.svg"


def demo_release_path() -> Path:
    return ROOT / "demo" / "welcome-to-communique.md"


def fonts_dir() -> Path:
    return ROOT / "fonts"
