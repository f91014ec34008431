# The two commands of the README: `make serve` and `make test`.
SWIFT ?= swift
# Numeric code runs 10-100x slower unoptimised, so everything (tests too) builds in release.
RELEASE = -c release
TEST_FLAGS = $(RELEASE) -Xswiftc -enable-testing
HOST ?= 127.0.0.1
PORT ?= 8080
DATA ?= ./data

.PHONY: setup build serve test bench clean

setup:
	scripts/setup.sh

build: setup
	$(SWIFT) build $(RELEASE) --product tpv

serve: build
	.build/release/tpv serve --host $(HOST) --port $(PORT) --data $(DATA)

# The Swift tests, then the Python client, the README's examples and the OpenAPI contract
# against live hubs (scripts/test-live.sh).
test:
	TPV_SETUP_TESTS=1 scripts/setup.sh
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build
	scripts/test-live.sh

# HTTP against Hummingbird, then the model's train step against PyTorch; both side by side in one run.
bench:
	TPV_SETUP_BENCH=1 scripts/setup.sh
	scripts/bench.sh
	scripts/bench-model.sh

clean:
	rm -rf .build
