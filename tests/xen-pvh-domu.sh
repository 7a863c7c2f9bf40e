#!/bin/bash
# The kernel as a Xen PVH domU under xl on the Linux dom0 test host: one
# boot of the host (scripts/xen/run-host.sh) runs tests/xen-pvh-domu-dom0.sh
# in its dom0. usage: tests/xen-pvh-domu.sh HOSTDIR KERNEL INITRAMFS LOG
# Prints the "pvhtest:" verdict lines; exits with run-host.sh's status.
set -u
[ $# -eq 4 ] || { echo "usage: $0 HOSTDIR KERNEL INITRAMFS LOG" >&2; exit 2; }
hostdir=$1 kernel=$2 initrd=$3 log=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xen-pvh-domu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$kernel" "$tmp/kernel"
cp "$initrd" "$tmp/initramfs.cpio"
# dom0 alone on CPU 0, the domUs on CPU 1, as in tests/xen-domu.sh.
XEN_EXTRA_ARGS="dom0_max_vcpus=1 dom0_vcpus_pin${XEN_EXTRA_ARGS:+ $XEN_EXTRA_ARGS}" \
bash "$here/../scripts/xen/run-host.sh" --timeout 1200 "$hostdir" "$here/xen-pvh-domu-dom0.sh" \
	"$tmp/kernel" "$tmp/initramfs.cpio" "$here/../scripts/xen/pvh-domu.cfg" "$here/xen-domu-lib.sh" >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" | grep -a '^pvhtest: ' | grep -av '^pvhtest:   \|^pvhtest: ---'
exit $rc
