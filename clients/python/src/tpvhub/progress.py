"""A job's progress as it runs: a tqdm bar when tqdm is installed, otherwise a line every 10 %."""
import sys

try:
    from tqdm.auto import tqdm
except ImportError:  # tqdm is optional
    tqdm = None


class JobProgress:
    def __init__(self, job_id, enabled=True, stream=None, use_tqdm=None):
        self.job_id = job_id
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.use_tqdm = (tqdm is not None) if use_tqdm is None else use_tqdm
        self.bar = None
        self.printed_tenth = -1

    def update(self, event, data):
        if not self.enabled or not isinstance(data, dict):
            return
        if event == "progress":
            self._progress(data)
        elif event == "evaluation":
            self._evaluation(data)
        elif event == "end":
            self.close()
            self._say(f"job {self.job_id} {data.get('status')}" + (f": {data['error']}" if data.get("error") else ""))

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _progress(self, data):
        step, total = data.get("step", 0), max(data.get("total", 0), 1)
        facts = {key: data[key] for key in ("loss", "mean", "lambda") if key in data}
        if self.use_tqdm:
            if self.bar is None:
                self.bar = tqdm(total=total, desc=f"job {self.job_id}", unit="step", file=self.stream)
            self.bar.update(step - self.bar.n)
            self.bar.set_postfix(facts, refresh=False)
            return
        tenth = step * 10 // total
        if tenth > self.printed_tenth:
            self.printed_tenth = tenth
            shown = " ".join(f"{key} {value:.4g}" for key, value in facts.items())
            eta = f" eta {data['eta_seconds']:.0f}s" if "eta_seconds" in data else ""
            self._say(f"job {self.job_id}: step {step}/{total} {shown}{eta}")

    def _evaluation(self, data):
        scores = data.get("validation") or {}
        shown = " ".join(f"{key} {value:.4g}" for key, value in scores.items() if key != "n")
        if not shown:
            return
        if self.bar is not None:
            self.bar.write(f"job {self.job_id}: step {data.get('step')} validation {shown}", file=self.stream)
        else:
            self._say(f"job {self.job_id}: step {data.get('step')} validation {shown}")

    def _say(self, line):
        print(line, file=self.stream, flush=True)
