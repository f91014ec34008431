// Features that other parts of the project add to the hub: the page offers them only when
// the running hub answers them, so it works against older and newer hubs alike.

let peft;

/// Whether downloads in `format=peft` (a PEFT prompt-tuning adapter) are served. Asked once per
/// page, with a HEAD request on a real download URL (`probeUrl` ends in `format=peft`).
export function peftDownloads(probeUrl) {
  peft ??= fetch(probeUrl, { method: "HEAD" }).then((response) => response.ok, () => false);
  return peft;
}
