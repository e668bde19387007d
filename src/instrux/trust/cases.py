"""Trust cases: one JSON object per line in ``KIND.jsonl`` files (the file stem is the kind).

Each line is ``{"text": ..., "value": <the right answer or null>, "split": "dev"|"heldout"}``;
``"expect": "refuse"`` is accepted as another way to say that no answer is right, and
``"lang"`` names the case's language (BCP 47; "en" when absent). A folder may also hold one
sub-folder of case files per language (``zh/``, ``fr/``, ...): each case then has that
language unless its line says otherwise. The project's own development set lives in
``tests/data/trust`` of a source checkout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from instrux.schemas.errors import InvalidInputError

__all__ = ["Split", "TrustCase", "default_cases_dir", "load_cases"]

Split = Literal["dev", "heldout"]


class TrustCase(BaseModel):
    """One text, the value a right answer has (None: every answer is wrong), its split."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: str
    value: Any = None
    split: Split = "dev"
    kind: str = ""
    expect: str | None = None
    lang: str = "en"

    @property
    def answerable(self) -> bool:
        return self.value is not None and self.expect != "refuse"


def default_cases_dir() -> Path:
    """``tests/data/trust`` of the source checkout this package was imported from."""
    return Path(__file__).resolve().parents[3] / "tests" / "data" / "trust"


def load_cases(directory: Path, splits: tuple[str, ...] = ("dev", "heldout")) -> list[TrustCase]:
    """Every case of every ``*.jsonl`` file in ``directory`` (and in its language folders)
    whose split is in ``splits``."""
    files = sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
    if directory.is_dir():
        files += sorted(directory.glob("*/*.jsonl"))
    if not files:
        raise InvalidInputError(
            f"No trust cases (*.jsonl) in {directory}.",
            hint="Give the folder of the cases with --data (the project's own set is "
            "tests/data/trust in a source checkout).",
            reason="no_cases",
        )
    cases: list[TrustCase] = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                given = {"lang": path.parent.name} if path.parent != directory else {}
                case = TrustCase.model_validate({**given, **json.loads(line), "kind": path.stem})
            except (json.JSONDecodeError, ValidationError) as err:
                raise InvalidInputError(
                    f"{path.name}:{number} is not a trust case: {err}",
                    hint='Write one object per line: {"text": ..., "value": ..., "split": ...}.',
                    reason="bad_case",
                ) from None
            if case.split in splits:
                cases.append(case)
    return cases
