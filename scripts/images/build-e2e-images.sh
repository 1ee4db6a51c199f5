#!/usr/bin/env bash
# Builds, offline, local stand-ins for every image the dev stack references, under exactly
# the names in Pulumi.dev.yaml / infra/config.ts, because no image registry is reachable here:
#
#   node:24-bookworm-slim                      scripts/images/build-node-base.sh
#   minio/minio:RELEASE.2025-04-22T22-12-26Z   the go-installed MinIO binary ($MINIO_BIN, GOBIN,
#                                              GOPATH/bin or ~/go/bin), /usr/bin/curl for the
#                                              healthcheck, busybox as a debugging shell
#   prom/prometheus:v3.5.0                     Debian's /usr/bin/prometheus + its classic web UI
#   prom/alertmanager:v0.28.1                  Debian's /usr/bin/prometheus-alertmanager
#
# NB: the Prometheus/Alertmanager stand-ins carry Debian's versions (see the
# org.datahub.base.source-version label), not the ones their tags name.
#
# Each image is assembled with `docker import` from a root filesystem made of the binary, the
# shared libraries ldd lists for it, busybox-static (sh, wget, ...), /etc/passwd and /etc/group,
# CA certificates and the directories the stack mounts volumes over, owned by the user it runs
# as (a new named volume copies the ownership of the image directory it is mounted over).
#
# Idempotent: an image of that name that we did not build (no org.datahub.base.offline-stand-in
# label) is left alone; ours is rebuilt only when its inputs' fingerprint (this script, the
# binaries, their libraries, busybox, the CA bundle, the web assets) changed. A new build is
# imported under a staging tag and smoke-tested before it takes the real name.
#
# Usage: scripts/images/build-e2e-images.sh [--verify] [--force] [node|minio|prometheus|alertmanager ...]
#   (no image named: all four)
#   --verify  after building, run each image the way the stack does (non-root, caps dropped,
#             no-new-privileges, named volume, files uploaded before start, MinIO on a read-only
#             root with a tmpfs /tmp) and check its healthcheck command; the derived MinIO image
#             (infra/docker/images/minio) is built with the legacy builder first. Every test
#             container, volume and image is labelled datahub.test=images and removed by label.
#   --force   rebuild our images even when up to date (also FORCE_REBUILD=1)
# Env: MINIO_BIN (the MinIO binary), FORCE_REBUILD=1
set -euo pipefail

log() { echo "build-e2e-images: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
self="$repo_root/scripts/images/build-e2e-images.sh"

# The names the stack config references (Pulumi.dev.yaml, infra/config.ts).
NODE_IMAGE="node:24-bookworm-slim"
MINIO_IMAGE="minio/minio:RELEASE.2025-04-22T22-12-26Z"
PROMETHEUS_IMAGE="prom/prometheus:v3.5.0"
ALERTMANAGER_IMAGE="prom/alertmanager:v0.28.1"

label_key="org.datahub.base.offline-stand-in"
fingerprint_key="org.datahub.base.fingerprint"
version_key="org.datahub.base.source-version"
test_label="datahub.test=images"

verify=0
force="${FORCE_REBUILD:-0}"
targets=()
for arg in "$@"; do
  case "$arg" in
    --verify) verify=1 ;;
    --force) force=1 ;;
    node | minio | prometheus | alertmanager) targets+=("$arg") ;;
    -h | --help)
      sed -n '2,/^set -euo pipefail$/p' "$self" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument '$arg' (expected --verify, --force, node, minio, prometheus or alertmanager)" ;;
  esac
done
[ "${#targets[@]}" -gt 0 ] || targets=(node minio prometheus alertmanager)

command -v docker >/dev/null 2>&1 ||
  die "the docker CLI is missing: install it with 'apt-get install -y docker.io' and start 'dockerd &'"
docker info >/dev/null 2>&1 ||
  die "the Docker engine is not reachable: start it ('dockerd &' after 'apt-get install -y docker.io')"

work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-e2e-images.XXXXXX")"
cleanup() {
  local status=$?
  if [ "$verify" = 1 ]; then
    docker ps -aq --filter "label=$test_label" | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker volume ls -q --filter "label=$test_label" | xargs -r docker volume rm >/dev/null 2>&1 || true
    docker image ls -q --filter "label=$test_label" | sort -u | xargs -r docker image rm -f >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# --- shared inputs --------------------------------------------------------------------------
ensure_busybox() {
  if ! command -v busybox >/dev/null 2>&1 || ! busybox --list-full >/dev/null 2>&1; then
    log "busybox is missing: installing busybox-static with apt-get"
    command -v apt-get >/dev/null 2>&1 || die "busybox is missing and apt-get is not available: install busybox-static"
    apt-get install -y busybox-static >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && apt-get install -y busybox-static >/dev/null 2>&1; } ||
      die "could not install busybox-static (apt-get install -y busybox-static)"
  fi
  busybox_bin="$(command -v busybox)"
  if ldd "$busybox_bin" >/dev/null 2>&1; then
    die "$busybox_bin is dynamically linked: install busybox-static (apt-get install -y busybox-static)"
  fi
}

ca_bundle=/etc/ssl/certs/ca-certificates.crt
busybox_bin=""

# The shared libraries (absolute paths, as ldd resolved them) of the given binaries.
libs_of() {
  local bin
  for bin in "$@"; do
    ldd "$bin" | awk '/=> \// { print $3 } /^\t\// { print $1 }'
  done | sort -u
}

# A short hash of this script, a tag (versions) and the given files and directories.
fingerprint() {
  local tag="$1" item
  shift
  {
    printf '%s\n' "$tag"
    sha256sum <"$self"
    for item in "$@"; do
      printf '%s\n' "$item"
      if [ -d "$item" ]; then
        (cd "$item" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
      else
        sha256sum <"$item"
      fi
    done
  } | sha256sum | cut -c1-16
}

# Prints "absent", "foreign" (exists without our label) or the fingerprint of our image.
image_state() {
  local labels
  if ! labels="$(docker image inspect --format "{{ index .Config.Labels \"$label_key\" }}|{{ index .Config.Labels \"$fingerprint_key\" }}" "$1" 2>/dev/null)"; then
    echo absent
  elif [ "${labels%%|*}" != "true" ]; then
    echo foreign
  else
    echo "${labels#*|}"
  fi
}

# Decides whether <image> must be (re)built for <fingerprint>; 0 = build.
needs_build() {
  local image="$1" fp="$2" state
  state="$(image_state "$image")"
  case "$state" in
    absent)
      log "$image: not present, building"
      ;;
    foreign)
      log "$image: already exists and was not built by us (no $label_key=true label): leaving it alone"
      return 1
      ;;
    "$fp")
      if [ "$force" = 1 ]; then
        log "$image: up to date (fingerprint $fp), rebuilding because of --force"
      else
        log "$image: up to date (fingerprint $fp): nothing to do"
        return 1
      fi
      ;;
    *)
      log "$image: built by us from other inputs ($state), rebuilding ($fp)"
      ;;
  esac
  return 0
}

new_rootfs() {
  local rootfs="$work/$1"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  echo "$rootfs"
}

# Copies <binary> to <rootfs>/<dest> and every library ldd lists to the same path.
install_with_libs() {
  local rootfs="$1" bin="$2" dest="$3" lib
  mkdir -p "$rootfs$(dirname "$dest")"
  install -m 0755 "$bin" "$rootfs$dest"
  while read -r lib; do
    mkdir -p "$rootfs$(dirname "$lib")"
    [ -e "$rootfs$lib" ] || cp -L "$lib" "$rootfs$lib"
  done < <(libs_of "$bin")
}

# busybox at <rootfs>/<dest> and a link per applet (never over an existing file).
install_busybox() {
  local rootfs="$1" dest="$2" applet
  mkdir -p "$rootfs$(dirname "$dest")"
  install -m 0755 "$busybox_bin" "$rootfs$dest"
  while read -r applet; do
    mkdir -p "$rootfs/$(dirname "$applet")"
    [ -e "$rootfs/$applet" ] || [ -L "$rootfs/$applet" ] || ln -s "$dest" "$rootfs/$applet"
  done < <("$busybox_bin" --list-full)
}

# pack_rootfs <rootfs> <tarball> [<dir>:<uid>:<gid> ...]: everything root's but the given dirs.
pack_rootfs() {
  local rootfs="$1" tarball="$2" spec dir uid gid
  shift 2
  local excludes=()
  for spec in "$@"; do excludes+=("--exclude=./${spec%%:*}"); done
  tar --numeric-owner --owner=0 --group=0 --anchored "${excludes[@]}" -C "$rootfs" -cf "$tarball" .
  for spec in "$@"; do
    IFS=: read -r dir uid gid <<<"$spec"
    tar --numeric-owner --owner="$uid" --group="$gid" -C "$rootfs" -rf "$tarball" "./$dir"
  done
}

# import_image <image> <tarball> <fingerprint> <version> <smoke-test function> [docker import args ...]
# Imports under a staging tag, runs the smoke test against it, then moves the real name over.
import_image() {
  local image="$1" tarball="$2" fp="$3" version="$4" smoke="$5" previous_id staged
  shift 5
  staged="datahub-e2e-images-staging/${image%%:*}:$fp"
  docker import \
    --change "LABEL $label_key=true" \
    --change "LABEL $fingerprint_key=$fp" \
    --change "LABEL $version_key=\"$version\"" \
    --change "LABEL org.opencontainers.image.version=\"$version\"" \
    --change "LABEL org.opencontainers.image.title=\"$image (offline stand-in)\"" \
    "$@" \
    --message "datahub: offline stand-in for $image (scripts/images/build-e2e-images.sh)" \
    "$tarball" "$staged" >/dev/null
  if ! "$smoke" "$staged"; then
    docker image rm "$staged" >/dev/null 2>&1 || true
    die "the freshly imported $image ($staged) failed its smoke test; $image was left unchanged"
  fi
  previous_id="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  docker tag "$staged" "$image"
  docker image rm "$staged" >/dev/null
  if [ -n "$previous_id" ] && [ "$previous_id" != "$(docker image inspect --format '{{.Id}}' "$image")" ]; then
    docker image rm "$previous_id" >/dev/null 2>&1 || true
  fi
}

report_built() {
  local image="$1" version="$2" fp="$3" started="$4" size
  size="$(docker image inspect --format '{{.Size}}' "$image")"
  log "$image: built ($version, fingerprint $fp, $((size / 1024 / 1024)) MiB) in $((SECONDS - started)) s"
}

# --- node:24-bookworm-slim -------------------------------------------------------------------
build_node() {
  log "$NODE_IMAGE: delegating to scripts/images/build-node-base.sh"
  "$repo_root/scripts/images/build-node-base.sh" "$NODE_IMAGE"
}

# --- MinIO -------------------------------------------------------------------------------------
minio_module() {
  local module
  module="$(sed -n "s/^export const MINIO_MODULE = '\(.*\)';$/\1/p" "$repo_root/tests/support/tools.ts" 2>/dev/null || true)"
  echo "${module:-github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c}"
}

find_minio() {
  local candidate gobin=""
  if command -v go >/dev/null 2>&1; then
    gobin="$(go env GOBIN 2>/dev/null || true)"
    [ -n "$gobin" ] || gobin="$(go env GOPATH 2>/dev/null || true)/bin"
  fi
  for candidate in "${MINIO_BIN:-}" "${gobin:+$gobin/minio}" "$HOME/go/bin/minio"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

smoke_minio() {
  docker run --rm --user 1000:1000 --read-only --tmpfs /tmp --entrypoint /bin/sh "$1" -c \
    'minio --version >/dev/null && curl --version >/dev/null && test "$HOME" = /tmp && test -w /tmp && id -u' |
    grep -qx 1000
}

build_minio() {
  local minio_bin module want version curl_bin=/usr/bin/curl fp started rootfs
  local -a libs
  module="$(minio_module)"
  minio_bin="$(find_minio)" ||
    die "the MinIO binary is missing: install it with 'go install $module' (or 'npm run test:all', which installs every test tool), or point MINIO_BIN at it"
  [ -x "$curl_bin" ] || die "$curl_bin is missing (the MinIO healthcheck runs curl): install it with 'apt-get install -y curl'"
  [ -f "$ca_bundle" ] || die "$ca_bundle is missing: install it with 'apt-get install -y ca-certificates'"
  ensure_busybox

  want="${module#*@}"
  version=""
  if command -v go >/dev/null 2>&1; then
    version="$(go version -m "$minio_bin" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/minio/minio" { print $3 }')"
  fi
  [ -n "$version" ] || version="$("$minio_bin" --version 2>/dev/null | awk 'NR == 1 { print $3 }')"
  [ -n "$version" ] || die "$minio_bin does not run ('$minio_bin --version' failed): reinstall it with 'go install $module'"
  [ "$version" = "$want" ] ||
    log "warning: $minio_bin is MinIO $version, not the pinned $want ('go install $module' installs the pinned one)"
  version="minio $version"

  mapfile -t libs < <(libs_of "$minio_bin" "$curl_bin")
  fp="$(fingerprint "$MINIO_IMAGE $version" "$minio_bin" "$curl_bin" "$busybox_bin" "$ca_bundle" "${libs[@]}")"
  needs_build "$MINIO_IMAGE" "$fp" || return 0

  started=$SECONDS
  rootfs="$(new_rootfs minio)"
  log "$MINIO_IMAGE: assembling the root filesystem ($minio_bin, $curl_bin and their libraries, busybox)"
  # Merged /usr, like the upstream image's base: binaries in /usr/bin.
  mkdir -p "$rootfs"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc/ssl/certs,root,tmp,var/tmp,var/lib,proc,sys,dev,run}
  ln -s usr/bin "$rootfs/bin"
  ln -s usr/sbin "$rootfs/sbin"
  ln -s usr/lib "$rootfs/lib"
  ln -s usr/lib64 "$rootfs/lib64"
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  chmod 700 "$rootfs/root"
  install_with_libs "$rootfs" "$minio_bin" /usr/bin/minio
  install_with_libs "$rootfs" "$curl_bin" /usr/bin/curl
  install_busybox "$rootfs" /usr/bin/busybox
  cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
minio:x:1000:1000:minio:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
  cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
minio:x:1000:
nogroup:x:65534:
EOF
  cat >"$rootfs/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF
  # No /var/lib/minio: the derived image's COPY --chown creates it owned by 1000.

  log "$MINIO_IMAGE: packing and importing"
  pack_rootfs "$rootfs" "$work/minio.tar"
  import_image "$MINIO_IMAGE" "$work/minio.tar" "$fp" "$version" smoke_minio \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV HOME=/tmp" \
    --change "EXPOSE 9000 9001" \
    --change 'ENTRYPOINT ["/usr/bin/minio"]' \
    --change "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $MINIO_IMAGE: $version, curl, busybox; not the official image\""
  rm -rf "$rootfs" "$work/minio.tar"
  report_built "$MINIO_IMAGE" "$version" "$fp" "$started"
}

# --- Prometheus and Alertmanager: a prom/busybox-like layout --------------------------------
busybox_layout() {
  local rootfs="$1"
  mkdir -p "$rootfs"/{bin,sbin,lib,lib64,usr/bin,usr/sbin,usr/share,etc/ssl/certs,root,home,tmp,var/tmp,proc,sys,dev,run}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  chmod 700 "$rootfs/root"
  install_busybox "$rootfs" /bin/busybox
  cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
  cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
EOF
  cat >"$rootfs/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF
}

smoke_prometheus() {
  docker run --rm "$1" --version >/dev/null &&
    docker run --rm --entrypoint /bin/sh "$1" -c \
      'command -v wget >/dev/null && test -f /usr/share/prometheus/web/static/js/alerts.js && [ "$(stat -c %u:%g /prometheus)" = 65534:65534 ] && id -u' |
    grep -qx 65534
}

build_prometheus() {
  local bin=/usr/bin/prometheus web=/usr/share/prometheus/web version fp started rootfs
  local -a libs
  [ -x "$bin" ] || die "$bin is missing: install it with 'apt-get install -y prometheus'"
  [ -d "$web" ] || die "$web (the classic web UI assets) is missing: install it with 'apt-get install -y prometheus'"
  [ -f "$ca_bundle" ] || die "$ca_bundle is missing: install it with 'apt-get install -y ca-certificates'"
  ensure_busybox
  version="$("$bin" --version 2>&1 | awk 'NR == 1 { sub(/,$/, "", $1); print $1, $3 }')"
  [ -n "$version" ] || die "$bin does not run: reinstall it with 'apt-get install --reinstall -y prometheus'"

  mapfile -t libs < <(libs_of "$bin")
  fp="$(fingerprint "$PROMETHEUS_IMAGE $version" "$bin" "$web" "$busybox_bin" "$ca_bundle" "${libs[@]}")"
  needs_build "$PROMETHEUS_IMAGE" "$fp" || return 0

  started=$SECONDS
  rootfs="$(new_rootfs prometheus)"
  log "$PROMETHEUS_IMAGE: assembling the root filesystem ($bin, $web, busybox)"
  busybox_layout "$rootfs"
  install_with_libs "$rootfs" "$bin" /bin/prometheus
  mkdir -p "$rootfs/usr/share/prometheus" "$rootfs/etc/prometheus" "$rootfs/prometheus"
  cp -a "$web" "$rootfs/usr/share/prometheus/web"
  # The upstream image's default command works too: scrape itself.
  cat >"$rootfs/etc/prometheus/prometheus.yml" <<'EOF'
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
EOF

  log "$PROMETHEUS_IMAGE: packing and importing"
  pack_rootfs "$rootfs" "$work/prometheus.tar" prometheus:65534:65534
  import_image "$PROMETHEUS_IMAGE" "$work/prometheus.tar" "$fp" "$version" smoke_prometheus \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "EXPOSE 9090" \
    --change "WORKDIR /prometheus" \
    --change "USER 65534" \
    --change 'ENTRYPOINT ["/bin/prometheus"]' \
    --change 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' \
    --change "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $PROMETHEUS_IMAGE: Debian's $version with the classic UI, busybox; not the official image\""
  rm -rf "$rootfs" "$work/prometheus.tar"
  report_built "$PROMETHEUS_IMAGE" "$version" "$fp" "$started"
}

smoke_alertmanager() {
  docker run --rm "$1" --version >/dev/null &&
    docker run --rm --entrypoint /bin/sh "$1" -c \
      'command -v wget >/dev/null && [ "$(stat -c %u:%g /alertmanager)" = 65534:65534 ] && id -u' |
    grep -qx 65534
}

build_alertmanager() {
  local bin=/usr/bin/prometheus-alertmanager share=/usr/share/prometheus/alertmanager version fp started rootfs
  local -a libs
  [ -x "$bin" ] || die "$bin is missing: install it with 'apt-get install -y prometheus-alertmanager'"
  [ -d "$share" ] || die "$share (templates, UI placeholder) is missing: install it with 'apt-get install -y prometheus-alertmanager'"
  [ -f "$ca_bundle" ] || die "$ca_bundle is missing: install it with 'apt-get install -y ca-certificates'"
  ensure_busybox
  version="$("$bin" --version 2>&1 | awk 'NR == 1 { sub(/,$/, "", $1); print $1, $3 }')"
  [ -n "$version" ] || die "$bin does not run: reinstall it with 'apt-get install --reinstall -y prometheus-alertmanager'"

  mapfile -t libs < <(libs_of "$bin")
  fp="$(fingerprint "$ALERTMANAGER_IMAGE $version" "$bin" "$share" "$busybox_bin" "$ca_bundle" "${libs[@]}")"
  needs_build "$ALERTMANAGER_IMAGE" "$fp" || return 0

  started=$SECONDS
  rootfs="$(new_rootfs alertmanager)"
  log "$ALERTMANAGER_IMAGE: assembling the root filesystem ($bin, $share, busybox)"
  busybox_layout "$rootfs"
  install_with_libs "$rootfs" "$bin" /bin/alertmanager
  mkdir -p "$rootfs/usr/share/prometheus" "$rootfs/etc/alertmanager" "$rootfs/alertmanager"
  # Debian's build reads its templates and UI (a "no UI" page) from here.
  cp -a "$share" "$rootfs/usr/share/prometheus/alertmanager"
  cat >"$rootfs/etc/alertmanager/alertmanager.yml" <<'EOF'
route:
  receiver: default
receivers:
  - name: default
EOF

  log "$ALERTMANAGER_IMAGE: packing and importing"
  pack_rootfs "$rootfs" "$work/alertmanager.tar" alertmanager:65534:65534
  import_image "$ALERTMANAGER_IMAGE" "$work/alertmanager.tar" "$fp" "$version" smoke_alertmanager \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "EXPOSE 9093" \
    --change "WORKDIR /alertmanager" \
    --change "USER 65534" \
    --change 'ENTRYPOINT ["/bin/alertmanager"]' \
    --change 'CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]' \
    --change "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $ALERTMANAGER_IMAGE: Debian's $version, busybox; not the official image\""
  rm -rf "$rootfs" "$work/alertmanager.tar"
  report_built "$ALERTMANAGER_IMAGE" "$version" "$fp" "$started"
}

# --- verification: run each image the way the stack does ------------------------------------
# Copies files into a created container the way the Docker provider's `uploads` do: one tar
# of full paths (no directory entries) extracted at /.
upload() {
  local container="$1" dir="$2"
  (cd "$dir" && find . -type f | sed 's|^\./||' | tar --numeric-owner --owner=0 --group=0 -cf - -T -) |
    docker cp - "$container:/"
}

# wait_healthy <container> <seconds>: until Docker reports the healthcheck healthy.
wait_healthy() {
  local container="$1" deadline=$((SECONDS + $2)) status
  while [ "$SECONDS" -lt "$deadline" ]; do
    status="$(docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$container")"
    case "$status" in
      "running healthy") return 0 ;;
      running*) sleep 1 ;;
      *)
        docker logs "$container" >&2 || true
        die "$container stopped ($status) before becoming healthy; its log is above"
        ;;
    esac
  done
  docker logs "$container" >&2 || true
  die "$container did not become healthy within $2 s; its log is above"
}

hardened=(--label "$test_label" --cap-drop ALL --security-opt no-new-privileges:true)

verify_minio() {
  local derived="datahub-e2e-images-verify/minio:derived" vol c user=datahub-verify pass=verify-secret-1234
  log "verify $MINIO_IMAGE: building the derived image (infra/docker/images/minio) with the legacy builder"
  if ! DOCKER_BUILDKIT=0 docker build --label "$test_label" -t "$derived" \
    --build-arg "MINIO_IMAGE=$MINIO_IMAGE" "$repo_root/infra/docker/images/minio" >"$work/derived-build.log" 2>&1; then
    cat "$work/derived-build.log" >&2
    die "the derived MinIO image does not build FROM $MINIO_IMAGE; the build log is above"
  fi
  [ "$(docker run --rm --entrypoint stat "$derived" -c %u:%g /var/lib/minio)" = 1000:1000 ] ||
    die "/var/lib/minio in the derived image is not owned by 1000:1000"

  vol="$(docker volume create --label "$test_label")"
  c="datahub-e2e-images-verify-minio-$$"
  docker run -d --name "$c" "${hardened[@]}" --user 1000:1000 --read-only \
    --tmpfs /tmp:rw,noexec,nosuid,size=64m -v "$vol:/var/lib/minio" \
    -e "MINIO_ROOT_USER=$user" -e "MINIO_ROOT_PASSWORD=$pass" \
    -e MINIO_PROMETHEUS_AUTH_TYPE=public -e MINIO_UPDATE=off \
    --health-cmd 'curl -fsS http://127.0.0.1:9000/minio/health/live' --health-interval 2s --health-retries 30 \
    "$derived" server /var/lib/minio/data --address :9000 --console-address :9001 >/dev/null
  wait_healthy "$c" 90
  docker exec "$c" curl -fsS http://127.0.0.1:9000/minio/health/live ||
    die "the stack's MinIO healthcheck command failed in $c"
  # A signed S3 round trip: bucket, object written to the volume as uid 1000, read back. (curl
  # 7.88's --aws-sigv4 does not hash a request body itself: the object PUT says UNSIGNED-PAYLOAD.)
  docker exec "$c" curl -fsS --aws-sigv4 aws:amz:us-east-1:s3 --user "$user:$pass" \
    -X PUT http://127.0.0.1:9000/verify-bucket >/dev/null || die "cannot create a bucket in $c"
  docker exec "$c" curl -fsS --aws-sigv4 aws:amz:us-east-1:s3 --user "$user:$pass" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -X PUT --data-binary datahub \
    http://127.0.0.1:9000/verify-bucket/hello.txt >/dev/null ||
    die "cannot write an object in $c"
  [ "$(docker exec "$c" curl -fsS --aws-sigv4 aws:amz:us-east-1:s3 --user "$user:$pass" \
    http://127.0.0.1:9000/verify-bucket/hello.txt)" = datahub ] || die "cannot read the object back in $c"
  docker exec "$c" curl -fsS -o /dev/null http://127.0.0.1:9000/minio/v2/metrics/cluster ||
    die "the public metrics endpoint does not answer in $c"
  log "verify $MINIO_IMAGE: derived image healthy as 1000:1000 on a read-only root; S3 round trip and metrics OK"
}

verify_prometheus() {
  local vol c files="$work/verify-prometheus"
  mkdir -p "$files/etc/prometheus/rules"
  cat >"$files/etc/prometheus/prometheus.yml" <<'EOF'
global:
  scrape_interval: 5s
rule_files:
  - /etc/prometheus/rules/*.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:9090']
EOF
  cat >"$files/etc/prometheus/rules/verify.yml" <<'EOF'
groups:
  - name: verify
    rules:
      - alert: DatahubVerifyAlwaysFiring
        expr: vector(1)
EOF
  vol="$(docker volume create --label "$test_label")"
  c="datahub-e2e-images-verify-prometheus-$$"
  docker create --name "$c" "${hardened[@]}" --user 65534:65534 -v "$vol:/prometheus" \
    --health-cmd 'wget -q -O /dev/null http://127.0.0.1:9090/-/ready' --health-interval 2s --health-retries 30 \
    "$PROMETHEUS_IMAGE" --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus \
    --storage.tsdb.retention.time=15d --storage.tsdb.retention.size=1GB --web.listen-address=:9090 >/dev/null
  upload "$c" "$files"
  docker start "$c" >/dev/null
  wait_healthy "$c" 60
  docker exec "$c" wget -q -O /dev/null http://127.0.0.1:9090/-/ready ||
    die "the stack's Prometheus healthcheck command failed in $c"
  docker exec "$c" wget -S -O /dev/null http://127.0.0.1:9090/classic/alerts 2>&1 | grep -q 'HTTP/1.1 200' ||
    die "/classic/alerts does not answer 200 in $c"
  docker exec "$c" wget -q -O - http://127.0.0.1:9090/api/v1/rules | grep -q DatahubVerifyAlwaysFiring ||
    die "the uploaded rule file was not loaded in $c"
  [ "$(docker exec "$c" stat -c %u:%g /prometheus)" = 65534:65534 ] || die "/prometheus on the new volume is not 65534's"
  docker exec "$c" test -d /prometheus/wal || die "Prometheus did not write its WAL to the volume in $c"
  log "verify $PROMETHEUS_IMAGE: healthy as 65534 with an uploaded config and rule; /classic/alerts 200; TSDB on the volume"
}

verify_alertmanager() {
  local vol c files="$work/verify-alertmanager"
  mkdir -p "$files/etc/alertmanager/secrets"
  cat >"$files/etc/alertmanager/alertmanager.yml" <<'EOF'
route:
  receiver: default
receivers:
  - name: default
EOF
  echo "not-a-real-secret" >"$files/etc/alertmanager/secrets/verify"
  vol="$(docker volume create --label "$test_label")"
  c="datahub-e2e-images-verify-alertmanager-$$"
  docker create --name "$c" "${hardened[@]}" --user 65534:65534 -v "$vol:/alertmanager" \
    --health-cmd 'wget -q -O /dev/null http://127.0.0.1:9093/-/ready' --health-interval 2s --health-retries 30 \
    "$ALERTMANAGER_IMAGE" --config.file=/etc/alertmanager/alertmanager.yml --storage.path=/alertmanager \
    --data.retention=120h --web.listen-address=:9093 --cluster.listen-address= >/dev/null
  upload "$c" "$files"
  docker start "$c" >/dev/null
  wait_healthy "$c" 60
  docker exec "$c" wget -q -O /dev/null http://127.0.0.1:9093/-/ready ||
    die "the stack's Alertmanager healthcheck command failed in $c"
  docker exec "$c" wget -q -O - http://127.0.0.1:9093/api/v2/status | grep -q '"cluster":{[^}]*"status":"disabled"' ||
    die "/api/v2/status does not report a disabled cluster in $c"
  [ "$(docker exec "$c" stat -c %u:%g /alertmanager)" = 65534:65534 ] || die "/alertmanager on the new volume is not 65534's"
  log "verify $ALERTMANAGER_IMAGE: healthy as 65534 with an uploaded config, no cluster"
}

# --- main ------------------------------------------------------------------------------------
total_started=$SECONDS
for target in "${targets[@]}"; do
  "build_$target"
done
log "images ready in $((SECONDS - total_started)) s"

if [ "$verify" = 1 ]; then
  verify_started=$SECONDS
  for target in "${targets[@]}"; do
    case "$target" in
      node) log "verify $NODE_IMAGE: covered by build-node-base.sh's smoke test and the app image test" ;;
      *) "verify_$target" ;;
    esac
  done
  log "verification passed in $((SECONDS - verify_started)) s"
fi
