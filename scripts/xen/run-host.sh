#!/bin/bash
# Boots the Xen test host (scripts/xen/mkhost.sh HOSTDIR) in QEMU: Xen 4.17
# with Debian's Linux as PV dom0, 2 vCPUs, 2 GiB, dom0 fixed at 512 MiB.
# SCRIPT and FILES go into dom0 as /host/run and /host/<name of each file>,
# appended to a copy of the initramfs as a second cpio archive. dom0's /init
# sets up Xen's tools and bridge xenbr0 (10.0.0.1/24), runs /host/run in
# /host, and reports its exit status through QEMU's debug-exit port.
#
# usage: run-host.sh [--timeout S] HOSTDIR SCRIPT [FILES...]
#        run-host.sh --interactive HOSTDIR [FILES...]
# The serial log (Xen, dom0's console, what SCRIPT prints) goes to stdout.
# Exit status:
#   0-127  SCRIPT's exit status (a status above 127 is reported as 127)
#   200    hang: no verdict within the time limit (default 600 s)
#   201    the host broke: its setup failed, or the machine stopped without
#          running SCRIPT to its end (Xen or dom0 crashed, QEMU failed)
#   2      usage error
# --interactive gives a dom0 shell on this terminal instead (Ctrl-A X quits
# QEMU; 'exit' in the shell ends the machine).
# See Documentation/xen-testhost.md ("A Linux dom0 test host").
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() {
	echo "usage: $0 [--timeout S] HOSTDIR SCRIPT [FILES...]" >&2
	echo "       $0 --interactive HOSTDIR [FILES...]" >&2
	exit 2
}
die() { echo "run-host: $*" >&2; exit 2; }

interactive=0
tmo=600
while [ $# -gt 0 ]; do
	case $1 in
	--interactive) interactive=1; shift ;;
	--timeout) [ $# -ge 2 ] || usage; tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#--timeout=}; shift ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
case $tmo in '' | *[!0-9]*) die "--timeout wants whole seconds, not '$tmo'" ;; esac
if [ $interactive = 1 ]; then
	[ $# -ge 1 ] || usage
	hostdir=$1 script=
	shift
else
	[ $# -ge 2 ] || usage
	hostdir=$1 script=$2
	shift 2
	[ -f "$script" ] || die "no such script: $script"
fi
for f in xen-4.17 linux-dom0.vmlinuz dom0.cpio.gz; do
	[ -s "$hostdir/$f" ] || die "$hostdir/$f missing: build the host first (scripts/xen/mkhost.sh $hostdir, or make xenhost)"
done

# The second archive: /host/run and the files, owned by root.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xenhost.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/host"
[ -z "$script" ] || install -m 0755 "$script" "$tmp/root/host/run"
for f in "$@"; do
	[ -f "$f" ] || die "no such file: $f"
	name=$(basename "$f")
	[ "$name" != run ] || die "a file may not be called 'run' (that is SCRIPT's place): $f"
	[ ! -e "$tmp/root/host/$name" ] || die "two files named $name"
	cp "$f" "$tmp/root/host/$name"
done
# Linux unpacks concatenated archives in order, compressed or not, skipping
# NUL bytes between them; but it looks for an uncompressed archive only at
# an offset that is a multiple of 4, so pad the gzip file to one.
(cd "$tmp/root" && find host | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) >"$tmp/host.cpio" ||
	die "could not pack the files for /host"
gz_size=$(stat -c %s "$hostdir/dom0.cpio.gz")
{
	cat "$hostdir/dom0.cpio.gz"
	head -c $(((4 - gz_size % 4) % 4)) /dev/zero
	cat "$tmp/host.cpio"
} >"$tmp/initrd"

# HOST_MEM (MiB) gives the host more RAM, for domUs of several GiB.
export QEMU_MEM=${HOST_MEM:-2048} QEMU_SMP=2 DOM0_MEM=512M,max:512M
kargs="console=hvc0 earlyprintk=xen"

if [ $interactive = 1 ]; then
	sh "$here/run-xen.sh" "$hostdir/xen-4.17" "$hostdir/linux-dom0.vmlinuz" "$kargs" "$tmp/initrd"
	exit 0
fi

set +e
# xenhost=script tells /init that a script must be there.
sh "$here/run-xen.sh" --test --timeout "$tmo" "$hostdir/xen-4.17" "$hostdir/linux-dom0.vmlinuz" \
	"$kargs xenhost=script" "$tmp/initrd" |
	tee "$tmp/log"
qemu=${PIPESTATUS[0]}
set -e

status=$(tr -d '\r' <"$tmp/log" | sed -n 's/^xenhost: \[[0-9.]*\] script exit status \([0-9]*\)$/\1/p' | tail -n 1)
if [ "$qemu" = 124 ]; then
	echo "run-host: no verdict within $tmo s (hang)" >&2
	exit 200
elif grep -aq '^xenhost: \[[0-9.]*\] setup failed' "$tmp/log"; then
	echo "run-host: the host's setup failed: $(grep -a 'setup failed' "$tmp/log" | head -n 1)" >&2
	exit 201
elif [ -z "$status" ]; then
	echo "run-host: the machine stopped without finishing the script (QEMU exit status $qemu)" >&2
	exit 201
fi
[ "$status" -le 127 ] || status=127
if [ "$qemu" != $((2 * status + 1)) ]; then
	echo "run-host: the script ended with status $status, but QEMU exited $qemu, not $((2 * status + 1))" >&2
	exit 201
fi
exit "$status"
