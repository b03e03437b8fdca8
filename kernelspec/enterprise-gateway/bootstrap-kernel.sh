#!/bin/sh
# The jaudit kernel image's entry point under Enterprise Gateway on Kubernetes: EG's launch_kubernetes.py
# starts the kernel's pod with KERNEL_ID, RESPONSE_ADDRESS, PUBLIC_KEY and PORT_RANGE (and every KERNEL_*
# variable of the kernelspec's env) in its environment; this runs the kernel's remote launcher with them.
# The policy is JAUDIT_POLICY when the image sets one (a client cannot change it), else the kernelspec's
# KERNEL_JAUDIT_POLICY, else the standard policy.
set -eu

fail() {
  echo "jaudit bootstrap: $*" >&2
  exit 2
}

kernel_id=${KERNEL_ID:-}
response_address=${RESPONSE_ADDRESS:-${EG_RESPONSE_ADDRESS:-}}
public_key=${PUBLIC_KEY:-${EG_PUBLIC_KEY:-}}
port_range=${PORT_RANGE:-${EG_PORT_RANGE:-0..0}}
policy=${JAUDIT_POLICY:-${KERNEL_JAUDIT_POLICY:-}}
[ -n "$policy" ] || policy='{}'

[ -n "$kernel_id" ] || fail "KERNEL_ID is not set: Enterprise Gateway sets it when it starts the kernel's pod"
[ -n "$response_address" ] || fail "RESPONSE_ADDRESS is not set: Enterprise Gateway sets it when it starts the kernel's pod"
[ -n "$public_key" ] || fail "PUBLIC_KEY is not set: Enterprise Gateway sets it when it starts the kernel's pod"

exec "${JAVA:-java}" -Djava.awt.headless=true -jar "${JAUDIT_JAR:-/opt/jaudit/jaudit-kernel.jar}" remote \
  --kernel-id "$kernel_id" --response-address "$response_address" --public-key "$public_key" \
  --port-range "$port_range" --policy "$policy"
