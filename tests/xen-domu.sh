#!/bin/bash
# The kernel as a Xen PV domU under xl on a real Linux dom0: boots the Xen
# test host (scripts/xen/run-host.sh, Documentation/xen-testhost.md) once
# and runs tests/xen-domu-dom0.sh in its dom0, which starts the kernel
# with xl create several times (self-tests, user-space suite, console
# input, blkfront against blkback, xl reboot, shutdown and destroy).
# usage: tests/xen-domu.sh HOSTDIR KERNEL INITRAMFS LOG
# Prints the dom0 script's "domutest:" verdict lines; the exit status is
# run-host.sh's (0 when every check passed; 200 hang, 201 host broken).
set -u
[ $# -eq 4 ] || { echo "usage: $0 HOSTDIR KERNEL INITRAMFS LOG" >&2; exit 2; }
hostdir=$1 kernel=$2 initrd=$3 log=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xen-domu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# run-host.sh names the files in dom0 by their base names.
cp "$kernel" "$tmp/kernel"
cp "$initrd" "$tmp/initramfs.cpio"
# dom0 on physical CPU 0 alone, each domU on CPU 1 (cpus="1" in
# xen-domu-dom0.sh): with a busy domU sharing a CPU with dom0, dom0's own
# processes crashed with wrong %fs bases (busybox applets, xl), a Linux
# domU as much as ours; with no CPU shared they never did (xen-domu.md).
XEN_EXTRA_ARGS="dom0_max_vcpus=1 dom0_vcpus_pin${XEN_EXTRA_ARGS:+ $XEN_EXTRA_ARGS}" \
bash "$here/../scripts/xen/run-host.sh" --timeout 1200 "$hostdir" "$here/xen-domu-dom0.sh" \
	"$tmp/kernel" "$tmp/initramfs.cpio" "$here/../scripts/xen/pv-domu.cfg" "$here/xen-domu-lib.sh" >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" | grep -a '^domutest: ' | grep -av '^domutest:   \|^domutest: ---\|^domutest: [0-9]* passed, [0-9]* failed'
# The summary may follow a console tail that had no final newline.
tr -d '\r' <"$log" | grep -aoE 'domutest: [0-9]+ passed, [0-9]+ failed' | tail -n 1
exit $rc
