// The bearer token the user pasted: this tab's sessionStorage only, never localStorage or cookies.
const key = "tpv-hub.token";

export function savedToken() {
  try { return sessionStorage.getItem(key) || ""; } catch { return ""; }
}

export function saveToken(token) {
  try {
    if (token) sessionStorage.setItem(key, token); else sessionStorage.removeItem(key);
  } catch { /* storage disabled: the token lives in the field only */ }
}
