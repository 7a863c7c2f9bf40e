#!/bin/sh
# Fetches a few dynamically linked Debian 12 programs and the libraries
# they need, and stages them in OUTDIR/root as Debian lays them out, for
# the initramfs (mkinitramfs.sh DEBIAN_ROOT=OUTDIR/root):
#   /lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
#   /lib/x86_64-linux-gnu/{libc.so.6,libselinux.so.1,libpcre2-8.so.0,libtinfo.so.6,libgcc_s.so.1}
#   /debian/bin/{ls,cat,env,true,false,dash,bash}
# The programs go to /debian/bin, not /bin, which is busybox's.
# usage: fetch-debian.sh OUTDIR
# Idempotent: does nothing when OUTDIR/root was staged from the same list.
# Nothing fetched is committed; the .debs stay in OUTDIR/debs.
set -eu

pkgs="libc6 libselinux1 libpcre2-8-0 libtinfo6 libgcc-s1 coreutils dash bash"
libs="ld-linux-x86-64.so.2 libc.so.6 libselinux.so.1 libpcre2-8.so.0 libtinfo.so.6 libgcc_s.so.1"
progs="bin/ls bin/cat usr/bin/env bin/true bin/false bin/dash bin/bash"

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
stamp="$pkgs|$libs|$progs"
if [ -f "$out/root/.staged" ] && [ "$(cat "$out/root/.staged")" = "$stamp" ]; then
	exit 0
fi

for tool in apt-get dpkg-deb; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "fetch-debian: $tool is needed (Debian/Ubuntu host)" >&2; exit 1; }
done

mkdir -p "$out/debs"
# apt-get download runs as _apt when it can; let it write here.
chmod 0777 "$out/debs"
missing=
for p in $pkgs; do
	ls "$out/debs/${p}_"*.deb >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if ! (cd "$out/debs" && apt-get download $missing) >"$out/apt.log" 2>&1; then
		# An empty or stale package list is the usual cause: refresh once (root only).
		if [ "$(id -u)" = 0 ] && apt-get update >"$out/update.log" 2>&1 &&
		   (cd "$out/debs" && apt-get download $missing) >"$out/apt.log" 2>&1; then
			:
		else
			echo "fetch-debian: could not download$missing:" >&2
			sed 's/^/  /' "$out/apt.log" >&2
			echo "fetch-debian: needs Debian 12 (bookworm) sources in apt; try 'apt-get update' as root" >&2
			exit 1
		fi
	fi
fi

rm -rf "$out/x" "$out/root"
for p in $pkgs; do
	deb=$(ls "$out/debs/${p}_"*.deb | tail -n 1)
	dpkg-deb -x "$deb" "$out/x"
done

root=$out/root
mkdir -p "$root/lib64" "$root/lib/x86_64-linux-gnu" "$root/debian/bin"
for l in $libs; do
	src=
	for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
		[ -e "$out/x/$d/$l" ] && src=$out/x/$d/$l && break
	done
	[ -n "$src" ] || { echo "fetch-debian: $l is in none of $pkgs" >&2; exit 1; }
	# The soname's file itself, not Debian's symlink to the versioned name.
	cp -L "$src" "$root/lib/x86_64-linux-gnu/$l"
done
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
for p in $progs; do
	[ -f "$out/x/$p" ] || { echo "fetch-debian: $p is in none of $pkgs" >&2; exit 1; }
	cp "$out/x/$p" "$root/debian/bin/"
done
chmod 0755 "$root/lib/x86_64-linux-gnu/"*.so* "$root/debian/bin/"*
rm -rf "$out/x"
echo "$stamp" >"$root/.staged"
echo "fetch-debian: $root ($(du -sk "$root" | cut -f1) KiB: $(cd "$root/debian/bin" && echo *))"
