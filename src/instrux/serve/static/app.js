// instrux playground: plain JavaScript, no build step. Talks to the same /v1 API as any client.
"use strict";

const $ = (id) => document.getElementById(id);

function headers() {
  const h = { "Content-Type": "application/json" };
  const token = $("token").value.trim();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function api(path, body) {
  const init = body === undefined ? { headers: headers() }
    : { method: "POST", headers: headers(), body: JSON.stringify(body) };
  const response = await fetch(path, init);
  return { ok: response.ok, status: response.status, data: await response.json() };
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function fill(parent, nodes) {
  parent.replaceChildren(...nodes);
}

function showRoute(route) {
  const rows = [["tier", route.tier], ["score", route.score.toFixed(3)],
    ["explanation", route.explanation]];
  const d = route.details || {};
  if (d.margin !== undefined) rows.push(["margin", String(d.margin)]);
  if (d.threshold !== undefined) rows.push(["threshold", String(d.threshold)]);
  if (d.template) rows.push(["template", d.template]);
  fill($("route"), rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
  const nearest = (d.nearest || []).map((n) => [n.instruction, n.score, `example: ${n.example}`]);
  const others = (route.alternatives || []).map((c) => [c.instruction, c.score,
    [c.tier, c.evidence].filter(Boolean).join(" / ")]);
  const rows2 = nearest.concat(others).map(([name, score, why]) => {
    const tr = el("tr");
    tr.append(el("td", name), el("td", Number(score).toFixed(3)), el("td", why));
    return tr;
  });
  fill($("neighbours").tBodies[0], rows2);
  $("neighbours").hidden = rows2.length === 0;
}

function showTimings(timings) {
  fill($("timings").tBodies[0], Object.entries(timings).map(([stage, ms]) => {
    const tr = el("tr");
    tr.append(el("td", stage), el("td", Number(ms).toFixed(3)));
    return tr;
  }));
}

function showAnswer(call, result) {
  $("error").hidden = true;
  $("answer").hidden = false;
  $("status").textContent = result ? "done" : "parsed";
  $("status").className = "status-ok";
  $("value").textContent = result ? JSON.stringify(result.value) : "(not executed)";
  $("executor").textContent = result
    ? `by ${result.executor} (${result.executor_kind}) from plugin ${result.plugin}` : "";
  showRoute(call.route);
  $("call").textContent = JSON.stringify(
    { instruction: call.instruction, arguments: call.arguments }, null, 2);
  showPlan(result);
  showTimings(result ? result.timings_ms : {});
}

// A plan as its graph: one line per step, arguments taken from another step shown as ←id.
function showPlan(result) {
  const plan = result && result.plan;
  if (!plan) {
    $("plan").textContent = "No plan: one instruction, one call.";
    return;
  }
  const lines = plan.steps.map((step) => {
    const args = Object.entries(step.arguments).map(([name, v]) =>
      `${name}=${v !== null && typeof v === "object" && "ref" in v ? "←" + v.ref : JSON.stringify(v)}`);
    const done = result.steps && result.steps[step.id];
    const value = done ? ` = ${JSON.stringify(done.value)}` : "";
    const output = step.id === plan.output ? "   (output)" : "";
    return `${step.id}: ${step.instruction}(${args.join(", ")})${value}${output}`;
  });
  const route = plan.route;
  $("plan").textContent = [`planner ${route.planner}, score ${route.score}: ${route.explanation}`,
    ...lines].join("\n");
}

function showError(status, info) {
  $("answer").hidden = true;
  $("error").hidden = false;
  $("error-code").textContent = `${info.code} (HTTP ${status})`;
  $("error-message").textContent = info.message;
  $("error-hint").textContent = info.hint;
  fill($("error-candidates"), (info.candidates || []).map(
    (c) => el("li", `${c.instruction} (score ${Number(c.score).toFixed(2)})`)));
}

async function submit(execute) {
  const text = $("text").value;
  $("status").textContent = "running…";
  delete document.body.dataset.answered;
  const { ok, status, data } = await api(execute ? "/v1/run" : "/v1/parse", { text });
  if (!ok) showError(status, data);
  else if (execute) showAnswer(data.call, data);
  else showAnswer(data, null);
  document.body.dataset.answered = text;  // which text the page shows the answer to
}

function instructionItem(info) {
  const li = el("li");
  li.append(el("code", info.name), document.createTextNode(` (${info.plugin}) ${info.description}`));
  const args = Object.entries(info.arguments).map(([k, t]) => `${k}: ${t}`).join(", ");
  li.append(el("div", `arguments: ${args || "none"}; result: ${JSON.stringify(info.result_schema)}`));
  li.append(el("div", `examples: ${info.examples.slice(0, 3).join(" · ")}`, "examples"));
  li.addEventListener("click", () => { $("text").value = info.examples[0] || ""; });
  return li;
}

async function loadInstructions() {
  const { ok, data } = await api("/v1/instructions");
  fill($("instructions"), ok ? data.map(instructionItem) : [el("li", data.message)]);
}

document.addEventListener("DOMContentLoaded", () => {
  $("run-form").addEventListener("submit", (event) => { event.preventDefault(); submit(true); });
  $("parse").addEventListener("click", () => submit(false));
  $("token").addEventListener("change", loadInstructions);
  loadInstructions();
});
