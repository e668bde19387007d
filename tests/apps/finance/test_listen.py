"""The monitor's HTTP input (``instrux finance monitor --listen PORT``): posts in, alerts out to
the sinks and in the response, typed errors, the same alerts as replaying the same posts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.apps.finance.conftest import NOT_INSTALLED

pytest.importorskip("instrux_finance", reason=NOT_INSTALLED)
pytest.importorskip("fastapi", reason="needs the 'server' extra (pip install 'instrux[server]')")
pytest.importorskip("httpx", reason="needs httpx (the 'dev' extra)")

from fastapi.testclient import TestClient
from instrux_finance.listen import CLOSE, POSTS, STATUS, MonitorService, create_monitor_app
from instrux_finance.monitor import Monitor, replay
from instrux_finance.sinks import AlertSinks
from instrux_finance.stream import Post

from instrux import InstruxError, InvalidInputError
from instrux.serve import ServeConfig
from tests.apps.finance.fakes import START, keyword_score, quiet_then_surge, webhook_receiver


def _client(sinks: AlertSinks, max_batch: int = 20) -> tuple[TestClient, MonitorService]:
    config = ServeConfig(warmup=False, max_batch=max_batch)
    service = MonitorService(keyword_score, Monitor(), sinks, config)
    # 127.0.0.1: the Guard answers only loopback Host names on a loopback server.
    return TestClient(create_monitor_app(service), base_url="http://127.0.0.1"), service


def _body(posts: list[Post]) -> dict[str, Any]:
    return {
        "posts": [
            {"text": p.text, "ticker": p.ticker, "date": p.day.isoformat(), "id": p.id}
            for p in posts
        ]
    }


def test_posted_posts_alert_like_the_same_posts_replayed(tmp_path: Path) -> None:
    posts = quiet_then_surge()
    with AlertSinks(stdout=False, file=tmp_path / "alerts.jsonl") as sinks:
        client, _ = _client(sinks)
        answers = [client.post(POSTS, json=_body(posts[i : i + 10])) for i in range(0, 48, 10)]
        assert [a.status_code for a in answers] == [200] * 5, answers[-1].text
        # The surge day is the stream's last: it is judged when the stream is closed.
        assert all(a.json()["alerts"] == [] for a in answers)
        assert sum(a.json()["posts"] for a in answers) == 48
        status = client.get(STATUS).json()
        assert status["open_days"] == ["2015-03-22"] and status["ticker_days"] == 20
        closed = client.post(CLOSE, json={})
        assert closed.status_code == 200
    replayed = list(replay(posts, keyword_score, Monitor(), batch_size=7))
    assert closed.json()["alerts"] == [a.model_dump(mode="json") for a in replayed]
    written = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert written == closed.json()["alerts"] and written[0]["ticker"] == "AAPL"
    after = client.get(STATUS).json()
    assert (after["posts"], after["ticker_days"], after["alerts"], after["open_days"]) == (
        48,
        21,
        1,
        [],
    )


def test_a_later_day_closes_the_surge_day_in_the_response() -> None:
    with AlertSinks(stdout=False) as sinks:
        client, _ = _client(sinks, max_batch=100)
        assert client.post(POSTS, json=_body(quiet_then_surge())).json()["alerts"] == []
        later = {"posts": [{"text": "AAPL news", "ticker": "AAPL", "date": "2015-03-23"}]}
        answer = client.post(POSTS, json=later).json()
    assert [(a["ticker"], a["day"]) for a in answer["alerts"]] == [("AAPL", "2015-03-22")]


def test_posts_without_a_ticker_go_to_the_stocks_they_name_and_texts_are_scored_once() -> None:
    with AlertSinks(stdout=False) as sinks:
        client, service = _client(sinks)
        body = {
            "posts": [
                {"text": "$AAPL and Microsoft fell", "date": "2015-01-02"},
                {"text": "RT @x: $AAPL and Microsoft fell http://t.co/y", "date": "2015-01-02"},
                {"text": "nothing about any stock", "date": "2015-01-02"},
            ]
        }
        answer = client.post(POSTS, json=body).json()
    assert (answer["posts"], answer["skipped"], answer["texts_scored"]) == (4, 1, 1)
    assert service.monitor.open_days == [date(2015, 1, 2)]


def _error(response: Any, status: int, reason: str | None = None) -> InstruxError:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = InstruxError.from_info(response.json())
    assert error.hint
    if reason is not None:
        assert error.details["reason"] == reason
    return error


def test_bad_requests_are_typed_errors_and_change_nothing() -> None:
    with AlertSinks(stdout=False) as sinks:
        client, _ = _client(sinks, max_batch=3)
        ok = {"posts": [{"text": "Apple fell", "ticker": "AAPL", "date": "2015-01-05"}]}
        assert client.post(POSTS, json=ok).status_code == 200
        late = {
            "posts": [
                {"text": "Apple rose", "ticker": "AAPL", "date": "2015-01-06"},
                {"text": "Apple fell", "ticker": "AAPL", "date": "2015-01-02"},
            ]
        }
        error = _error(client.post(POSTS, json=late), 422, "out_of_order")
        assert isinstance(error, InvalidInputError) and "2015-01-02" in error.message
        too_many = {"posts": ok["posts"] * 4}
        _error(client.post(POSTS, json=too_many), 413, "batch_too_large")
        headers = {"Content-Type": "application/json"}
        _error(client.post(POSTS, content=b"{not json", headers=headers), 400, "invalid_json")
        _error(client.post(POSTS, json={"posts": [{"ticker": "AAPL"}]}), 422, "invalid_body")
        _error(client.post(POSTS, json={"posts": []}), 422, "invalid_body")
        _error(client.post(POSTS, json={"posts": [{"text": "x", "colour": 1}]}), 422)
        _error(client.post(POSTS, json={"posts": [{"text": "x", "date": "monday"}]}), 422)
        _error(client.get("/v1/finance/nothing"), 404)
        status = client.get(STATUS).json()
    assert (status["posts"], status["open_days"]) == (1, ["2015-01-05"])  # nothing else added


def test_over_a_real_socket_alerts_reach_the_webhook() -> None:
    import httpx

    from instrux.serve.server import running_server

    with webhook_receiver() as (hook, received), AlertSinks(stdout=False, webhook=hook) as sinks:
        service = MonitorService(keyword_score, Monitor(), sinks, ServeConfig(port=0))
        with running_server(create_monitor_app(service)) as url:
            sent = httpx.post(url + POSTS, json=_body(quiet_then_surge()))
            closed = httpx.post(url + CLOSE, json={})
    assert sent.status_code == 200 and closed.status_code == 200
    assert received == closed.json()["alerts"] and len(received) == 1


def test_an_unreachable_webhook_is_reported_and_the_alert_kept() -> None:
    with AlertSinks(stdout=False, webhook="http://127.0.0.1:9/none") as sinks:
        client, service = _client(sinks, max_batch=100)
        client.post(POSTS, json=_body(quiet_then_surge()))
        closed = client.post(CLOSE, json={})
    assert closed.status_code == 200
    body = closed.json()
    assert len(body["alerts"]) == 1 and "AAPL 2015-03-22" in body["undelivered"][0]
    assert len(service.monitor.result.alerts) == 1


def test_the_openapi_document_has_the_posts_body() -> None:
    with AlertSinks(stdout=False) as sinks:
        client, _ = _client(sinks)
        document = client.get("/openapi.json").json()
    body = document["paths"][POSTS]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/PostsRequest"}
    post_in = document["components"]["schemas"]["PostIn"]
    assert post_in["required"] == ["text"] and "ticker" in post_in["properties"]


def test_a_monitor_refuses_a_post_of_a_day_it_judged() -> None:
    monitor = Monitor()
    scored = keyword_score(["x"])[0]
    monitor.add(Post(START, "AAPL", "x"), scored)
    monitor.add(Post(date(2015, 3, 3), "AAPL", "x"), scored)
    with pytest.raises(InvalidInputError, match="was judged already"):
        monitor.add(Post(START, "AAPL", "x"), scored)


def test_a_port_in_use_is_a_configuration_error_not_a_traceback() -> None:
    import socket

    from instrux_finance.run import listen_for_posts

    from instrux import ConfigurationError

    with socket.socket() as held, AlertSinks(stdout=False) as sinks:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        with pytest.raises(ConfigurationError, match="Cannot listen") as caught:
            listen_for_posts(keyword_score, Monitor(), sinks, port)
    assert "free port" in caught.value.hint
