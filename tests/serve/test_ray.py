"""Ray Serve: two replicas on a local Ray cluster kept on 127.0.0.1, batching into run_many.

Marked ``ray`` and ``slow``: a Ray cluster with Serve takes 10-50 s to answer first on a
loaded two-core machine, so one module-scoped deployment serves every test here.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from instrux import Engine, ErrorInfo, Result
from instrux.serve import ServeConfig
from tests.serve.net import free_port

pytest.importorskip("ray.serve", reason="needs the 'ray' extra (pip install 'instrux[ray]')")

pytestmark = [pytest.mark.ray, pytest.mark.slow]


@pytest.fixture(scope="module")
def ray_url() -> Iterator[str]:
    import ray
    from ray import serve

    from instrux.serve.ray import DEPLOYMENT, build_app, start_ray

    config = ServeConfig(port=free_port(), max_batch=8)
    start_ray(config, num_cpus=2)
    try:
        # A long wait makes concurrent requests meet in one batch even on a slow machine.
        app = build_app(config, replicas=2, max_batch_size=16, batch_wait_timeout_s=0.05)
        serve.run(app, name=DEPLOYMENT, route_prefix="/")
        yield f"http://127.0.0.1:{config.port}"
    finally:
        serve.shutdown()
        ray.shutdown()


def test_the_cluster_stays_on_loopback(ray_url: str) -> None:
    import ray

    assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}


def test_run_answers_like_the_engine(ray_url: str) -> None:
    response = httpx.post(ray_url + "/v1/run", json={"text": "what is 3 plus 5"}, timeout=60)
    assert response.status_code == 200
    http = Result.model_validate(response.json())
    local = Engine(load_entry_points=False).run("what is 3 plus 5")
    assert http.value == 8
    assert http.call.model_dump() == local.call.model_dump()


def test_concurrent_requests_are_batched_and_each_answered_once(ray_url: str) -> None:
    texts = [f"add {i} and {i}" for i in range(48)]

    def ask(text: str) -> dict[str, object]:
        response = httpx.post(ray_url + "/v1/run", json={"text": text}, timeout=60)
        assert response.status_code == 200
        return dict(response.json())

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(ask, texts))
    assert [a["value"] for a in answers] == [2 * i for i in range(48)]
    # run_many stamps each result with its share of the batch: batch_total / total = size.
    sizes = [round(a["timings_ms"]["batch_total"] / a["timings_ms"]["total"]) for a in answers]  # type: ignore[index]
    assert max(sizes) > 1


def test_errors_have_the_service_bodies_and_statuses(ray_url: str) -> None:
    def error(response: httpx.Response, status: int, code: str) -> ErrorInfo:
        assert response.status_code == status, response.text
        info = ErrorInfo.model_validate(response.json())
        assert info.code == code and info.hint
        return info

    error(httpx.post(ray_url + "/v1/run", json={"text": "book a table for two"}, timeout=60),
          422, "no_match")  # fmt: skip
    json_type = {"Content-Type": "application/json"}
    error(httpx.post(ray_url + "/v1/run", content=b'{"text": ', headers=json_type, timeout=60),
          400, "invalid_input")  # fmt: skip
    error(httpx.post(ray_url + "/v1/run", content=b'{"text": "add 1 and 2"}', timeout=60),
          415, "invalid_input")  # fmt: skip
    long_number = {"text": f"add {'9' * 4301} and 1"}
    error(httpx.post(ray_url + "/v1/run", json=long_number, timeout=60), 422, "invalid_input")
    error(httpx.post(ray_url + "/v1/run_many", json={"texts": ["add 1 and 2"] * 9}, timeout=60),
          413, "invalid_input")  # fmt: skip
    unserved = error(httpx.get(ray_url + "/v1/plugins"), 404, "not_found")
    assert "without --ray" in unserved.details["operator_hint"]  # a command: the operator's


def test_run_many_and_listing(ray_url: str) -> None:
    response = httpx.post(ray_url + "/v1/run_many", json={"texts": ["6 times 7", "divide 1 by 0"]},
                          timeout=60)  # fmt: skip
    items = response.json()["results"]
    assert items[0]["result"]["value"] == 42
    assert items[1]["error"]["code"] == "invalid_arguments"
    listed = httpx.get(ray_url + "/v1/instructions", timeout=60).json()
    assert "math.add" in {i["name"] for i in listed}


def test_parse_execute_plan_and_run_plan_answer_like_the_engine(ray_url: str) -> None:
    def post(path: str, body: dict[str, object]) -> dict[str, object]:
        response = httpx.post(ray_url + path, json=body, timeout=60)
        assert response.status_code == 200, response.text
        return dict(response.json())

    engine = Engine(load_entry_points=False)
    parsed = post("/v1/parse", {"text": "what is 3 plus 5"})
    assert parsed == engine.parse("what is 3 plus 5").model_dump(mode="json")
    executed = post("/v1/execute", {"instruction": "math.multiply", "arguments": {"a": 6, "b": 7}})
    assert executed["value"] == 42
    text = "add 4 and 6, then divide the result by 5"
    plan = post("/v1/plan", {"text": text})
    assert plan == engine.plan(text).model_dump(mode="json")
    assert post("/v1/run_plan", plan)["value"] == 2
    bad = httpx.post(ray_url + "/v1/run_plan", json={"steps": []}, timeout=60)
    assert bad.status_code == 422 and ErrorInfo.model_validate(bad.json()).hint


def test_replicas_run_at_normal_priority(ray_url: str) -> None:
    """Ray starts workers at nice 15; the replicas are the server (issue 23, finding 8)."""
    from pathlib import Path

    replicas = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if b"ServeReplica" in command:
            replicas.append(int(fields[16]))  # the nice value (field 19 of /proc/PID/stat)
    assert replicas and set(replicas) == {0}, replicas
