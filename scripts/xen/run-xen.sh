#!/bin/sh
# Boots the Xen hypervisor in QEMU (TCG) with KERNEL as its PV dom0.
# usage: run-xen.sh [--test [--stdin]] [--pvh] [--timeout S] XEN KERNEL "KERNEL ARGS" [INITRD]
#   XEN      uncompressed hypervisor (scripts/xen/fetch-xen.sh OUTDIR)
#   KERNEL   dom0 kernel (a Xen PV ELF); KERNEL ARGS is its command line
#   INITRD   optional second module, handed to dom0 as its initrd
#   --test   no terminal: stdin from /dev/null, isa-debug-exit at port 0xf4,
#            a timeout (default 300 s); the exit status is QEMU's: 2v+1 for
#            verdict v written to 0xf4, 0 when Xen reset the machine (dom0
#            crashed or rebooted), 124 on timeout
#   --stdin  with --test: the serial line reads this script's stdin (a test
#            that types into the console, tests/shell-session.sh)
#   --pvh    KERNEL as a PVH dom0 instead: Xen's dom0=pvh needs an IOMMU, so
#            QEMU gets a q35 machine with an emulated VT-d (interrupt
#            remapping on) and Xen iommu=no-sharept (Documentation/xen-pvh.md)
#   otherwise interactive on this terminal; Ctrl-A X quits QEMU, and
#   Ctrl-A A typed three times switches Xen's serial input (Xen/dom0).
# XEN_EXTRA_ARGS (environment) is appended to Xen's command line, and
# QEMU_EXTRA_ARGS to QEMU's (make run XEN=... QEMU_ARGS='...').
# QEMU_MEM (MiB, default 1024), QEMU_SMP (default 1) and DOM0_MEM (Xen's
# dom0_mem=, default 256M,max:256M) size the machine.
# See Documentation/xen-testhost.md.
set -eu

usage() { echo "usage: $0 [--test [--stdin]] [--pvh] [--timeout S] XEN KERNEL \"KERNEL ARGS\" [INITRD]" >&2; exit 2; }

test_mode=0
keep_stdin=0
pvh=0
tmo=
while [ $# -gt 0 ]; do
	case $1 in
	--test) test_mode=1; shift ;;
	--stdin) keep_stdin=1; shift ;;
	--pvh) pvh=1; shift ;;
	--timeout) [ $# -ge 2 ] || usage; tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#--timeout=}; shift ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 3 ] || [ $# -eq 4 ] || usage
xen=$1 kernel=$2 kargs=$3 initrd=${4:-}
case $tmo in *[!0-9]*) echo "run-xen: --timeout wants whole seconds" >&2; exit 2 ;; esac

for f in "$xen" "$kernel" ${initrd:+"$initrd"}; do
	[ -f "$f" ] || { echo "run-xen: no such file: $f" >&2; exit 2; }
done
# QEMU's multiboot loader splits -initrd at commas (one module each) and
# each module at its first space (path, then command line).
case "$kernel$kargs$initrd" in
*,*) echo "run-xen: no commas allowed in the kernel, its arguments or the initrd (QEMU splits modules at commas)" >&2; exit 2 ;;
esac
case "$kernel$initrd" in
*" "*) echo "run-xen: no spaces allowed in module paths" >&2; exit 2 ;;
esac

# console=com1 com1=...: Xen's log and dom0's console (hvc0) on the serial line.
# loglvl/guest_loglvl=all: keep every message. bootscrub=0: skip scrubbing
# free RAM at boot, seconds under TCG. dom0_mem: a fixed, small dom0.
xen_args="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all bootscrub=0 dom0_mem=${DOM0_MEM:-256M,max:256M}"
machine=
if [ $pvh = 1 ]; then
	xen_args="$xen_args dom0=pvh iommu=no-sharept"
	machine="-machine q35 -device intel-iommu,intremap=on"
fi
xen_args="$xen_args${XEN_EXTRA_ARGS:+ $XEN_EXTRA_ARGS}"
modules="$kernel${kargs:+ $kargs}${initrd:+,$initrd}"

# -cpu max gives SVM with nested paging under TCG; -smap because Xen 4.17
# kills a PV dom0 at its first bounced exception with SMAP on under TCG;
# -rdtscp as found to work on this host. -m 1024: Xen plus a 256M dom0.
# QEMU_ACCEL (environment) replaces "-accel tcg", e.g. with an -icount setting for make bench.
# shellcheck disable=SC2086
set -- qemu-system-x86_64 ${QEMU_ACCEL:--accel tcg} -cpu max,-smap,-rdtscp \
	-m "${QEMU_MEM:-1024}" -smp "${QEMU_SMP:-1}" \
	$machine -nographic -no-reboot -serial mon:stdio \
	-kernel "$xen" -append "$xen_args" -initrd "$modules" ${QEMU_EXTRA_ARGS:-}

if [ $test_mode = 1 ] && [ $keep_stdin = 1 ]; then
	exec timeout "${tmo:-300}" "$@" -device isa-debug-exit,iobase=0xf4,iosize=4
elif [ $test_mode = 1 ]; then
	exec timeout "${tmo:-300}" "$@" -device isa-debug-exit,iobase=0xf4,iosize=4 </dev/null
fi
echo "Booting Xen ($xen) with dom0 $kernel in QEMU (TCG). Quit with Ctrl-A X." >&2
if [ -n "$tmo" ]; then
	exec timeout --foreground "$tmo" "$@"
fi
exec "$@"
