# lib.sh: shared by the scripts: install missing Debian packages, configure and build.
# Sourced, not run.

KB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Packages needed to build and run kb-indexer, kb-search and kb-server.
KB_BUILD_PACKAGES=(
  g++ cmake make pkg-config
  libxapian-dev libcpp-httplib-dev catch2 libyaml-cpp-dev libmd4c-dev libmd4c-html0-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev
)

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the named Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# build_kb BUILD_DIR [cmake options...]: configure and build everything.
build_kb() {
  local dir="$1"
  shift
  echo "==> building in $dir"
  cmake -S "$KB_ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}
