#!/usr/bin/env bash
# Builds the small local images the live tests run (no registry is needed or used):
#   drydock-test/busybox:1  FROM scratch, a static busybox, and /usr/sbin/sshd — a static
#                           program that only waits, named like an SSH daemon so the sshd
#                           control has something to find in a container's process list.
#   drydock-test/healthy:1  the same with a HEALTHCHECK and a non-root USER.
#   drydock-test/leaky:1    with a setuid binary and a private key in its layers.
#   drydock-test/base:1     the first under a neutral name (a base for the fix tests' builds).
# Needs: docker, Debian's busybox-static (/bin/busybox), gcc with a static libc.
set -euo pipefail
tag=${1:-drydock-test/busybox:1}
busybox=/bin/busybox
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "build-test-image: a static /bin/busybox is needed (apt-get install busybox-static)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$busybox" "$work/busybox"
printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' > "$work/sshd.c"
gcc -static -Os -o "$work/sshd" "$work/sshd.c"
cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
COPY sshd /usr/sbin/sshd
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["/bin/sh"]
DOCKERFILE
build() { docker build -q -t "$1" "$work" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; }
build "$tag"
cat > "$work/Dockerfile" <<DOCKERFILE
FROM $tag
HEALTHCHECK --interval=30s CMD ["/bin/true"]
USER 1000:1000
DOCKERFILE
build drydock-test/healthy:1
# For the layer checks: a setuid binary, a private key, and a key deleted in a later layer.
cat > "$work/Dockerfile" <<DOCKERFILE
FROM $tag
RUN cp /bin/busybox /bin/suid-tool && chmod 4755 /bin/suid-tool
RUN mkdir -p /root/.ssh && echo '-----BEGIN OPENSSH PRIVATE KEY-----' > /root/.ssh/id_ed25519
RUN mkdir -p /etc/ssl && echo secret > /etc/ssl/gone.pem
RUN rm /etc/ssl/gone.pem
DOCKERFILE
build drydock-test/leaky:1
# The same image under a name that says nothing of its distribution, for Dockerfiles built in
# the fix tests: Debian's static BusyBox has no adduser, so a base named for BusyBox would get a
# user created with a command it lacks.
# An image of its own (not a second tag: the live tests name images by their first tag).
printf 'FROM %s\nLABEL org.drydock.test=base\n' "$tag" > "$work/Dockerfile"
build drydock-test/base:1
echo "built $tag, drydock-test/healthy:1, drydock-test/leaky:1 and drydock-test/base:1"
