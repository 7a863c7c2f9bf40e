#!/bin/bash
# Builds the Xen test host from Debian 12's archive alone, without installing
# anything: Xen 4.17, Debian's Linux 6.1 as PV dom0, and a dom0 initramfs with
# busybox, the Xen and bridge modules, xl, xenstored, xenconsoled, the hotplug
# scripts and the libraries they need. Also a tiny Linux domU initramfs for
# checking the host (scripts/xen/host/selftest.sh).
#
# usage: mkhost.sh OUTDIR            (e.g. build/xenhost)
# Products in OUTDIR:
#   xen-4.17, xen-4.17.version             the hypervisor (fetch-xen.sh)
#   linux-dom0.vmlinuz, linux-dom0.version Debian's kernel (fetch-linux.sh)
#   dom0.cpio.gz                           the dom0 initramfs
#   linux-domu.cpio.gz                     busybox + blkfront/netfront + /init
#   host.stamp                             what the products were built from
# Cached: when host.stamp matches the package versions apt names now and the
# checksums of this script and its inputs, it does nothing.
# See Documentation/xen-testhost.md ("A Linux dom0 test host").
set -euo pipefail

die() { echo "mkhost: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1" || die "cannot create $1"
out=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
case $out in *[,\ ]*) die "OUTDIR must not contain commas or spaces (QEMU splits its -initrd list at them): $out" ;; esac

for tool in apt-get apt-cache dpkg-deb objdump readelf cpio gzip sha256sum; do
	command -v $tool >/dev/null 2>&1 || die "$tool is needed (scripts/setup.sh installs what the project uses)"
done

# Programs: dom0's tools and what the hotplug scripts call. Libraries: every
# package whose files the programs' NEEDED entries resolve to (checked below:
# a soname found in none of them stops the build and is named).
BIN_PKGS="xen-utils-4.17 xen-utils-common xenstore-utils busybox-static bash util-linux"
LIB_PKGS="libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1
	libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1 libyajl2
	libuuid1 libc6 libgcc-s1 libtinfo6 liblzma5 libzstd1 zlib1g"
# shellcheck disable=SC2206
PKGS=($BIN_PKGS $LIB_PKGS)

XENBIN=usr/lib/xen-4.17/bin
# Files taken from the packages, as paths inside them.
PROGRAMS="$XENBIN/xl $XENBIN/xenstored $XENBIN/xen-init-dom0 $XENBIN/xenconsoled
	usr/bin/xenstore bin/bash usr/bin/flock"
# libxenstore cancels its reader thread; glibc then loads libgcc_s.so.1 with
# dlopen, which no NEEDED entry shows. Without it 'xl create' aborts.
DLOPENED="lib/x86_64-linux-gnu/libgcc_s.so.1"
# Kernel modules for dom0 (their dependencies come from modules.dep) and for
# the Linux domU of the self-test.
DOM0_MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-blkback xen-netback bridge loop"
DOMU_MODULES="xen-blkfront xen-netfront"

# ---------------------------------------------------------------- up to date?

# "PACKAGE VERSION" lines for everything apt would fetch now, the kernel
# that linux-image-amd64 points to included.
versions() {
	local linux
	linux=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-.*-amd64$/ { print $2; exit }')
	apt-cache show --no-all-versions "${PKGS[@]}" xen-hypervisor-4.17-amd64 $linux 2>/dev/null |
		awk '$1 == "Package:" { p = $2 } $1 == "Version:" { print p, $2 }' | sort
}
npkgs=$((${#PKGS[@]} + 2))
vers=$(versions) || true
if [ "$(grep -c . <<<"$vers")" -ne $npkgs ] && [ "$(id -u)" = 0 ]; then
	echo "mkhost: apt does not know every package; running apt-get update"
	apt-get update >/dev/null 2>&1 || true
	vers=$(versions) || true
fi
[ "$(grep -c . <<<"$vers")" -eq $npkgs ] ||
	die "apt does not know all of: ${PKGS[*]} xen-hypervisor-4.17-amd64 linux-image-6.1.0-*-amd64 (Debian 12 sources needed; try 'apt-get update' as root)"
declare -A version
while read -r p v; do version[$p]=$v; done <<<"$vers"

inputs="$here/mkhost.sh $here/fetch-xen.sh $here/fetch-linux.sh $here/host/dom0-init $here/host/domu-init"
stamp_now() {
	echo "$vers"
	# shellcheck disable=SC2086
	(cd "$here" && sha256sum ${inputs//$here\//})
}
stamp=$(stamp_now)
products="xen-4.17 xen-4.17.version linux-dom0.vmlinuz linux-dom0.version dom0.cpio.gz linux-domu.cpio.gz"
uptodate=1
for f in $products host.stamp; do [ -s "$out/$f" ] || uptodate=0; done
if [ $uptodate = 1 ] && [ "$stamp" = "$(cat "$out/host.stamp")" ]; then
	echo "mkhost: $out is up to date"
	exit 0
fi
rm -f "$out/host.stamp"

# ---------------------------------------------------------------- Xen, Linux

# fetch-xen.sh keeps whatever image it has: make it fetch again when apt has
# a newer hypervisor, so that hypervisor and tools come from one release.
if [ -s "$out/xen-4.17.version" ] &&
   [ "$(cat "$out/xen-4.17.version")" != "${version[xen-hypervisor-4.17-amd64]}" ]; then
	rm -f "$out/xen-4.17" "$out/xen-4.17.version"
fi
sh "$here/fetch-xen.sh" "$out" || die "fetch-xen.sh failed"
sh "$here/fetch-linux.sh" --keep-deb "$out" || die "fetch-linux.sh failed"

# ---------------------------------------------------------------- packages

# The .deb of PACKAGE at the version apt names, from the cache OUTDIR/debs.
deb_of() {
	local f
	for f in "$out/debs/$1"_*.deb; do
		[ -f "$f" ] && [ "$(dpkg-deb -f "$f" Version)" = "${version[$1]}" ] && { echo "$f"; return 0; }
	done
	return 1
}

mkdir -p "$out/debs"
chmod 0777 "$out/debs" # apt-get download runs as _apt where it can
missing=()
for p in "${PKGS[@]}"; do deb_of "$p" >/dev/null || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
	echo "mkhost: downloading ${missing[*]}"
	for p in "${missing[@]}"; do rm -f "$out/debs/$p"_*.deb; done
	(cd "$out/debs" && apt-get download "${missing[@]}") >"$out/debs/apt.log" 2>&1 || {
		sed 's/^/  /' "$out/debs/apt.log" >&2
		die "could not download Debian packages: ${missing[*]}"
	}
	for p in "${missing[@]}"; do deb_of "$p" >/dev/null || die "downloaded no $p ${version[$p]}"; done
fi

# All packages unpacked into one tree, the pool the initramfs takes files from.
pool=$out/pool
rm -rf "$pool"
mkdir -p "$pool"
for p in "${PKGS[@]}"; do
	dpkg-deb -x "$(deb_of "$p")" "$pool" || die "could not unpack $(deb_of "$p")"
done
busybox=$pool/bin/busybox
[ -x "$busybox" ] || die "busybox-static has no bin/busybox"

# ---------------------------------------------------------------- helpers

# in_pool REL: REL with every symlink resolved inside the pool (absolute
# links point into the pool, not at the build machine's own files).
in_pool() {
	local rel=$1 target n=0
	while [ -L "$pool/$rel" ]; do
		target=$(readlink "$pool/$rel")
		case $target in
		/*) rel=${target#/} ;;
		*) rel=$(dirname "$rel")/$target ;;
		esac
		n=$((n + 1))
		[ $n -lt 20 ] || die "symlink loop at $1"
	done
	echo "$rel"
}

# copy_path ROOT REL: copies pool/REL to ROOT/REL, recreating symlinks and
# copying what they point to, so that sonames keep pointing at their files.
copy_path() {
	local root=$1 rel=$2 target dir
	if [ -e "$root/$rel" ] || [ -L "$root/$rel" ]; then return 0; fi
	dir=$(dirname "$rel")
	mkdir -p "$root/$dir"
	if [ -L "$pool/$rel" ]; then
		target=$(readlink "$pool/$rel")
		ln -s "$target" "$root/$rel"
		case $target in
		/*) copy_path "$root" "${target#/}" ;;
		*) copy_path "$root" "$dir/$target" ;;
		esac
	elif [ -f "$pool/$rel" ]; then
		cp -p "$pool/$rel" "$root/$rel"
	else
		die "$rel is in none of the packages ${PKGS[*]}"
	fi
}

# The directories ld.so searches on Debian, in its order.
LIBDIRS="lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib usr/lib lib64"

# copy_elf ROOT REL: copies an ELF program or library and, transitively, its
# interpreter and every library its NEEDED entries name.
declare -A elf_done=()
copy_elf() {
	local root=$1 rel=$2 real interp lib d found
	[ -z "${elf_done[$root/$rel]:-}" ] || return 0
	elf_done[$root/$rel]=1
	copy_path "$root" "$rel"
	real=$pool/$(in_pool "$rel")
	interp=$(readelf -l "$real" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	[ -z "$interp" ] || copy_path "$root" "${interp#/}"
	for lib in $(objdump -p "$real" | awk '$1 == "NEEDED" { print $2 }'); do
		found=
		for d in $LIBDIRS; do
			if [ -e "$pool/$d/$lib" ] || [ -L "$pool/$d/$lib" ]; then found=$d/$lib; break; fi
		done
		[ -n "$found" ] || die "$lib, needed by $rel, is in none of the packages: add its package to LIB_PKGS"
		copy_elf "$root" "$found"
	done
}

# Kernel modules: the whole tree of the linux-image package goes to a
# temporary directory where busybox's depmod writes modules.dep, which the
# package does not ship (Debian runs depmod when it installs the kernel).
kmods=$out/kmods
rm -rf "$kmods"
mkdir -p "$kmods"
dpkg-deb --fsys-tarfile "$out/linux-dom0.deb" | tar -x -C "$kmods" ./lib/modules ||
	die "could not unpack lib/modules from $out/linux-dom0.deb"
kver=$(ls "$kmods/lib/modules")
[ "$(wc -w <<<"$kver")" = 1 ] || die "expected one kernel version in $out/linux-dom0.deb, found: $kver"
"$busybox" depmod -b "$kmods" "$kver" || die "depmod failed for $kver"
moddir=$kmods/lib/modules/$kver

# copy_modules ROOT NAME...: copies each module and its dependencies to
# ROOT/lib/modules/VERSION and writes ROOT/etc/xenhost/modules, the paths in
# an order where each module comes after what it needs.
copy_modules() {
	local root=$1 name path dep
	shift
	local -A seen=()
	local order=()
	visit() { # visit PATH (relative to moddir, as modules.dep names it)
		local p=$1 d
		[ -n "${seen[$p]:-}" ] && return 0
		seen[$p]=1
		for d in $(awk -v m="$p:" '$1 == m { $1 = ""; print }' "$moddir/modules.dep"); do
			visit "$d"
		done
		order+=("$p")
	}
	for name in "$@"; do
		# modules.dep names files; module names use '_' and '-' alike.
		path=$(awk -F: -v n="$name" '{ f = $1; sub(/.*\//, "", f); sub(/\.ko$/, "", f); gsub(/-/, "_", f); m = n; gsub(/-/, "_", m); if (f == m) { print $1; exit } }' "$moddir/modules.dep")
		if [ -z "$path" ]; then
			grep -q "/$name.ko\$" "$moddir/modules.builtin" && continue
			die "module $name is in neither modules.dep nor modules.builtin of $kver"
		fi
		visit "$path"
	done
	mkdir -p "$root/etc/xenhost"
	: >"$root/etc/xenhost/modules"
	for path in "${order[@]}"; do
		mkdir -p "$root/lib/modules/$kver/$(dirname "$path")"
		cp -p "$moddir/$path" "$root/lib/modules/$kver/$path"
		echo "/lib/modules/$kver/$path" >>"$root/etc/xenhost/modules"
	done
}

# install_busybox ROOT: busybox and a link in /bin for each applet that
# nothing else provides there.
install_busybox() {
	local root=$1 applet
	mkdir -p "$root/bin"
	cp -p "$busybox" "$root/bin/busybox"
	for applet in $("$busybox" --list); do
		[ -e "$root/bin/$applet" ] || [ -L "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
}

# pack ROOT FILE: a reproducible gzipped newc cpio of ROOT.
pack() {
	local root=$1 file=$2
	(cd "$root" && find . -exec touch -h -d @0 {} + &&
		find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc --quiet --owner=0:0 --reproducible) | gzip -9 -n >"$file.tmp" ||
		die "could not pack $root"
	mv "$file.tmp" "$file"
	echo "mkhost: $file ($(find "$root" -mindepth 1 | wc -l) entries, $(stat -c %s "$file") bytes)"
}

# ---------------------------------------------------------------- dom0

root=$out/dom0-root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,run,var,tmp,root,host}
for prog in $PROGRAMS; do copy_elf "$root" "$prog"; done
for lib in $DLOPENED; do copy_elf "$root" "$lib"; done
install_busybox "$root"
# The tools where a Debian system has them; xenstore is one program for all.
for prog in xl xenstored xen-init-dom0 xenconsoled; do
	ln -s "../lib/xen-4.17/bin/$prog" "$root/usr/sbin/$prog"
done
for cmd in chmod control exists list ls read rm watch write; do
	ln -s xenstore "$root/usr/bin/xenstore-$cmd"
done
# The hotplug scripts (bash) and the files they read.
mkdir -p "$root/etc/xen"
cp -pr "$pool/etc/xen/scripts" "$root/etc/xen/scripts"
cat >"$root/etc/xen/xl.conf" <<'EOF'
# xl.conf of the test host. dom0 has a fixed size (dom0_mem=N,max:N): xl must
# not try to shrink it to make room for a guest.
autoballoon="off"
EOF
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
copy_modules "$root" $DOM0_MODULES
echo "$kver" >"$root/etc/xenhost/kernel-version"
install -m 0755 "$here/host/dom0-init" "$root/init"
chmod 1777 "$root/tmp"
# Every program must load from the initramfs' own files: ask its ld.so,
# chrooted so that the build machine's libraries cannot stand in (root only).
if [ "$(id -u)" = 0 ]; then
	for prog in $PROGRAMS; do
		chroot "$root" /lib64/ld-linux-x86-64.so.2 --list "/$prog" >"$out/ldso.log" 2>&1 ||
			{ cat "$out/ldso.log" >&2; die "$prog does not load in the initramfs"; }
		! grep -q 'not found' "$out/ldso.log" ||
			{ cat "$out/ldso.log" >&2; die "$prog misses libraries in the initramfs"; }
	done
	rm -f "$out/ldso.log"
fi
pack "$root" "$out/dom0.cpio.gz"

# ---------------------------------------------------------------- Linux domU

root=$out/domu-root
rm -rf "$root"
mkdir -p "$root"/{etc,dev,proc,sys,tmp}
install_busybox "$root"
copy_modules "$root" $DOMU_MODULES
install -m 0755 "$here/host/domu-init" "$root/init"
pack "$root" "$out/linux-domu.cpio.gz"

rm -rf "$kmods" "$pool"
echo "$stamp" >"$out/host.stamp"
echo "mkhost: $out ready: Xen $(cat "$out/xen-4.17.version"), $(cat "$out/linux-dom0.version")"
