# Shared by tools/demo, tools/test and tools/bench: finds or installs what the project needs.
# Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
JDK25_HOME="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
KERNEL_JAR="$ROOT/kernel/target/jaudit-kernel.jar"
DEBIAN_PACKAGES=(python3-jupyter-client jupyter-client python3-nbclient jupyter-nbconvert jupyter-console python3-pytest python3-zmq
                 python3-jupyter-kernel-test)

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
  if [ -x "$PY" ] && ! "$PY" -c 'import jupyter_client, jupyter_kernel_test, nbclient, nbformat, pytest, zmq' 2>/dev/null; then
    missing+=("${DEBIAN_PACKAGES[@]}")
  fi
  command -v jupyter-console >/dev/null || missing+=(jupyter-console)
  command -v jupyter-kernelspec >/dev/null || missing+=(jupyter-client)
  command -v jupyter-nbconvert >/dev/null || missing+=(jupyter-nbconvert)
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing missing packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
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
