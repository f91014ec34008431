"""Reproduces the task-prompt-vector paper's findings through a running hub's HTTP API and writes
docs/RESULTS.md. Run `make reproduce`, or `python -m reproduce --help` from experiments/."""
