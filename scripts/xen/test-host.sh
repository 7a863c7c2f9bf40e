#!/bin/bash
# Checks the Xen test host end to end: boots it (run-host.sh) and runs
# scripts/xen/host/selftest.sh in dom0, which starts a Linux PV domU with a
# disk and a vif through xl create and dry-runs scripts/xen/pv-domu.cfg.
# usage: test-host.sh [--timeout S] HOSTDIR      (HOSTDIR from mkhost.sh)
# The log goes to stdout; the exit status is run-host.sh's (0: all passed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmo=()
if [ "${1:-}" = --timeout ]; then
	[ $# -ge 2 ] || { echo "usage: $0 [--timeout S] HOSTDIR" >&2; exit 2; }
	tmo=(--timeout "$2")
	shift 2
fi
[ $# -eq 1 ] || { echo "usage: $0 [--timeout S] HOSTDIR" >&2; exit 2; }
hostdir=$1
exec bash "$here/run-host.sh" "${tmo[@]}" "$hostdir" "$here/host/selftest.sh" \
	"$hostdir/linux-dom0.vmlinuz" "$hostdir/linux-domu.cpio.gz" "$here/pv-domu.cfg"
