// The hub's public HTTP API, as the page calls it. Failures become ApiErrors that carry the
// problem document's own words (RFC 9457 `detail`), so the page shows what the API said.

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title);
    this.status = status;
    this.title = title;
  }
}

/// Readable query strings: task lists such as `mnli:0.5,-qnli@2` stay as people write them.
export function queryString(params) {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    const encoded = encodeURIComponent(String(value)).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%40/g, "@");
    parts.push(`${key}=${encoded}`);
  }
  return parts.length ? "?" + parts.join("&") : "";
}

/// The ApiError for a failed response: the problem document's detail, else its title or status text.
export async function problem(response) {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail = "";
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) {
    try {
      const body = await response.json();
      title = body.title || title;
      detail = body.detail || "";
    } catch { /* a body that is not JSON after all: keep the status line */ }
  } else if (response.status !== 0) {
    detail = (await response.text()).trim().slice(0, 500);
  }
  return new ApiError(response.status, title, detail);
}

/// fetch, with network failures and non-2xx answers thrown as ApiErrors.
export async function call(method, path, { body, token, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, "Network error", `The hub did not answer (${error.message}); is it still running?`);
  }
  if (!response.ok) throw await problem(response);
  return response;
}

export async function getJSON(path) {
  return (await call("GET", path)).json();
}

export async function sendJSON(method, path, body, token) {
  return (await call(method, path, { body, token })).json();
}
