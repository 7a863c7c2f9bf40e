#!/bin/sh
# Fetches Debian's Xen 4.17 hypervisor and leaves it uncompressed, ready for
# QEMU's -kernel, at OUTDIR/xen-4.17 (an ELF32 multiboot image); the exact
# package version goes to OUTDIR/xen-4.17.version.
# usage: fetch-xen.sh OUTDIR
# Idempotent: does nothing if OUTDIR/xen-4.17 is already a valid image.
set -eu
pkg="xen-hypervisor-4.17-amd64"

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
xen=$out/xen-4.17

# A valid image is an ELF32 file ("\177ELF" then class 1) with a multiboot
# header (magic 0x1BADB002, little-endian) in its first 8 KiB.
valid() {
	[ -s "$1" ] || return 1
	[ "$(od -An -tx1 -N5 "$1" | tr -d ' \n')" = 7f454c4601 ] || return 1
	head -c 8192 "$1" | od -An -tx1 -v | tr -d ' \n' | grep -q 02b0ad1b
}

if valid "$xen" && [ -s "$xen.version" ]; then
	exit 0
fi

for tool in apt-get dpkg-deb zcat; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "fetch-xen: $tool is needed (Debian/Ubuntu host)" >&2; exit 1; }
done

mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# apt-get download runs as _apt when it can; let it write here.
chmod 0777 "$tmp"

if ! (cd "$tmp" && apt-get download "$pkg") >"$tmp/apt.log" 2>&1; then
	# An empty or stale package list is the usual cause: refresh once (root only).
	if [ "$(id -u)" = 0 ] && apt-get update >"$tmp/update.log" 2>&1 &&
	   (cd "$tmp" && apt-get download "$pkg") >"$tmp/apt.log" 2>&1; then
		:
	else
		echo "fetch-xen: could not download Debian package $pkg:" >&2
		sed 's/^/  /' "$tmp/apt.log" >&2
		echo "fetch-xen: needs Debian 12 (bookworm) sources in apt; try 'apt-get update' as root" >&2
		exit 1
	fi
fi

deb=$(ls "$tmp"/"$pkg"_*.deb)
version=$(dpkg-deb -f "$deb" Version)
dpkg-deb -x "$deb" "$tmp/x"
gz=
for f in "$tmp"/x/boot/xen-4.17*-amd64.gz; do [ -f "$f" ] && gz=$f && break; done
[ -n "$gz" ] || { echo "fetch-xen: $pkg $version has no boot/xen-4.17*-amd64.gz" >&2; exit 1; }
zcat "$gz" >"$tmp/xen-4.17"
valid "$tmp/xen-4.17" ||
	{ echo "fetch-xen: $gz is not an ELF32 multiboot image" >&2; exit 1; }

mv "$tmp/xen-4.17" "$xen"
echo "$version" >"$xen.version"
echo "fetch-xen: $xen ($pkg $version)"
