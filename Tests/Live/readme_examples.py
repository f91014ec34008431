"""Runs the README's examples against a live hub and checks what they print, so the documentation
cannot rot (scripts/test-live.sh runs it after starting `tpv serve` with the default model).

Which blocks run: every fenced block in README.md whose language is `sh` or `pycon`, in order,
as a reader following the README from a fresh hub would. A block preceded by the comment
`<!-- not run: REASON -->` is skipped and listed with its reason; blocks without a language
(file contents, output) are never run.

- `sh` blocks run in one bash session (`set -euo pipefail`), so variables carry over. `curl`
  fails on an HTTP error (--fail-with-body). A comment `# => TEXT` says the block prints TEXT,
  after what the previous `# =>` of the block matched; `...` in TEXT stands for anything.
- `pycon` blocks are doctests (ELLIPSIS, NORMALIZE_WHITESPACE), run by the venv's Python.

The session runs in a folder laid out like the repository's root: `.build/release/tpv` is the
binary under test, `data` the live hub's data folder, `models` its models, `clients` the repo's
clients; `glue/TASK/SPLIT.jsonl` holds the first 100 lines of each split of sst2, mnli, qnli and rte
from ../shared/data (so the README's jobs take seconds); and mnli_seed1.safetensors (a tuned
prompt with its init) and qnli_seed1.npy (a vector) are 20 x 384 prompts for all-MiniLM-L6-v2.
`localhost:8080` and `127.0.0.1:8080` become the live hub's address.

usage: readme_examples.py README.md --port PORT --data DIR --tpv BIN --models DIR --shared DIR --repository DIR
       readme_examples.py --doctest FILE
"""
import argparse
import doctest
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

FENCE = re.compile(r"^```(\S*)\s*$")
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(.+?)\s*-->$")
EXPECTED = re.compile(r"(?:^|\s)# => (.*)$")
TASKS, SPLITS, LINES = ("sst2", "mnli", "qnli", "rte"), ("train", "validation", "test"), 100


class Block:
    def __init__(self, language, line, code, skip_reason):
        self.language, self.line, self.code, self.skip_reason = language, line, code, skip_reason

    @property
    def expectations(self):
        return [m.group(1).strip() for m in map(EXPECTED.search, self.code.splitlines()) if m]


def blocks(markdown):
    """The fenced blocks of a markdown text with the line each starts on and its not-run reason."""
    found, lines, i = [], markdown.splitlines(), 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        start, code = i, []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            code.append(lines[i])
            i += 1
        previous = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        reason = NOT_RUN.match(previous)
        found.append(Block(opening.group(1), start + 1, "\n".join(code) + "\n", reason.group(1) if reason else None))
        i += 1
    return found


def pattern(expected):
    """A regex for `# => TEXT`: literal text where `...` stands for anything."""
    return re.compile(".*?".join(re.escape(part) for part in expected.split("...")), re.DOTALL)


def unmet(block, output):
    """The first expectation of `block` its output does not meet, in order, or None."""
    position = 0
    for expected in block.expectations:
        match = pattern(expected).search(output, position)
        if not match:
            return expected
        position = match.end()
    return None


def prepare(folder, options):
    """The repository-like folder the examples run in (see the module's documentation)."""
    from tpvhub import write_safetensors

    links = {".build/release/tpv": options.tpv, "data": options.data, "models": options.models,
             "clients": os.path.join(options.repository, "clients")}
    for name, target in links.items():
        os.makedirs(os.path.dirname(os.path.join(folder, name)) or folder, exist_ok=True)
        os.symlink(os.path.abspath(target), os.path.join(folder, name))
    for task in TASKS:
        os.makedirs(os.path.join(folder, "glue", task))
        for split in SPLITS:
            with open(os.path.join(options.shared, "data", task, f"{split}.jsonl")) as source:
                head = [line for _, line in zip(range(LINES), source)]
            with open(os.path.join(folder, "glue", task, f"{split}.jsonl"), "w") as target:
                target.writelines(head)
    rng = np.random.default_rng(1)
    init = (0.05 * rng.standard_normal((20, 384))).astype(np.float32)
    tuned = init + (0.01 * rng.standard_normal((20, 384))).astype(np.float32)
    with open(os.path.join(folder, "mnli_seed1.safetensors"), "wb") as file:
        file.write(write_safetensors({"prompt_embeddings": tuned, "init": init}))
    np.save(os.path.join(folder, "qnli_seed1.npy"), (0.01 * rng.standard_normal((20, 384))).astype(np.float32))


def at_live_hub(text, port):
    return text.replace("localhost:8080", f"127.0.0.1:{port}").replace("127.0.0.1:8080", f"127.0.0.1:{port}")


def session(runnable, folder, options):
    """One bash script running every block, each announced by a marker line on stdout."""
    script = [
        "set -euo pipefail",
        f"cd {folder}",
        f"export PATH={folder}/.build/release:{os.path.dirname(sys.executable)}:$PATH",
        f"export TPV_HUB=http://127.0.0.1:{options.port}",
        "curl() { command curl --silent --show-error --fail-with-body \"$@\"; }",
        "trap 'echo \"README example failed (exit $?): $BASH_COMMAND\" >&2' ERR",
    ]
    for index, block in enumerate(runnable):
        script.append(f"printf '\\n@@block {index} %s\\n' \"$(date +%s.%N)\"")
        if block.language == "sh":
            script.append(at_live_hub(block.code, options.port))
        else:
            path = os.path.join(folder, f".readme-block-{index}.txt")
            with open(path, "w") as file:
                file.write(at_live_hub(block.code, options.port))
            script.append(f"{sys.executable} {os.path.abspath(__file__)} --doctest {path}")
    script.append("printf '\\n@@block end %s\\n' \"$(date +%s.%N)\"")
    return "\n".join(script) + "\n"


def run(options):
    with open(options.readme) as file:
        found = [b for b in blocks(file.read()) if b.language in ("sh", "pycon")]
    runnable = [b for b in found if b.skip_reason is None]
    with tempfile.TemporaryDirectory(prefix="tpv-readme-") as folder:
        prepare(folder, options)
        result = subprocess.run(["bash", "-c", session(runnable, folder, options)], stdout=subprocess.PIPE,
                                stderr=sys.stderr, text=True)
    outputs, started = {}, {}
    for part in result.stdout.split("\n@@block ")[1:]:
        head, _, output = part.partition("\n")
        index, time = head.split(" ")
        started[index] = float(time)
        if index != "end":
            outputs[int(index)] = output
    failures = []
    if result.returncode != 0:
        last = max(outputs, default=0)
        failures.append(f"README.md:{runnable[last].line}: the block exited with status {result.returncode}; "
                        f"it printed:\n{outputs.get(last, '')[-2000:]}")
    for index, output in outputs.items():
        block = runnable[index]
        missing = unmet(block, output) if block.language == "sh" else None
        if missing is not None:
            failures.append(f"README.md:{block.line}: expected `{missing}` in what the block printed:\n{output[-2000:]}")
    checks = sum(len(b.expectations) for b in runnable if b.language == "sh")
    print(f"README examples: ran {len(outputs)} of {len(runnable)} blocks, {checks} output checks")
    for index in outputs:
        following = started.get(str(index + 1), started.get("end"))
        if following is not None:
            print(f"  README.md:{runnable[index].line}: {following - started[str(index)]:.1f} s")
    for block in found:
        if block.skip_reason:
            print(f"  not run: README.md:{block.line}: {block.skip_reason}")
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures or len(outputs) != len(runnable) else 0


def run_doctest(path):
    failed, attempted = doctest.testfile(path, module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    return 1 if failed or not attempted else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("readme", nargs="?")
    parser.add_argument("--doctest")
    for name in ("port", "data", "tpv", "models", "shared", "repository"):
        parser.add_argument(f"--{name}")
    options = parser.parse_args()
    return run_doctest(options.doctest) if options.doctest else run(options)


if __name__ == "__main__":
    sys.exit(main())
