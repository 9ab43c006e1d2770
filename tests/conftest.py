"""Shared fixtures. Qt runs offscreen; the corpus in ../shared is optional (a fresh clone has none)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SEED_NAME = "000_93a0bb01c3eb51b8.txt"


@pytest.fixture
def library(tmp_path):
    from annotations.library import Library

    with Library(tmp_path / "library.sqlite3") as library:
        yield library


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    return CORPUS


@pytest.fixture
def seed_path(corpus) -> Path:
    path = corpus / SEED_NAME
    if not path.is_file():
        pytest.skip(f"the seed release {SEED_NAME} is not in the corpus")
    return path


@pytest.fixture
def demo_path() -> Path:
    from resources import demo_release_path

    return demo_release_path()
