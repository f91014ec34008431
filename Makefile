# The two commands of the README: `make serve` and `make test`.
SWIFT ?= swift
# Numeric code runs 10-100x slower unoptimised, so everything (tests too) builds in release.
RELEASE = -c release
TEST_FLAGS = $(RELEASE) -Xswiftc -enable-testing
HOST ?= 127.0.0.1
PORT ?= 8080
DATA ?= ./data

.PHONY: setup build serve test test-swift test-live test-browser bench reproduce clean

setup:
	scripts/setup.sh

build: setup
	$(SWIFT) build $(RELEASE) --product tpv

serve: build
	.build/release/tpv serve --host $(HOST) --port $(PORT) --data $(DATA)

# Everything: the Swift suites, the Python client, the README's examples and the OpenAPI contract
# against live hubs (scripts/test-live.sh), then the web page in a real browser.
test: test-swift test-live test-browser

test-swift: setup
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build

test-live: test-swift
	TPV_SETUP_TESTS=1 scripts/setup.sh
	scripts/test-live.sh

# The web page end to end in headless Chromium against the real server, with the binary `make test`
# built (same flags, so nothing is rebuilt). SCRATCH= points at another build folder.
SCRATCH ?= .build
test-browser: test-swift
	TPV_SETUP_BROWSER=1 scripts/setup.sh
	$(SWIFT) build $(TEST_FLAGS) --scratch-path $(SCRATCH) --product tpv
	python3 Tests/Browser/page_test.py --tpv "$$($(SWIFT) build $(TEST_FLAGS) --scratch-path $(SCRATCH) --show-bin-path)/tpv"

# HTTP against Hummingbird, the model's train step against PyTorch (both side by side in one run),
# then a training job through the API with /health's latency measured while it trains.
bench:
	TPV_SETUP_BENCH=1 scripts/setup.sh
	scripts/bench.sh
	scripts/bench-model.sh
	scripts/bench-jobs.sh

# The paper's four experiments through the hub's API (about 105 min on 2 cores; resumable), written to
# docs/RESULTS.md, and the vectors they trained exported to starter-pack/ (scripts/reproduce.sh).
reproduce: build
	TPV_SETUP_TESTS=1 scripts/setup.sh
	scripts/reproduce.sh

clean:
	rm -rf .build
