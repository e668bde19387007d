"""support.answer through `instrux serve`: in the OpenAPI document, answered over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apps.support.conftest import require_support

require_support()

from instrux_support.plugin import SupportPlugin  # noqa: E402

from instrux import Engine  # noqa: E402

pytest.importorskip("fastapi", reason="needs the 'server' extra (pip install 'instrux[server]')")
httpx = pytest.importorskip("httpx", reason="needs httpx (the 'dev' extra)")

from instrux.serve import ServeConfig, create_app, running_server  # noqa: E402


def test_openapi_lists_it_and_run_answers_or_refuses(
    faq_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("instrux_support.session.default_index_dir", lambda settings: faq_index)
    engine = Engine(plugins={"support": SupportPlugin()}, load_entry_points=False)
    config = ServeConfig(warmup=False)
    app = create_app(engine, config)
    mapping = app.openapi()["paths"]["/v1/execute"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["discriminator"]["mapping"]
    assert "support.answer" in mapping
    with running_server(app, config) as url, httpx.Client(base_url=url, timeout=30) as client:
        answered = client.post("/v1/run", json={"text": "how do I get rid of my facebook account"})
        assert answered.status_code == 200, answered.text
        assert answered.json()["value"]["source_id"] == "fb-delete"
        refused = client.post("/v1/run", json={"text": "what is the capital of france"})
        assert refused.status_code == 422 and refused.json()["code"] == "no_match"
