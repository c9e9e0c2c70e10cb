// The API client: JSON in and out, the write token kept in sessionStorage for this tab only.

const TOKEN_KEY = "armstrack.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = data && data.detail;
    const message = typeof detail === "string" ? detail : JSON.stringify(detail || response.statusText);
    throw new Error(`${response.status}: ${message}`);
  }
  return data;
}

export function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) query.set(key, value);
  }
  const qs = query.toString();
  return request("GET", qs ? `${path}?${qs}` : path);
}

export function put(path, body) {
  return request("PUT", path, body);
}

export function post(path, body) {
  return request("POST", path, body);
}
