# shellcheck shell=bash
# Shared by the scripts in scripts/images/ (sourced, never run): the image pins, and one builder
# of offline stand-in images, assembled with `docker import` from a root filesystem of host
# binaries, the shared libraries ldd lists for them, busybox-static, users and CA certificates.
#
# A stand-in carries the label org.datahub.base.offline-stand-in=true and the fingerprint of its
# inputs (the calling script, this file, the binaries, their libraries, busybox, the CA bundle):
# an image of its name without that label is left alone, and ours is rebuilt only when the
# fingerprint changed (or `force=1`). A new build is imported under a staging tag and
# smoke-tested before it takes the real name.

_images_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$_images_dir/../.." && pwd)"
# The script that sourced this file, as its fingerprint and the image's commit message name it.
_recipe_script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
_pins_file="$repo_root/contracts/images.json"

label_key="org.datahub.base.offline-stand-in"
fingerprint_key="org.datahub.base.fingerprint"
version_key="org.datahub.base.source-version"
ca_bundle=/etc/ssl/certs/ca-certificates.crt
busybox_bin=""
force="${FORCE_REBUILD:-0}"

log() { echo "$(basename "$0" .sh): $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# pinned_image KEY: the image a stack runs by default for datahub:images.KEY (contracts/images.json).
pinned_image() {
  local ref
  ref="$(node -p 'require(process.argv[1]).images[process.argv[2]] ?? ""' "$_pins_file" "$1")" ||
    die "cannot read $_pins_file with node"
  [ -n "$ref" ] || die "$_pins_file pins no image for datahub:images.$1"
  echo "$ref"
}

# pinned_image_keys: every datahub:images key, one a line.
pinned_image_keys() {
  node -p 'Object.keys(require(process.argv[1]).images).join("\n")' "$_pins_file" ||
    die "cannot read $_pins_file with node"
}

require_docker() {
  command -v docker >/dev/null 2>&1 ||
    die "the docker CLI is missing: install it with 'apt-get install -y docker.io' and start 'dockerd &'"
  docker info >/dev/null 2>&1 ||
    die "the Docker engine is not reachable: start it ('dockerd &' after 'apt-get install -y docker.io')"
}

# Sets busybox_bin to a static busybox, installing busybox-static with apt-get when missing.
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

require_ca_bundle() {
  [ -f "$ca_bundle" ] || die "$ca_bundle is missing: install it with 'apt-get install -y ca-certificates'"
}

# The shared libraries (absolute paths, as ldd resolved them) of the given binaries.
libs_of() {
  local bin
  for bin in "$@"; do
    ldd "$bin" | awk '/=> \// { print $3 } /^\t\// { print $1 }'
  done | sort -u
}

# A short hash of the recipe script, this file, a tag (versions) and the given files and directories.
fingerprint() {
  local tag="$1" item
  shift
  {
    printf '%s\n' "$tag"
    cat "$_recipe_script" "${BASH_SOURCE[0]}" | sha256sum
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

# A merged-/usr layout (binaries in /usr/bin, as Debian's): the top-level bin, sbin, lib, lib64 are links.
merged_usr_layout() {
  local rootfs="$1"
  mkdir -p "$rootfs"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc/ssl/certs,root,tmp,var/tmp,proc,sys,dev,run}
  ln -s usr/bin "$rootfs/bin"
  ln -s usr/sbin "$rootfs/sbin"
  ln -s usr/lib "$rootfs/lib"
  ln -s usr/lib64 "$rootfs/lib64"
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  chmod 700 "$rootfs/root"
}

# /etc/nsswitch.conf: users and groups from the files, hosts from the files, then DNS.
write_nsswitch() {
  cat >"$1/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF
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
    --message "datahub: offline stand-in for $image (scripts/images/$(basename "$_recipe_script"))" \
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

# build_standin <recipe> <image>: builds the offline stand-in <image> in $work (the caller's
# scratch folder) from the recipe's functions, unless an image of that name is not ours or ours
# is up to date:
#   <recipe>_prepare <image>   checks what the image is made of; sets standin_version (labels,
#                              logs) and standin_inputs (files and directories to fingerprint)
#   <recipe>_assemble <rootfs> <image>   lays out the root filesystem
#   <recipe>_owned             prints the <dir>:<uid>:<gid> not owned by root, one a line
#   <recipe>_changes <image>   prints the `docker import --change` instructions, one a line
#   <recipe>_smoke <image>     succeeds when the imported (staged) image works
build_standin() {
  local recipe="$1" image="$2" state fp started rootfs tarball size change
  local -a owned changes import_args
  state="$(image_state "$image")"
  if [ "$state" = foreign ]; then
    log "$image: already exists and was not built by us (no $label_key=true label): leaving it alone"
    return 0
  fi
  standin_version=""
  standin_inputs=()
  "${recipe}_prepare" "$image"
  fp="$(fingerprint "$image $standin_version" "${standin_inputs[@]}")"
  case "$state" in
    absent) log "$image: not present, building" ;;
    "$fp")
      if [ "$force" != 1 ]; then
        log "$image: up to date (fingerprint $fp): nothing to do"
        return 0
      fi
      log "$image: up to date (fingerprint $fp), rebuilding because of --force"
      ;;
    *) log "$image: built by us from other inputs ($state), rebuilding ($fp)" ;;
  esac

  started=$SECONDS
  rootfs="${work:?}/rootfs-$recipe"
  tarball="$work/$recipe.tar"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  "${recipe}_assemble" "$rootfs" "$image"
  log "$image: packing and importing"
  mapfile -t owned < <("${recipe}_owned")
  pack_rootfs "$rootfs" "$tarball" "${owned[@]}"
  mapfile -t changes < <("${recipe}_changes" "$image")
  import_args=()
  for change in "${changes[@]}"; do import_args+=(--change "$change"); done
  import_image "$image" "$tarball" "$fp" "$standin_version" "${recipe}_smoke" "${import_args[@]}"
  rm -rf "$rootfs" "$tarball"
  size="$(docker image inspect --format '{{.Size}}' "$image")"
  log "$image: built ($standin_version, fingerprint $fp, $((size / 1024 / 1024)) MiB) in $((SECONDS - started)) s"
}
