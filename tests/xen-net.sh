#!/bin/bash
# netfront and the IPv4 stack against Linux's netback: boots the Xen test
# host (scripts/xen/run-host.sh) and runs tests/xen-net-dom0.sh in its dom0
# with build/kernel and build/initramfs.cpio.
# usage: tests/xen-net.sh [HOSTDIR [BUILD]]   (defaults build/xenhost, build)
# The serial log goes to stdout; the exit status is run-host.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
hostdir=${1:-build/xenhost}
b=${2:-build}
exec bash scripts/xen/run-host.sh --timeout 400 "$hostdir" tests/xen-net-dom0.sh \
	"$b/kernel" "$b/initramfs.cpio"
