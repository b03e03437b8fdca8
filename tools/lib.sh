# Shared by tools/demo, tools/test and tools/bench: finds or installs what the project needs.
# Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
JDK25_HOME="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
KERNEL_JAR="$ROOT/kernel/target/jaudit-kernel.jar"
DEBIAN_PACKAGES=(python3-jupyter-client jupyter-client python3-nbclient jupyter-nbconvert jupyter-console python3-pytest python3-zmq
                 python3-jupyter-kernel-test python3-pycryptodome)

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Maven, a JDK 17 and the Jupyter client tools from Debian's packages when any is missing.
ensure_tools() {
  local missing=()
  command -v mvn >/dev/null || missing+=(maven)
  command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
  [ -x "$PY" ] || missing+=(python3)
  if [ -x "$PY" ] && ! "$PY" -c 'import jupyter_client, jupyter_kernel_test, nbclient, nbformat, pytest, zmq, Cryptodome' 2>/dev/null; then
    missing+=("${DEBIAN_PACKAGES[@]}")
  fi
  command -v jupyter-console >/dev/null || missing+=(jupyter-console)
  command -v jupyter-kernelspec >/dev/null || missing+=(jupyter-client)
  command -v jupyter-nbconvert >/dev/null || missing+=(jupyter-nbconvert)
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing missing packages: ${missing[*]}"
    apt_install "${missing[@]}" >/dev/null
  fi
}

APT_UPDATED=
# apt_install PACKAGE...: installs Debian packages, refreshing the package lists once per run.
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

CHROMIUM=/usr/bin/chromium
BROWSER_MODULES="$ROOT/build/browser-test"
# What the browser test drives: Jupyter Notebook 6 and Chromium from Debian's packages, and
# playwright-core at the version tools/browser/package.json pins, in build/browser-test. Without
# Chromium the browser test skips, and this says so in one line.
ensure_browser() {
  if ! "$PY" -c 'import notebook' 2>/dev/null; then
    say "Installing jupyter-notebook"
    apt_install jupyter-notebook >/dev/null
  fi
  if [ ! -x "$CHROMIUM" ]; then
    say "Installing chromium"
    apt_install chromium >/dev/null 2>&1 || true
    if [ ! -x "$CHROMIUM" ]; then
      say "Chromium could not be installed from Debian's packages: the browser test (test_browser.py) is SKIPPED."
      return 0
    fi
  fi
  if ! command -v npm >/dev/null; then
    say "Installing nodejs and npm"
    apt_install nodejs npm >/dev/null
  fi
  local pinned installed
  pinned=$(node -p 'require(process.argv[1]).dependencies["playwright-core"]' "$ROOT/tools/browser/package.json")
  installed=$(node -p 'require(process.argv[1]).version' \
                "$BROWSER_MODULES/node_modules/playwright-core/package.json" 2>/dev/null || true)
  if [ "$installed" != "$pinned" ]; then
    say "Installing playwright-core $pinned into build/browser-test"
    mkdir -p "$BROWSER_MODULES"
    cp "$ROOT/tools/browser/package.json" "$BROWSER_MODULES/"
    # The test drives Debian's Chromium; playwright's own browser download cannot work here anyway.
    (cd "$BROWSER_MODULES" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error)
  fi
}

LAB_MODULES="$ROOT/build/lab-client"
# What test_lab_client.py drives: Debian's Jupyter server, and JupyterLab 4's kernel client
# (@jupyterlab/services) with ws at the versions tools/lab/package.json pins, in build/lab-client.
ensure_node() {
  if ! command -v npm >/dev/null; then
    say "Installing nodejs and npm"
    apt_install nodejs npm >/dev/null
  fi
}

# Installs the pinned npm packages of tools/<name>/package.json into build/<folder> when they are
# missing or the pins changed.
ensure_npm_packages() {
  local name="$1" folder="$ROOT/build/$2" probe="$3"
  ensure_node
  if ! cmp -s "$ROOT/tools/$name/package.json" "$folder/package.json" || [ ! -d "$folder/node_modules/$probe" ]; then
    say "Installing tools/$name/package.json into build/$2"
    mkdir -p "$folder"
    cp "$ROOT/tools/$name/package.json" "$folder/"
    (cd "$folder" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

ensure_lab_client() {
  if ! "$PY" -c 'import jupyter_server' 2>/dev/null; then
    say "Installing jupyter-server"
    apt_install python3-jupyter-server >/dev/null
  fi
  ensure_npm_packages lab lab-client @jupyterlab/services
}

# The MCP clients agents use: the TypeScript SDK's client and the MCP Inspector's CLI.
ensure_mcp_client() {
  ensure_npm_packages mcp mcp-client @modelcontextprotocol/inspector
}

have_jdk25() { [ -x "$JDK25_HOME/bin/java" ]; }

# Builds the kernel jar with JDK 17; extra arguments go to Maven (e.g. -DskipTests).
build() {
  say "Building with $(javac -version 2>&1)"
  (cd "$ROOT" && mvn -B -q "$@" install)
}

# install_kernels PREFIX-ARGS...: installs 'jaudit' (JDK 17) and, when present, 'jaudit25' (JDK 25).
install_kernels() {
  java -jar "$KERNEL_JAR" install "$@" --name jaudit
  if have_jdk25; then
    java -jar "$KERNEL_JAR" install "$@" --name jaudit25 --java "$JDK25_HOME/bin/java"
  fi
}
