#!/bin/sh
# Fetches Debian 12's current linux-image-6.1.0-*-amd64 (the one that
# linux-image-amd64 depends on) and extracts only its kernel, as a known-good
# PV dom0 for checking the Xen test host: OUTDIR/linux-dom0.vmlinuz, with the
# package name and version in OUTDIR/linux-dom0.version. Nothing is installed.
# usage: fetch-linux.sh [--keep-deb] OUTDIR
#   --keep-deb  also keep the package itself as OUTDIR/linux-dom0.deb, so that
#               a caller can take its modules (scripts/xen/mkhost.sh does)
# Does nothing if the files are there and apt names the same package and
# version (or apt knows of none); fetches again when apt names a newer one.
set -eu
keep_deb=0
if [ "${1:-}" = --keep-deb ]; then keep_deb=1; shift; fi
[ $# -eq 1 ] || { echo "usage: $0 [--keep-deb] OUTDIR" >&2; exit 2; }
out=$1

# "PACKAGE VERSION" of the linux-image-6.1.0-*-amd64 that apt would fetch now.
wanted() {
	p=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-.*-amd64$/ { print $2; exit }')
	[ -n "$p" ] || return 0
	v=$(apt-cache show --no-all-versions "$p" 2>/dev/null | awk '$1 == "Version:" { print $2; exit }')
	echo "$p $v"
}

if [ -s "$out/linux-dom0.vmlinuz" ] && [ -s "$out/linux-dom0.version" ] &&
   { [ $keep_deb = 0 ] || [ -s "$out/linux-dom0.deb" ]; }; then
	want=$(wanted)
	if [ -z "$want" ] || [ "$want" = "$(cat "$out/linux-dom0.version")" ]; then
		exit 0
	fi
	echo "fetch-linux: apt now has $want (had $(cat "$out/linux-dom0.version")): fetching it"
fi

want=$(wanted)
if [ -z "$want" ] && [ "$(id -u)" = 0 ]; then
	apt-get update >/dev/null 2>&1 || true
	want=$(wanted)
fi
pkg=${want%% *}
[ -n "$pkg" ] || { echo "fetch-linux: no linux-image-6.1.0-*-amd64 known to apt (Debian 12 sources needed)" >&2; exit 1; }

mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 0777 "$tmp"
(cd "$tmp" && apt-get download "$pkg") >"$tmp/apt.log" 2>&1 ||
	{ echo "fetch-linux: could not download Debian package $pkg:" >&2; sed 's/^/  /' "$tmp/apt.log" >&2; exit 1; }
deb=$(ls "$tmp"/"$pkg"_*.deb)
version=$(dpkg-deb -f "$deb" Version)
# The package is ~70 MB, mostly modules: take only boot/.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./boot
mv "$tmp"/boot/vmlinuz-* "$out/linux-dom0.vmlinuz"
if [ $keep_deb = 1 ]; then
	mv "$deb" "$out/linux-dom0.deb"
else
	rm -f "$out/linux-dom0.deb"
fi
echo "$pkg $version" >"$out/linux-dom0.version"
echo "fetch-linux: $out/linux-dom0.vmlinuz ($(cat "$out/linux-dom0.version"))"
