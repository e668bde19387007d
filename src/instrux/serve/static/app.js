// instrux playground: plain JavaScript, no build step. Talks to the same /v1 API as any client.
"use strict";

const $ = (id) => document.getElementById(id);

function headers() {
  const h = { "Content-Type": "application/json" };
  const token = $("token").value.trim();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

// Every answer as {ok, status, data}; data is an ErrorInfo whatever went wrong: a network
// failure, or a body that is not JSON (a proxy's 502 page), as well as the API's own errors.
async function api(path, body) {
  const init = body === undefined ? { headers: headers() }
    : { method: "POST", headers: headers(), body: JSON.stringify(body) };
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    return { ok: false, status: 0, data: clientError("network_error",
      `The server could not be reached: ${err.message}.`, "Check that it is running.") };
  }
  const text = await response.text();
  try {
    return { ok: response.ok, status: response.status, data: JSON.parse(text) };
  } catch (err) {
    return { ok: false, status: response.status, data: clientError("http_error",
      `HTTP ${response.status} ${response.statusText}: the answer is not JSON.`,
      "A proxy or the server failed before the API answered; try again or check its log.") };
  }
}

function clientError(code, message, hint) {
  return { code, kind: "run", message, hint, details: {}, candidates: [] };
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
  showDetails(result ? result.details : {});
  showTimings(result ? result.timings_ms : {});
}

// What the executor reported: label scores, tokens, attempts (a language model), ...
function showDetails(details) {
  const entries = Object.entries(details || {}).filter(([key]) => key !== "schema");
  $("details").textContent = entries.length
    ? JSON.stringify(Object.fromEntries(entries), null, 2) : "(none)";
}

// /v1/parse of a text of several instructions answers its plan: shown, not executed.
function showParsedPlan(plan) {
  showAnswer({ instruction: "(plan)", arguments: {}, route: {
    tier: "plan", score: plan.route.score, explanation: plan.route.explanation,
    details: {}, alternatives: [] } }, null);
  showPlan({ plan, steps: {} });
}

// A plan as its graph: one line per step, arguments taken from another step shown as ←id.
function showPlan(result) {
  const plan = result && result.plan;
  $("plan-graph").hidden = !plan;
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
  drawPlan(plan, result.steps || {});
}

// The plan as a graph (SVG, no library): one box per step, in levels; an arrow per
// argument taken from another step's value.
function drawPlan(plan, done) {
  const svg = $("plan-graph");
  const NS = "http://www.w3.org/2000/svg";
  const level = {};
  const depth = (step) => {
    if (level[step.id] !== undefined) return level[step.id];
    level[step.id] = 0;
    const refs = Object.values(step.arguments).filter((v) => v && typeof v === "object" && "ref" in v);
    const parents = refs.map((r) => plan.steps.find((s) => s.id === r.ref)).filter(Boolean);
    level[step.id] = parents.length ? 1 + Math.max(...parents.map(depth)) : 0;
    return level[step.id];
  };
  plan.steps.forEach(depth);
  const column = {};
  const place = {};
  plan.steps.forEach((step) => {
    const l = level[step.id];
    column[l] = (column[l] || 0) + 1;
    place[step.id] = { x: 10 + (column[l] - 1) * 230, y: 10 + l * 80 };
  });
  const nodes = [];
  plan.steps.forEach((step) => {
    const { x, y } = place[step.id];
    Object.entries(step.arguments).forEach(([name, v]) => {
      if (!(v && typeof v === "object" && "ref" in v) || !place[v.ref]) return;
      const from = place[v.ref];
      const line = document.createElementNS(NS, "line");
      [["x1", from.x + 100], ["y1", from.y + 44], ["x2", x + 100], ["y2", y], ["class", "edge"]]
        .forEach(([k, val]) => line.setAttribute(k, val));
      const label = document.createElementNS(NS, "title");
      label.textContent = `${v.ref} → ${step.id}.${name}`;
      line.append(label);
      nodes.push(line);
    });
    const box = document.createElementNS(NS, "rect");
    [["x", x], ["y", y], ["width", 200], ["height", 44], ["rx", 6],
      ["class", step.id === plan.output ? "step output" : "step"]]
      .forEach(([k, val]) => box.setAttribute(k, val));
    const text = document.createElementNS(NS, "text");
    text.setAttribute("x", x + 8);
    text.setAttribute("y", y + 18);
    const value = done[step.id] ? ` = ${JSON.stringify(done[step.id].value)}` : "";
    text.textContent = `${step.id}: ${step.instruction}${value}`;
    nodes.push(box, text);
  });
  const height = 20 + 80 * (1 + Math.max(...Object.values(level)));
  svg.setAttribute("viewBox", `0 0 ${Math.max(...Object.values(column)) * 230 + 20} ${height}`);
  svg.setAttribute("height", height);
  svg.replaceChildren(...nodes);
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

// While a request runs the page says so (and the buttons wait), whatever it showed before.
function setBusy(busy) {
  $("busy").hidden = !busy;
  $("run").disabled = busy;
  $("parse").disabled = busy;
  document.body.setAttribute("aria-busy", String(busy));
}

async function submit(execute) {
  const text = $("text").value;
  delete document.body.dataset.answered;
  setBusy(true);
  try {
    const { ok, status, data } = await api(execute ? "/v1/run" : "/v1/parse", { text });
    if (!ok) showError(status, data);
    else if (execute) showAnswer(data.call, data);
    else if (data.steps) showParsedPlan(data);
    else showAnswer(data, null);
  } catch (err) {  // a bug of this page: still shown, never an uncaught error
    showError(0, clientError("page_error", String(err), "Reload the page."));
  } finally {
    setBusy(false);
    document.body.dataset.answered = text;  // which text the page shows the answer to
  }
}

// An example with sample values in its slots, ready to run: "add {a} and {b}" -> "add 3 and
// 5"; "(to|into)" -> "to"; "[are]" -> "are". Values come from the argument schema.
function sampleText(info) {
  const example = info.examples[0] || "";
  const properties = (info.arguments_schema && info.arguments_schema.properties) || {};
  const numbers = [3, 5, 7, 2];
  let used = 0;
  const sample = (name) => {
    const prop = properties[name] || {};
    const choices = prop.enum || (prop.$ref && enumOf(info.arguments_schema, prop.$ref));
    if (choices) return String(choices[used++ % choices.length]);
    const kinds = JSON.stringify(prop);
    if (/"(integer|number)"/.test(kinds)) return String(numbers[used++ % numbers.length]);
    if (name === "labels") return "positive or negative";
    if (name === "fields") return "name and city";
    return "'Ann lives in Oslo and loves it'";
  };
  return example.replace(/\{(\w+)\}/g, (_, name) => sample(name))
    .replace(/\(([^|)]*)(\|[^)]*)?\)/g, "$1").replace(/\[([^\]]*)\]/g, "$1")
    .replace(/\s+/g, " ").trim();
}

function enumOf(schema, ref) {
  const found = (schema.$defs || {})[ref.split("/").pop()];
  return found && found.enum;
}

function instructionItem(info) {
  const li = el("li");
  li.append(el("code", info.name), document.createTextNode(` (${info.plugin}) ${info.description}`));
  const args = Object.entries(info.arguments).map(([k, t]) => `${k}: ${t}`).join(", ");
  li.append(el("div", `arguments: ${args || "none"}; result: ${JSON.stringify(info.result_schema)}`));
  li.append(el("div", `examples: ${info.examples.slice(0, 3).join(" · ")}`, "examples"));
  li.addEventListener("click", () => { $("text").value = sampleText(info); });
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
