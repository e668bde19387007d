"""A small FAQ bank made in the tests, and one index of it built per session.

These tests need the instrux-support package (``pip install -e examples/instrux-support``;
``make setup`` does it) and skip, saying so, when it is not installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from instrux import Engine

if TYPE_CHECKING:
    from instrux_support import FaqEntry

NOT_INSTALLED = (
    "instrux-support is not installed: pip install -e examples/instrux-support (make setup does)"
)


def require_support() -> None:
    """Skip the calling test module, saying why, when the package or its stores are missing."""
    pytest.importorskip("instrux_support", reason=NOT_INSTALLED)
    pytest.importorskip("lancedb", reason=f"lancedb is missing; {NOT_INSTALLED}")
    pytest.importorskip("bm25s", reason=f"bm25s is missing; {NOT_INSTALLED}")


FAQ = [
    {
        "id": "fb-delete",
        "question": "How do I delete my Facebook account?",
        "answer": "Open Settings, choose 'Deactivation and deletion', then 'Delete account'.",
        "tags": ["facebook", "account"],
        "rephrasings": [
            "remove my facebook profile for good",
            "close my facebook account permanently",
            "how can I erase my facebook account",
            "I want to quit facebook and delete everything",
        ],
    },
    {
        "id": "gmail-password",
        "question": "How do I reset my Gmail password?",
        "answer": "Go to the Google account recovery page and follow the steps.",
        "tags": ["gmail"],
        "rephrasings": [
            "forgot my gmail password",
            "change the password of my google mail",
            "I cannot log in to gmail, new password please",
        ],
    },
    {
        "id": "yt-download",
        "question": "How do I download a YouTube video?",
        "answer": "YouTube Premium offers downloads in the app; the website does not.",
        "tags": ["youtube"],
        "rephrasings": [
            "save a youtube clip to my computer",
            "get a video off youtube offline",
            "keep a copy of a youtube video",
        ],
    },
    {
        "id": "trello-export",
        "question": "How can I export my Trello board?",
        "answer": "Board menu, More, Print and export, then JSON or CSV.",
        "tags": ["trello"],
        "rephrasings": [
            "back up my trello cards",
            "download all my trello data",
            "get my trello board out as a file",
        ],
    },
    {
        "id": "yt-autoplay",
        "question": "How do I turn off autoplay on YouTube?",
        "answer": "Switch off the autoplay toggle under the video player.",
        "tags": ["youtube"],
        "rephrasings": [
            "stop youtube from playing the next video",
            "disable automatic playing of videos on youtube",
            "youtube keeps starting another clip, how to stop it",
        ],
    },
    {
        "id": "docs-share",
        "question": "How do I share a Google Doc with someone?",
        "answer": "Click Share at the top right and add their email address.",
        "tags": ["google docs"],
        "rephrasings": [
            "let a colleague edit my google document",
            "give someone access to a doc in google drive",
            "send my google doc to a friend so they can see it",
        ],
    },
]

OFF_TOPIC = [
    "what is the capital of france",
    "book a table for two tonight",
    "how tall is mount everest",
    "what's the weather like tomorrow in berlin",
]


def faq_entries() -> list[FaqEntry]:
    from instrux_support import FaqEntry

    return [FaqEntry.model_validate(row) for row in FAQ]


@pytest.fixture(scope="session")
def support_engine() -> Engine:
    """Built-ins only: gives the encoder the index is built with (from the usual cache)."""
    return Engine(load_entry_points=False)


@pytest.fixture(scope="session")
def faq_index(support_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:

    from instrux_support import build_index

    dest = tmp_path_factory.mktemp("support") / "index"
    return build_index(faq_entries(), support_engine.encoder(), dest)


@pytest.fixture
def faq_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "faq.json"
    path.write_text(json.dumps(FAQ), encoding="utf-8")
    yield path
