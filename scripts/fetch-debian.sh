#!/bin/sh
# Fetches Debian 12 packages and stages them in OUTDIR/root for the
# initramfs (mkinitramfs.sh DEBIAN_ROOT=OUTDIR/root), with the shared
# libraries their programs need:
#   - every package named in PKGS is staged whole, at Debian's paths, except
#     its programs (bin, sbin, usr/bin, usr/sbin) go to /debian/bin, since
#     /bin is busybox's, and except documentation, translations and the
#     paths of EXCLUDE below;
#   - of the packages they depend on (Depends and Pre-Depends, recursively,
#     first alternative) only the shared libraries named by DT_NEEDED of a
#     staged ELF file are staged, each as its soname in /lib/x86_64-linux-gnu,
#     and glibc's loader with /lib64/ld-linux-x86-64.so.2, and libgcc_s.so.1
#     (glibc loads it with dlopen).
# So a package whose data a program needs (python3.11-minimal's interpreter,
# libpython3.11-minimal's standard library) is named in PKGS itself.
#
# usage: fetch-debian.sh OUTDIR PKGS
#   PKGS  space-separated Debian package names (the Makefile's DEBIAN_PKGS)
# Idempotent: does nothing when OUTDIR/root was staged from the same list.
# Nothing fetched is committed; the .debs stay in OUTDIR/debs.
set -eu

multiarch=x86_64-linux-gnu

# Never staged: documentation, translations, and the parts of Python's
# standard library that are tests, GUIs or tools, and the extension modules
# that would pull in big libraries (OpenSSL, SQLite, ncurses, Berkeley DB);
# likewise iproute2's tc plugins (q_atm.so needs libatm, which iproute2
# only recommends) and the Python modules of Xen's pygrub (no Python here;
# xenfsimage needs libxenfsimage, which xen-utils only recommends).
exclude="usr/share/doc usr/share/man usr/share/info usr/share/locale usr/share/lintian
usr/share/bug usr/share/doc-base usr/share/bash-completion usr/share/menu usr/share/pixmaps
usr/share/applications usr/share/binfmts usr/lib/$multiarch/tc usr/lib/xen-*/lib/python
usr/lib/python3.11/test usr/lib/python3.11/*/test usr/lib/python3.11/*/tests
usr/lib/python3.11/idlelib usr/lib/python3.11/tkinter usr/lib/python3.11/turtledemo
usr/lib/python3.11/ensurepip usr/lib/python3.11/pydoc_data usr/lib/python3.11/distutils
usr/lib/python3.11/lib2to3 usr/lib/python3.11/turtle.py usr/lib/python3.11/config-3.11-x86_64-linux-gnu
usr/lib/python3.11/lib-dynload/_ssl.* usr/lib/python3.11/lib-dynload/_hashlib.*
usr/lib/python3.11/lib-dynload/_sqlite3.* usr/lib/python3.11/lib-dynload/_dbm.*
usr/lib/python3.11/lib-dynload/_gdbm.* usr/lib/python3.11/lib-dynload/_curses*
usr/lib/python3.11/lib-dynload/readline.* usr/lib/python3.11/lib-dynload/_test*
usr/lib/python3.11/lib-dynload/_ctypes_test.* usr/lib/python3.11/lib-dynload/_xx*
usr/lib/python3.11/lib-dynload/xxlimited* usr/lib/python3.11/lib-dynload/nis.*
usr/lib/python3.11/lib-dynload/ossaudiodev.* usr/lib/python3.11/lib-dynload/_crypt.*"
# Bumped when the staging rules change, so an old tree is not reused.
rules=5

[ $# -eq 2 ] && [ -n "$2" ] || { echo "usage: $0 OUTDIR PKGS" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
pkgs=$(echo $2)
stamp="$rules|$pkgs|$(printf '%s' "$exclude" | tr '\n' ' ')"
if [ -f "$out/root/.staged" ] && [ "$(cat "$out/root/.staged")" = "$stamp" ]; then
	exit 0
fi

die() {
	echo "fetch-debian: $*" >&2
	exit 1
}
for tool in apt-get apt-cache dpkg-deb readelf; do
	command -v $tool >/dev/null 2>&1 || die "$tool is needed (Debian/Ubuntu host; readelf: binutils)"
done

# Runs an apt command; with an empty or stale package list (the usual cause
# of failure) refreshes it once, as root, and tries again.
updated=
apt_try() {
	"$@" >"$out/apt.log" 2>&1 && return 0
	if [ -z "$updated" ] && [ "$(id -u)" = 0 ]; then
		updated=1
		apt-get update >"$out/update.log" 2>&1 && "$@" >"$out/apt.log" 2>&1 && return 0
	fi
	echo "fetch-debian: '$*' failed:" >&2
	sed 's/^/  /' "$out/apt.log" >&2
	die "needs Debian 12 (bookworm) sources in apt; try 'apt-get update' as root"
}

# The packages PKGS depend on: Depends and Pre-Depends, recursively, the
# first alternative of each (a virtual package ends that branch: libraries
# are never virtual). apt-cache depends, one call per level.
all=" libc6 $pkgs "
level="libc6 $pkgs"
while [ -n "$level" ]; do
	apt_try apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
		--no-replaces --no-enhances $level
	next=
	for d in $(awk '
		/^ *\|?(Pre)?Depends: / {
			alt = ($1 ~ /^\|/)
			if (!inalt && $2 !~ /^</) print $2
			inalt = alt
		}' "$out/apt.log" | sort -u); do
		case $all in *" $d "*) continue ;; esac
		all="$all$d "
		next="$next $d"
	done
	level=$next
done

mkdir -p "$out/debs"
# apt-get download runs as _apt when it can; let it write here.
chmod 0777 "$out/debs"
missing=
for p in $all; do
	ls "$out/debs/${p}_"*.deb >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] || (cd "$out/debs" && apt_try apt-get download $missing)

# Each package unpacked on its own: x/PKG.
rm -rf "$out/x" "$out/root" "$out/links"
for p in $all; do
	deb=$(ls "$out/debs/${p}_"*.deb | tail -n 1)
	mkdir -p "$out/x/$p"
	dpkg-deb -x "$deb" "$out/x/$p"
done

root=$out/root
mkdir -p "$root/lib64" "$root/lib/$multiarch" "$root/debian/bin"

# The named packages, whole but for the programs and the excluded paths.
# python3 -> python3.11, unxz -> xz: a link beside its target; links
# elsewhere (py3versions -> ../share/python3/py3versions.py) are left out.
: >"$out/links"
for p in $pkgs; do
	x=$out/x/$p
	# The patterns are globs inside the package, not in the current directory.
	set -f
	for e in $exclude; do
		set +f
		# shellcheck disable=SC2086 # a glob on purpose
		rm -rf "$x"/$e
		set -f
	done
	set +f
	for d in bin sbin usr/bin usr/sbin; do
		[ -d "$x/$d" ] || continue
		find "$x/$d" -maxdepth 1 -type f -exec cp {} "$root/debian/bin/" \;
		# python3 -> python3.11, unxz -> xz: links to programs, below.
		for f in $(find "$x/$d" -maxdepth 1 -type l); do
			echo "$(basename "$f") $(basename "$(readlink "$f")")" >>"$out/links"
		done
		rm -rf "${x:?}/$d"
	done
	cp -a "$x/." "$root/"
done
# A link to a program of the same name in another bin directory (iproute2's
# /sbin/ip -> /bin/ip) is that program already.
while read -r name target; do
	if [ "$name" != "$target" ] && [ -f "$root/debian/bin/$target" ]; then
		ln -sf "$target" "$root/debian/bin/$name"
	fi
done <"$out/links"
rm -f "$out/links"

# The loader, then every soname a staged ELF file needs, until none is missing.
ldso=ld-linux-x86-64.so.2
find_lib() {
	for p in $all; do
		for d in lib/$multiarch usr/lib/$multiarch; do
			[ -e "$out/x/$p/$d/$1" ] && { echo "$out/x/$p/$d/$1"; return 0; }
		done
	done
	return 1
}
# glibc's pthread_cancel and pthread_exit unwind through libgcc_s.so.1,
# which it loads with dlopen: no DT_NEEDED names it.
for so in $ldso libgcc_s.so.1; do
	src=$(find_lib $so) || die "$so is in none of libc6 and its dependencies"
	cp -L "$src" "$root/lib/$multiarch/$so"
done
ln -s ../lib/$multiarch/$ldso "$root/lib64/$ldso"
# Each pass reads the files staged by the one before; readelf skips what
# is not ELF.
needed() {
	readelf -dW "$@" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u
}
todo=$(needed $(find "$root" -type f \( -path '*/bin/*' -o -name '*.so*' \)))
while [ -n "$todo" ]; do
	new=
	for so in $todo; do
		[ -e "$root/lib/$multiarch/$so" ] || [ -e "$root/usr/lib/$multiarch/$so" ] && continue
		src=$(find_lib "$so") || die "$so (DT_NEEDED) is in none of the packages:$all"
		# The soname's file itself, not Debian's symlink to the versioned name.
		cp -L "$src" "$root/lib/$multiarch/$so"
		new="$new $root/lib/$multiarch/$so"
	done
	todo=
	[ -z "$new" ] || todo=$(needed $new)
done
chmod 0755 "$root/lib/$multiarch/"*.so* "$root/debian/bin/"*
rm -rf "$out/x"
echo "$stamp" >"$root/.staged"
echo "fetch-debian: $root ($(du -sk "$root" | cut -f1) KiB; $(ls "$root/debian/bin" | wc -l) programs in /debian/bin)"
