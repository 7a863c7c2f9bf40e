#!/bin/sh
# Installs the Debian packages the build, `make run`, `make test` and `make check`
# (clang-format, for the formatting check) need.
# As root it runs apt-get itself; otherwise it prints the exact command.
set -u

PACKAGES="gcc make binutils libc6-dev kconfig-frontends-nox libxen-dev
	qemu-system-x86 grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools
	ovmf cpio gnuplot-nox musl-tools busybox-static clang-format"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Missing Debian packages:$missing"
	echo "Install them with:"
	echo "  sudo apt-get install -y$missing"
	exit 1
fi

echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or stale on a fresh machine.
if ! apt-get install -y -q $missing >/tmp/pvkernel-apt.log 2>&1; then
	apt-get update -q >/tmp/pvkernel-apt.log 2>&1 || { cat /tmp/pvkernel-apt.log; exit 1; }
	apt-get install -y -q $missing >>/tmp/pvkernel-apt.log 2>&1 || { tail -30 /tmp/pvkernel-apt.log; exit 1; }
fi
echo "setup: done"
