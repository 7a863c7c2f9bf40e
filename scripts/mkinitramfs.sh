#!/bin/sh
# Packs the user space into OUTDIR/initramfs.cpio (newc), reproducibly:
# entries sorted, owned by root, every mtime 0.
#
# usage: mkinitramfs.sh OUTDIR USERBUILD
#   USERBUILD holds init, utest, ubench, hcount, segv, badwrite, udpecho, diskbench,
#   netbench (make -C user O=...).
#   BUSYBOX (default /bin/busybox) is Debian's unmodified busybox-static.
#   DEBIAN_ROOT, when set, is a tree of Debian's dynamically linked programs
#   and their libraries (scripts/fetch-debian.sh) copied in as it is.
#
# Layout: /sbin/init, /bin/busybox with /bin/sh and every applet of
# "busybox --list" as symlinks to it,
# /usr/bin/{utest,ubench,hcount,segv,badwrite,udpecho,diskbench,netbench},
# /etc/{bbtest.sh,domubench.sh,debtools.sh,debpython.py,passwd,group}, and empty /dev /proc /tmp /root (the
# kernel makes its device nodes itself).
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 OUTDIR USERBUILD" >&2
	exit 2
fi
outdir=$1
userbuild=$2
src=$(cd "$(dirname "$0")/.." && pwd)
busybox=${BUSYBOX:-/bin/busybox}

die() {
	echo "mkinitramfs: $*" >&2
	exit 1
}

command -v cpio >/dev/null 2>&1 || die "cpio not found (Debian package: cpio)"
[ -x "$busybox" ] ||
	die "$busybox not found: install Debian's busybox-static (apt-get install busybox-static)"
# A dynamically linked busybox would need a loader and libraries we do not ship.
if command -v file >/dev/null 2>&1 && file -L "$busybox" | grep -q 'dynamically linked'; then
	die "$busybox is dynamically linked: install Debian's busybox-static, not busybox"
fi
for p in init utest ubench hcount segv badwrite udpecho diskbench netbench; do
	[ -f "$userbuild/$p" ] || die "$userbuild/$p missing (make -C user O=$userbuild)"
done

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
userbuild=$(cd "$userbuild" && pwd)
case $busybox in /*) ;; *) busybox=$(pwd)/$busybox ;; esac
root=$outdir/initramfs-root
rm -rf "$root"
mkdir -p "$root"
cd "$root"

mkdir -p bin sbin usr/bin etc dev proc tmp root
install -m 0755 "$userbuild/init" sbin/init
for p in utest ubench hcount segv badwrite udpecho diskbench netbench; do
	install -m 0755 "$userbuild/$p" usr/bin/$p
done
install -m 0755 "$busybox" bin/busybox
ln -s busybox bin/sh
for applet in $("$busybox" --list); do
	case $applet in
	*/* | busybox) continue ;;
	esac
	[ -e "bin/$applet" ] || [ -L "bin/$applet" ] || ln -s busybox "bin/$applet"
done
install -m 0644 "$src/user/bbtest.sh" etc/bbtest.sh
install -m 0644 "$src/user/domubench.sh" etc/domubench.sh
install -m 0644 "$src/user/debtools.sh" etc/debtools.sh
install -m 0644 "$src/user/debpython.py" etc/debpython.py
printf 'root:x:0:0:root:/root:/bin/sh\n' > etc/passwd
printf 'root:x:0:\n' > etc/group
chmod 0644 etc/passwd etc/group
if [ -n "${DEBIAN_ROOT:-}" ]; then
	[ -f "$DEBIAN_ROOT/.staged" ] || die "$DEBIAN_ROOT is not staged (scripts/fetch-debian.sh)"
	cp -a "$DEBIAN_ROOT/." .
	rm -f .staged
	# Our own glibc programs (user/glibc/) run beside Debian's.
	if [ -d "$userbuild/glibc" ]; then
		cp "$userbuild/glibc/"* debian/bin/
	fi
fi
chmod 0755 bin sbin usr usr/bin etc dev proc root .
chmod 1777 tmp

# Every entry, symlinks included, dated at the epoch.
find . -exec touch -h -d @0 {} +

find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc --quiet --owner=0:0 --reproducible > "$outdir/initramfs.cpio.tmp"
mv "$outdir/initramfs.cpio.tmp" "$outdir/initramfs.cpio"
echo "  CPIO    $outdir/initramfs.cpio ($(find . -mindepth 1 | wc -l) entries)"
