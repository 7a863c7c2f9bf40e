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
# dom0 alone on physical CPU 0, the domU on CPU 1 (cpus="1" in
# xen-net-dom0.sh), as tests/xen-domu.sh does and says why: with a CPU
# shared, dom0's own processes crash now and then on this test host (seen
# here too: busybox dd in dom0, segfault at 0, during the UDP echoes).
XEN_EXTRA_ARGS="dom0_max_vcpus=1 dom0_vcpus_pin${XEN_EXTRA_ARGS:+ $XEN_EXTRA_ARGS}" \
exec bash scripts/xen/run-host.sh --timeout 400 "$hostdir" tests/xen-net-dom0.sh \
	"$b/kernel" "$b/initramfs.cpio"
