#!/bin/sh
# Fetches Debian 12's current linux-image-6.1.0-*-amd64 (the one that
# linux-image-amd64 depends on) and extracts only its kernel, as a known-good
# PV dom0 for checking the Xen test host: OUTDIR/linux-dom0.vmlinuz, with the
# package name and version in OUTDIR/linux-dom0.version. Nothing is installed.
# usage: fetch-linux.sh OUTDIR
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
[ -s "$out/linux-dom0.vmlinuz" ] && [ -s "$out/linux-dom0.version" ] && exit 0

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-.*-amd64$/ { print $2; exit }')
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
	apt-get update >/dev/null 2>&1 || true
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-.*-amd64$/ { print $2; exit }')
fi
[ -n "$pkg" ] || { echo "fetch-linux: no linux-image-6.1.0-*-amd64 known to apt (Debian 12 sources needed)" >&2; exit 1; }

mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 0777 "$tmp"
(cd "$tmp" && apt-get download "$pkg") >"$tmp/apt.log" 2>&1 ||
	{ echo "fetch-linux: could not download Debian package $pkg:" >&2; sed 's/^/  /' "$tmp/apt.log" >&2; exit 1; }
deb=$(ls "$tmp"/"$pkg"_*.deb)
# The package is ~70 MB, mostly modules: take only boot/.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./boot
mv "$tmp"/boot/vmlinuz-* "$out/linux-dom0.vmlinuz"
echo "$pkg $(dpkg-deb -f "$deb" Version)" >"$out/linux-dom0.version"
echo "fetch-linux: $out/linux-dom0.vmlinuz ($(cat "$out/linux-dom0.version"))"
