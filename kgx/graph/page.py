"""The query page `kgx serve` shows at `/`: one self-contained HTML file (no script, style or font fetched from
anywhere), with kgx's named queries as examples and the results as a table.

The page's URL holds its query (`/?query=SELECT...`, or `/?name=timeline&a=ISR&b=AZE` for a named query), so a
result can be linked to, and the page runs that query when it opens.
"""

from __future__ import annotations

import json

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kgx SPARQL endpoint</title>
<style>
 body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em; color: #222; }
 textarea { width: 100%; height: 16em; font: 13px/1.35 monospace; box-sizing: border-box; }
 .bar { display: flex; gap: .8em; align-items: center; flex-wrap: wrap; margin: .5em 0; }
 table { border-collapse: collapse; margin-top: .8em; font-size: 13px; }
 th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
 th { background: #eef; }
 pre { background: #f6f6f6; padding: .6em; overflow: auto; }
 #error { color: #a00; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>kgx SPARQL endpoint</h1>
<p>Ask the graph in SPARQL, or start from one of kgx's named queries. Clients and other triple stores use
<code>/sparql</code> (SPARQL 1.1 Protocol); named queries are also at <code>/query/NAME</code>.</p>
<div class="bar">
 <label>Example <select id="example"><option value="">(your own query)</option></select></label>
 <span id="params"></span>
 <button id="run" type="button">Run</button>
 <span id="status"></span>
</div>
<textarea id="query" spellcheck="false" aria-label="SPARQL query"></textarea>
<div id="error"></div>
<div id="output"></div>
<script type="application/json" id="examples">__EXAMPLES__</script>
<script>
"use strict";
const examples = JSON.parse(document.getElementById("examples").textContent);
const $ = (id) => document.getElementById(id);
const box = $("query"), select = $("example"), params = $("params"), output = $("output");
let chosen = null;  // the named query whose text is in the box, unedited

for (const name of Object.keys(examples)) {
  const option = document.createElement("option");
  option.value = option.textContent = name;
  select.append(option);
}

function choose(name, values) {
  chosen = name || null;
  select.value = name || "";
  params.replaceChildren();
  if (!chosen) return;
  box.value = examples[name].query;
  for (const param of examples[name].params) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.name = param;
    input.size = 6;
    input.value = values.get(param) || "";
    label.append(`?${param} `, input);
    params.append(label, " ");
  }
}

function element(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function showTable(data) {
  const vars = data.head.vars, rows = data.results.bindings;
  const table = document.createElement("table");
  table.id = "results";
  const head = table.createTHead().insertRow();
  for (const v of vars) head.append(element("th", v));
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) tr.append(element("td", row[v] ? row[v].value : ""));
  }
  output.replaceChildren(element("p", `${rows.length} rows`), table);
}

async function run() {
  const state = new URLSearchParams();
  const init = {headers: {Accept: "application/sparql-results+json, text/turtle;q=0.9"}};
  let url;
  if (chosen) {
    const values = new URLSearchParams();
    for (const input of params.querySelectorAll("input")) values.set(input.name, input.value);
    url = `query/${encodeURIComponent(chosen)}?${values}`;
    state.set("name", chosen);
    for (const [k, v] of values) state.set(k, v);
  } else {
    url = "sparql";
    init.method = "POST";
    init.body = new URLSearchParams({query: box.value});
    state.set("query", box.value);
  }
  history.replaceState(null, "", `?${state}`);
  $("error").textContent = "";
  output.replaceChildren();
  $("status").textContent = "running...";
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    if (!response.ok) {
      $("error").textContent = text;
    } else if ((response.headers.get("content-type") || "").includes("sparql-results+json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) output.replaceChildren(element("p", `ASK: ${data.boolean}`));
      else showTable(data);
    } else {
      output.replaceChildren(element("pre", text));
    }
  } catch (err) {
    $("error").textContent = String(err);
  }
  $("status").textContent = "";
}

select.addEventListener("change", () => choose(select.value, new URLSearchParams()));
box.addEventListener("input", () => choose(null));
$("run").addEventListener("click", run);
const start = new URLSearchParams(location.search);
if (start.get("name") in examples) { choose(start.get("name"), start); run(); }
else if (start.get("query")) { box.value = start.get("query"); run(); }
else choose("visits", start);
</script>
</body>
</html>
"""


def query_page(examples: dict[str, dict[str, object]]) -> str:
    """The page with `examples` (name -> {"query": text, "params": [names]}) written into it as JSON; `<` is
    escaped so that no query text can close the script element."""
    return PAGE.replace("__EXAMPLES__", json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c"))
