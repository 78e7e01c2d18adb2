#!/usr/bin/env bash
# Installs glue-sync for the glue-sync action and puts it on PATH for the
# rest of the job. INPUT_VERSION says which build:
#
#   source   (the default) build the action's own checkout
#            ($GITHUB_ACTION_PATH) with the Go that actions/setup-go set up
#   vX.Y.Z   download that release's archive for this runner, check it
#            against the release's checksums.txt, and unpack it
#
#   install.sh cache-key   prints (as step outputs) the Go cache folders and
#                          a cache key for a source build
#   install.sh install     installs
#
# Releases are read from GLUE_SYNC_DOWNLOAD_URL (default
# https://github.com/glue-sync/glue-sync/releases/download), as
# $GLUE_SYNC_DOWNLOAD_URL/vX.Y.Z/glue-sync_vX.Y.Z_OS_ARCH.tar.gz (.zip on
# Windows) and $GLUE_SYNC_DOWNLOAD_URL/vX.Y.Z/checksums.txt.
set -euo pipefail

# shellcheck source=action/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

version=${INPUT_VERSION:-source}
case "$version" in
source) ;;
v*)
  if ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    die "input version must be a release tag like v1.2.3 or \"source\", got \"$version\""
  fi
  ;;
*) die "input version must be a release tag like v1.2.3 or \"source\" (build the action's own checkout), got \"$version\"" ;;
esac

# sha256 prints the SHA-256 of file $1 in hex.
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  else
    shasum -a 256 "$1" | awk '{print $1}'
  fi
}

# platform sets os and arch for the runner (release asset names).
platform() {
  case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) die "no glue-sync release for the runner OS \"${RUNNER_OS:-$(uname -s)}\": use version: source" ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) die "no glue-sync release for the runner architecture \"${RUNNER_ARCH:-$(uname -m)}\": use version: source" ;;
  esac
}

cache_key() {
  [ "$version" = source ] || return 0
  [ -n "${GITHUB_ACTION_PATH:-}" ] || die "GITHUB_ACTION_PATH is not set: run this script from action.yml"
  command -v go >/dev/null 2>&1 || die "go is not on PATH: version: source builds glue-sync with Go (the action's setup-go step should have installed it)"
  local sum goversion
  sum=$(sha256 "$GITHUB_ACTION_PATH/go.sum")
  goversion=$(go env GOVERSION)
  platform
  set_output gomodcache "$(go env GOMODCACHE)"
  set_output gocache "$(go env GOCACHE)"
  set_output key "glue-sync-build-$os-$arch-$goversion-${sum:0:16}"
}

install_source() {
  [ -n "${GITHUB_ACTION_PATH:-}" ] || die "GITHUB_ACTION_PATH is not set: run this script from action.yml"
  command -v go >/dev/null 2>&1 || die "go is not on PATH: version: source builds glue-sync with Go (the action's setup-go step should have installed it)"
  echo "Building glue-sync from $GITHUB_ACTION_PATH"
  (cd "$GITHUB_ACTION_PATH" && go build -o "$bin_dir/$exe" ./cmd/glue-sync) ||
    die "building glue-sync from source failed (see the go output above); a release tag in input version avoids the build"
}

# fetch downloads URL $1 to file $2.
fetch() {
  curl -fsSL --retry 3 --connect-timeout 20 -o "$2" "$1" ||
    die "could not download $1: check that release $version exists and has an asset for $os/$arch, or use version: source"
}

install_release() {
  platform
  local base ext asset tmp want got
  base=${GLUE_SYNC_DOWNLOAD_URL:-https://github.com/glue-sync/glue-sync/releases/download}
  base=${base%/}
  case "$base" in
  https://*) ;;
  http://127.0.0.1:* | http://127.0.0.1/* | http://localhost:* | http://localhost/*) ;;
  *) die "GLUE_SYNC_DOWNLOAD_URL must be an https URL (plain http only on loopback), got \"$base\"" ;;
  esac
  ext=tar.gz
  [ "$os" = windows ] && ext=zip
  asset="glue-sync_${version}_${os}_${arch}.$ext"
  tmp=$(mktemp -d)
  echo "Downloading $base/$version/$asset"
  fetch "$base/$version/$asset" "$tmp/$asset"
  fetch "$base/$version/checksums.txt" "$tmp/checksums.txt"
  want=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/checksums.txt")
  [ -n "$want" ] || die "the checksums.txt of release $version has no line for $asset; refusing to install an unchecked binary"
  got=$(sha256 "$tmp/$asset")
  if [ "$got" != "$want" ]; then
    die "$asset does not match the release's checksums.txt (sha256 $got, want $want); refusing to install it"
  fi
  mkdir -p "$tmp/x"
  if [ "$ext" = zip ]; then
    unzip -q "$tmp/$asset" -d "$tmp/x"
  else
    tar -xzf "$tmp/$asset" -C "$tmp/x"
  fi
  [ -f "$tmp/x/$exe" ] || die "$asset holds no $exe at its top level"
  cp "$tmp/x/$exe" "$bin_dir/$exe"
  chmod 0755 "$bin_dir/$exe"
  rm -rf "$tmp"
}

case "${1:-}" in
cache-key)
  cache_key
  ;;
install)
  bin_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/glue-sync-bin"
  mkdir -p "$bin_dir"
  exe=glue-sync
  case "${RUNNER_OS:-$(uname -s)}" in Windows | MINGW* | MSYS* | CYGWIN*) exe=glue-sync.exe ;; esac
  if [ "$version" = source ]; then
    install_source
  else
    install_release
  fi
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$bin_dir" >>"$GITHUB_PATH"
  fi
  "$bin_dir/$exe" version
  ;;
*)
  die "usage: install.sh cache-key|install"
  ;;
esac
