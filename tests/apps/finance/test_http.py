"""The finance instructions over HTTP (``instrux serve``): in the OpenAPI document, runnable."""

from __future__ import annotations

from pathlib import Path

import pytest

from instrux import Engine, Settings
from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)

from instrux_finance import plugin

pytest.importorskip("fastapi", reason="needs the 'server' extra (pip install 'instrux[server]')")
pytest.importorskip("httpx", reason="needs httpx (the 'dev' extra)")


def test_finance_instructions_are_served_and_documented(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from instrux.serve import ServeConfig, create_app

    settings = Settings(cache_dir=tmp_path / "cache", heads_dir=tmp_path / "heads",
                        disable_builtins=frozenset({"semantic"}))  # fmt: skip
    engine = Engine(plugins={"finance": plugin}, settings=settings, load_entry_points=False)
    # 127.0.0.1: the server answers only loopback Host names by default (DNS rebinding).
    client = TestClient(create_app(engine, ServeConfig(warmup=False)), base_url="http://127.0.0.1")
    document = client.get("/openapi.json").json()
    body = document["paths"]["/v1/execute"]["post"]["requestBody"]["content"]["application/json"]
    assert {"finance.topic", "finance.sentiment"} <= set(body["schema"]["discriminator"]["mapping"])

    ran = client.post(
        "/v1/run", json={"text": "what is the finance topic of Pfizer to acquire Allergan"}
    )
    assert ran.status_code == 200, ran.text
    assert ran.json()["value"] == {
        "tickers": ["PFE"],
        "companies": ["Pfizer Inc."],
        "event": "deal",
        "event_by": "keywords",  # no event head in this cache
        "event_score": None,
    }

    missing = client.post(
        "/v1/run", json={"text": "what is the financial sentiment of profits rose"}
    )
    assert missing.headers["content-type"] == "application/json"  # a typed error, no traceback
    error = missing.json()
    assert error["code"] == "configuration_error"
    # Over HTTP the hint speaks to the client; the command is for the server's operator.
    assert "instrux finance train" in error["details"]["operator_hint"]
