#!/usr/bin/env bash
# Builds, offline, local stand-ins for every image the dev stack references, under exactly the
# names contracts/images.json pins (the datahub:images defaults of infra/config/shared-schema.ts, which
# Pulumi.dev.yaml and Pulumi.e2e.yaml pin too), because no image registry is reachable here:
#
#   node          (nodeBase)      scripts/images/build-node-base.sh
#   minio         (minio)         the go-installed MinIO binary ($MINIO_BIN, GOBIN, GOPATH/bin or
#                                 ~/go/bin), /usr/bin/curl for the healthcheck, busybox as a
#                                 debugging shell
#   prometheus    (prometheus)    Debian's /usr/bin/prometheus + its classic web UI
#   alertmanager  (alertmanager)  Debian's /usr/bin/prometheus-alertmanager
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
# label) is left alone; ours is rebuilt only when its inputs' fingerprint (this script,
# scripts/images/lib.sh, the binaries, their libraries, busybox, the CA bundle, the web assets)
# changed. A new build is imported under a staging tag and smoke-tested before it takes the real
# name: scripts/images/lib.sh's build_standin, from one recipe per image below.
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

# shellcheck source=scripts/images/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
self="$repo_root/scripts/images/build-e2e-images.sh"

NODE_IMAGE="$(pinned_image nodeBase)"
MINIO_IMAGE="$(pinned_image minio)"
PROMETHEUS_IMAGE="$(pinned_image prometheus)"
ALERTMANAGER_IMAGE="$(pinned_image alertmanager)"

test_label="datahub.test=images"

verify=0
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

require_docker

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

# --- node ------------------------------------------------------------------------------------
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

minio_bin=""
curl_bin=/usr/bin/curl

minio_prepare() {
  local module want version
  local -a libs
  module="$(minio_module)"
  minio_bin="$(find_minio)" ||
    die "the MinIO binary is missing: install it with 'go install $module' (or 'npm run test:all', which installs every test tool), or point MINIO_BIN at it"
  [ -x "$curl_bin" ] || die "$curl_bin is missing (the MinIO healthcheck runs curl): install it with 'apt-get install -y curl'"
  require_ca_bundle
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
  standin_version="minio $version"
  mapfile -t libs < <(libs_of "$minio_bin" "$curl_bin")
  standin_inputs=("$minio_bin" "$curl_bin" "$busybox_bin" "$ca_bundle" "${libs[@]}")
}

minio_assemble() {
  local rootfs="$1" image="$2"
  log "$image: assembling the root filesystem ($minio_bin, $curl_bin and their libraries, busybox)"
  # Merged /usr, like the upstream image's base. No /var/lib/minio: the derived image's
  # COPY --chown creates it owned by 1000.
  merged_usr_layout "$rootfs"
  mkdir -p "$rootfs/var/lib"
  install_with_libs "$rootfs" "$minio_bin" /usr/bin/minio
  install_with_libs "$rootfs" "$curl_bin" /usr/bin/curl
  install_busybox "$rootfs" /usr/bin/busybox
  cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf '%s\n' \
    'root:x:0:0:root:/root:/bin/sh' \
    'minio:x:1000:1000:minio:/tmp:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'minio:x:1000:' 'nogroup:x:65534:' >"$rootfs/etc/group"
  write_nsswitch "$rootfs"
}

minio_owned() { :; }

minio_changes() {
  printf '%s\n' \
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "ENV HOME=/tmp" \
    "EXPOSE 9000 9001" \
    'ENTRYPOINT ["/usr/bin/minio"]' \
    "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $1: $standin_version, curl, busybox; not the official image\""
}

minio_smoke() {
  docker run --rm --user 1000:1000 --read-only --tmpfs /tmp --entrypoint /bin/sh "$1" -c \
    'minio --version >/dev/null && curl --version >/dev/null && test "$HOME" = /tmp && test -w /tmp && id -u' |
    grep -qx 1000
}

build_minio() { build_standin minio "$MINIO_IMAGE"; }

# --- Prometheus and Alertmanager: Debian's binaries in a prom/busybox-like layout --------------
debian_bin=""
debian_share=""

# debian_prepare <binary> <assets dir> <what the assets are> <package>
debian_prepare() {
  local version
  local -a libs
  debian_bin="$1"
  debian_share="$2"
  [ -x "$debian_bin" ] || die "$debian_bin is missing: install it with 'apt-get install -y $4'"
  [ -d "$debian_share" ] || die "$debian_share ($3) is missing: install it with 'apt-get install -y $4'"
  require_ca_bundle
  ensure_busybox
  version="$("$debian_bin" --version 2>&1 | awk 'NR == 1 { sub(/,$/, "", $1); print $1, $3 }')"
  [ -n "$version" ] || die "$debian_bin does not run: reinstall it with 'apt-get install --reinstall -y $4'"
  standin_version="$version"
  mapfile -t libs < <(libs_of "$debian_bin")
  standin_inputs=("$debian_bin" "$debian_share" "$busybox_bin" "$ca_bundle" "${libs[@]}")
}

# debian_assemble <rootfs> <image> <binary's path in the image> <assets' path in the image>
debian_assemble() {
  local rootfs="$1" image="$2"
  log "$image: assembling the root filesystem ($debian_bin, $debian_share, busybox)"
  mkdir -p "$rootfs"/{bin,sbin,lib,lib64,usr/bin,usr/sbin,usr/share,etc/ssl/certs,root,home,tmp,var/tmp,proc,sys,dev,run}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  chmod 700 "$rootfs/root"
  install_busybox "$rootfs" /bin/busybox
  cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/home:/bin/false' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$rootfs/etc/group"
  write_nsswitch "$rootfs"
  install_with_libs "$rootfs" "$debian_bin" "$3"
  mkdir -p "$rootfs$(dirname "$4")"
  cp -a "$debian_share" "$rootfs$4"
}

# debian_changes <port> <data dir> <entrypoint> <cmd> <what it holds>: runs as nobody in its data dir.
debian_changes() {
  printf '%s\n' \
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "EXPOSE $1" \
    "WORKDIR $2" \
    "USER 65534" \
    "ENTRYPOINT $3" \
    "CMD $4" \
    "LABEL org.opencontainers.image.description=\"Locally built offline stand-in for $5; not the official image\""
}

# debian_smoke <image> <shell test>: the binary runs, and the test passes as nobody (65534).
debian_smoke() {
  docker run --rm "$1" --version >/dev/null &&
    docker run --rm --entrypoint /bin/sh "$1" -c "$2 && id -u" | grep -qx 65534
}

prometheus_prepare() {
  debian_prepare /usr/bin/prometheus /usr/share/prometheus/web 'the classic web UI assets' prometheus
}

prometheus_assemble() {
  debian_assemble "$1" "$2" /bin/prometheus /usr/share/prometheus/web
  mkdir -p "$1/etc/prometheus" "$1/prometheus"
  # The upstream image's default command works too: scrape itself.
  printf '%s\n' \
    'global:' \
    '  scrape_interval: 15s' \
    'scrape_configs:' \
    '  - job_name: prometheus' \
    '    static_configs:' \
    "      - targets: ['localhost:9090']" >"$1/etc/prometheus/prometheus.yml"
}

prometheus_owned() { echo prometheus:65534:65534; }

prometheus_changes() {
  debian_changes 9090 /prometheus '["/bin/prometheus"]' \
    '["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' \
    "$1: Debian's $standin_version with the classic UI, busybox"
}

prometheus_smoke() {
  # shellcheck disable=SC2016 # expanded by the image's shell
  debian_smoke "$1" \
    'command -v wget >/dev/null && test -f /usr/share/prometheus/web/static/js/alerts.js && [ "$(stat -c %u:%g /prometheus)" = 65534:65534 ]'
}

build_prometheus() { build_standin prometheus "$PROMETHEUS_IMAGE"; }

alertmanager_prepare() {
  debian_prepare /usr/bin/prometheus-alertmanager /usr/share/prometheus/alertmanager \
    'templates, UI placeholder' prometheus-alertmanager
}

alertmanager_assemble() {
  # Debian's build reads its templates and UI (a "no UI" page) from /usr/share/prometheus/alertmanager.
  debian_assemble "$1" "$2" /bin/alertmanager /usr/share/prometheus/alertmanager
  mkdir -p "$1/etc/alertmanager" "$1/alertmanager"
  printf '%s\n' 'route:' '  receiver: default' 'receivers:' '  - name: default' >"$1/etc/alertmanager/alertmanager.yml"
}

alertmanager_owned() { echo alertmanager:65534:65534; }

alertmanager_changes() {
  debian_changes 9093 /alertmanager '["/bin/alertmanager"]' \
    '["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]' \
    "$1: Debian's $standin_version, busybox"
}

alertmanager_smoke() {
  # shellcheck disable=SC2016 # expanded by the image's shell
  debian_smoke "$1" 'command -v wget >/dev/null && [ "$(stat -c %u:%g /alertmanager)" = 65534:65534 ]'
}

build_alertmanager() { build_standin alertmanager "$ALERTMANAGER_IMAGE"; }

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
