#!/bin/sh
# Builds the dom0 initramfs: the usual user space (busybox, our musl
# programs and init) with Debian 12's Xen toolstack instead of the default
# Debian packages, and the dom0 setup of user/dom0/ (Documentation/xen-dom0.md).
#
# usage: mkdom0.sh OUTDIR USERBUILD PKGS
#   OUTDIR     e.g. build/dom0; the product is OUTDIR/initramfs.cpio
#   USERBUILD  the musl programs (make -C user O=...), as for mkinitramfs.sh
#   PKGS       the Debian packages (the Makefile's DOM0_PKGS), staged by
#              fetch-debian.sh into OUTDIR/debian/root
#
# On top of what fetch-debian.sh stages (programs in /debian/bin, since
# busybox owns /bin), the tree gets what the Xen tools expect at Debian's
# fixed paths:
#   - each program of PKGS at its Debian path, usr-merged (/bin/ls and
#     /usr/bin/ls both as /usr/bin/ls, /sbin/X as /usr/sbin/X), as a link to
#     /debian/bin: init's PATH and the hotplug scripts' PATH put /usr/bin and
#     /usr/sbin before /bin, so Debian's programs win over busybox's applets;
#   - /bin/bash, the interpreter the hotplug scripts name;
#   - the links of xen-utils-common that point at Debian's
#     xen-utils-wrapper (/usr/sbin/xl, xenstored, xenconsoled, ...) point at
#     the program the wrapper would run on this Xen instead,
#     /usr/lib/xen-4.17/bin/NAME (the wrapper reads the version from
#     /sys/hypervisor/version/, which the dom0's init checks for);
#   - user/dom0/rcS as /etc/init.d/rcS (init runs it before the shell),
#     user/dom0/xl.conf as /etc/xen/xl.conf, and the call tracer
#     calltrace.so (user/glibc/calltrace.c) as /usr/lib/calltrace.so.
set -eu

[ $# -eq 3 ] && [ -n "$3" ] || { echo "usage: $0 OUTDIR USERBUILD PKGS" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
userbuild=$2
pkgs=$3

die() {
	echo "mkdom0: $*" >&2
	exit 1
}

sh "$here/fetch-debian.sh" "$out/debian" "$pkgs" || die "fetch-debian.sh failed"

root=$out/root
rm -rf "$root"
cp -a "$out/debian/root" "$root"

xendir=$(cd "$root/usr/lib" && ls -d xen-[0-9]* 2>/dev/null) || true
[ "$(echo "$xendir" | wc -w)" = 1 ] || die "expected one usr/lib/xen-VERSION in the staged packages, found: '$xendir'"

# Debian's path of every program the packages carry, usr-merged; the
# listing of each .deb says where it put it (regular file, hard link or
# symlink).
for p in $pkgs; do
	deb=$(ls "$out/debian/debs/${p}_"*.deb | tail -n 1)
	dpkg-deb -c "$deb" | awk '
		{ path = $6; sub(/^\.\//, "", path) }
		path !~ /^(usr\/)?s?bin\/[^\/]+$/ { next }
		$1 ~ /^l/ { print "l", path, $8; next }
		$1 ~ /^[-h]/ { print "f", path, "-" }'
done | while read -r kind path target; do
	name=${path##*/}
	case $path in
	bin/* | usr/bin/*) dir=usr/bin ;;
	*) dir=usr/sbin ;;
	esac
	mkdir -p "$root/$dir"
	if [ "$kind" = l ] && [ "${target##*/}" = xen-utils-wrapper ]; then
		# What the wrapper would exec under Xen 4.17.
		[ -f "$root/usr/lib/$xendir/bin/$name" ] &&
			ln -sfn "/usr/lib/$xendir/bin/$name" "$root/$dir/$name"
	elif [ -e "$root/debian/bin/$name" ]; then
		ln -sfn "/debian/bin/$name" "$root/$dir/$name"
	elif [ "$kind" = l ] && [ -e "$root/$dir/$target" ]; then
		# A link beside its target that fetch-debian.sh left out
		# (xen-utils-common's /usr/bin/pygrub -> ../lib/xen-4.17/bin/pygrub).
		ln -sfn "$target" "$root/$dir/$name"
	fi
done
mkdir -p "$root/bin"
ln -sfn /debian/bin/bash "$root/bin/bash"

# The dom0 setup and xl's configuration (our own files).
mkdir -p "$root/etc/init.d" "$root/etc/xen"
install -m 0755 "$src/user/dom0/rcS" "$root/etc/init.d/rcS"
install -m 0644 "$src/user/dom0/xl.conf" "$root/etc/xen/xl.conf"
# The call tracer rcS uses with dom0.trace (user/glibc/calltrace.c).
install -m 0755 "$userbuild/calltrace/calltrace.so" "$root/usr/lib/calltrace.so"

DEBIAN_ROOT=$root sh "$here/mkinitramfs.sh" "$out" "$userbuild" || die "mkinitramfs.sh failed"

# Every program the dom0 runs must load from the initramfs' own files: ask
# its ld.so, chrooted, so the build machine's libraries cannot stand in
# (root only; elsewhere the first boot will tell).
if [ "$(id -u)" = 0 ]; then
	tree=$out/initramfs-root
	for prog in "usr/lib/$xendir/bin/xl" "usr/lib/$xendir/bin/xenstored" \
		"usr/lib/$xendir/bin/xen-init-dom0" "usr/lib/$xendir/bin/xenconsoled" \
		"usr/lib/$xendir/bin/xenconsole" usr/bin/xenstore-ls bin/bash usr/bin/flock usr/bin/ip; do
		chroot "$tree" /lib64/ld-linux-x86-64.so.2 --list "/$prog" >"$out/ldso.log" 2>&1 ||
			{ cat "$out/ldso.log" >&2; die "/$prog does not load in the initramfs"; }
		! grep -q 'not found' "$out/ldso.log" ||
			{ cat "$out/ldso.log" >&2; die "/$prog misses libraries in the initramfs"; }
	done
	rm -f "$out/ldso.log"
fi
echo "  DOM0    $out/initramfs.cpio ($(stat -c %s "$out/initramfs.cpio") bytes; Xen tools of $xendir)"
