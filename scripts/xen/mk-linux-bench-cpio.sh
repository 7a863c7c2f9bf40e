#!/bin/bash
# The Linux guest's initramfs for make bench (bench-domu.sh, bench-dom0.sh):
# the test host's domU archive (busybox, the blkfront and netfront modules,
# /etc/xenhost/modules), uncompressed, and a second newc archive after it,
# whose /init (our init, user/init.c), programs and /etc/domubench.sh
# replace or add to the first's (Linux unpacks both in order). Uncompressed
# like ours: libxc would otherwise gunzip it in dom0 during xl create (and
# fail on the archive after the gzip stream), which ours never costs.
#
# usage: mk-linux-bench-cpio.sh HOSTDIR USERBUILD OUT
#   HOSTDIR    the test host (make xenhost: build/xenhost)
#   USERBUILD  init, diskbench, netbench (make -C user O=...)
#   OUT        the archive to write
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 HOSTDIR USERBUILD OUT" >&2; exit 2; }
hostdir=$1 userbuild=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/linux-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

root=$tmp/root
mkdir -p "$root/usr/bin" "$root/etc"
install -m 0755 "$userbuild/init" "$root/init"
install -m 0755 "$userbuild/diskbench" "$userbuild/netbench" "$root/usr/bin/"
install -m 0644 "$here/../../user/domubench.sh" "$root/etc/domubench.sh"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) >"$tmp/bench.cpio"
{
	gzip -dc "$hostdir/linux-domu.cpio.gz"
	cat "$tmp/bench.cpio"
} >"$out"
