// Lists the hub's vectors through its public API (GET /vectors), nothing else.
"use strict";

const rows = document.getElementById("rows");
const status = document.getElementById("status");
const form = document.getElementById("filter");

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

async function load() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (value) params.set(key, value);
  params.set("limit", "200");
  status.textContent = "Loading…";
  const response = await fetch("/vectors?" + params);
  const body = await response.json();
  if (!response.ok) {
    status.textContent = body.detail || response.statusText;
    return;
  }
  rows.replaceChildren(...body.items.map((v) => {
    const tr = document.createElement("tr");
    [v.id, v.model, v.task, v.seed, v.shape.join(" × "), v.owner, v.created].forEach((x) => tr.append(cell(String(x))));
    const links = document.createElement("td");
    for (const format of ["safetensors", "npy", "json"]) {
      const a = document.createElement("a");
      a.href = `/vectors/${v.id}/data?format=${format}`;
      a.textContent = format;
      links.append(a, " ");
    }
    tr.append(links);
    return tr;
  }));
  status.textContent = `${body.total} vector${body.total === 1 ? "" : "s"}`;
}

form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
load();
