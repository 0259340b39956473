"""Shared fixtures: the seed reports (copied into corpora/) and their clean texts."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SEEDS = sorted(CORPORA.glob("*.txt"))
sys.path.insert(0, str(Path(__file__).parent))  # tests/variants.py


@pytest.fixture(scope="session")
def clean_texts() -> dict[str, str]:
    """Each seed's normalized text, the reference its variants must come back to."""
    from pipeline.normalize import read

    return {p.name: read(p).text for p in SEEDS}


def seed_ids():
    return [p.name[:3] for p in SEEDS]
