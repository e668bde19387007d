"""The CLI's --json output is the Python API's pydantic model, value for value."""

from __future__ import annotations

import json

import pytest

from instrux import Engine, InstruxError

from .conftest import Invoke

TEXTS = [
    "what is 3 plus 5",
    "divide 7 by 2",
    "2 ^ 100",
    "What's twenty-one times two?",
    "could you tell me what 3 and 5 add up to",
]
ERRORS = ["book a table for two", "divide 3 by 0", "add inf and 1"]


@pytest.fixture(scope="module")
def api() -> Engine:
    return Engine(load_entry_points=False)


def _without_timings(payload: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in payload.items() if k != "timings_ms"}


@pytest.mark.parametrize("text", TEXTS)
def test_run_json_equals_the_python_api(invoke: Invoke, api: Engine, text: str) -> None:
    result = invoke("run", text, "--json")
    assert result.exit_code == 0, result.output
    expected = json.loads(api.run(text).model_dump_json())
    assert _without_timings(json.loads(result.stdout)) == _without_timings(expected)


@pytest.mark.parametrize("text", TEXTS)
def test_parse_json_equals_the_python_api(invoke: Invoke, api: Engine, text: str) -> None:
    result = invoke("parse", text, "--json")
    assert json.loads(result.stdout) == json.loads(api.parse(text).model_dump_json())


@pytest.mark.parametrize("text", ERRORS)
def test_error_json_equals_the_python_error(invoke: Invoke, api: Engine, text: str) -> None:
    result = invoke("run", text, "--json")
    with pytest.raises(InstruxError) as caught:
        api.run(text)
    assert result.exit_code == type(caught.value).exit_code
    assert json.loads(result.stdout) == json.loads(caught.value.to_info().model_dump_json())


def test_list_json_equals_the_python_api(invoke: Invoke, api: Engine) -> None:
    listed = json.loads(invoke("list", "--json").stdout)
    assert listed == [json.loads(info.model_dump_json()) for info in api.instructions()]
