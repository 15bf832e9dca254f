# drydock as a container image: the audit binary alone, statically linked, on an empty base.
# This build needs the official Rust image from a registry; scripts/image builds the same final
# stage from a binary built on the host, pulling nothing (for air-gapped machines and the tests).
#
#   docker build -t drydock .
#   docker run --rm --pid host --network none -v /:/host:ro \
#     -v /var/run/docker.sock:/var/run/docker.sock:ro drydock audit --root /host
#
# drydock's audit of this file finds what the job needs and nothing else:
# - DF001 runs as root: the audit reads root-only host files and the Docker socket;
# - DF005 no HEALTHCHECK: a one-shot command, not a service, has nothing to probe;
# - DF003 the build image is not pinned by digest: pin it to the digest your registry serves
#   (it cannot be looked up offline, where this file was written).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN RUSTFLAGS="-C target-feature=+crt-static" \
    cargo build --release --locked --target x86_64-unknown-linux-gnu -p drydock \
 && cp target/x86_64-unknown-linux-gnu/release/drydock /drydock

FROM scratch
COPY --from=build /drydock /drydock
# Root, because the audit reads root-only host files (audit rules, daemon.json, the kubelet's
# files) and the Docker socket; run it with a read-only root filesystem and no network.
USER 0:0
ENTRYPOINT ["/drydock"]
CMD ["audit", "--root", "/host"]
