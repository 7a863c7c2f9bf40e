#!/bin/sh
# Builds the guests archive for our dom0 (make guests; Documentation/xen-dom0.md):
# a newc cpio to append to the dom0 initramfs (make run XEN=pv DOM0=xl
# EXTRA_INITRD=build/dom0/guests.cpio) that puts under /root/guests:
#   kernel, ours-initrd.cpio    our kernel and a small initramfs (busybox and
#                               our programs, no Debian packages)
#   vmlinuz, linux-initrd.gz    Debian's Linux 6.1 (from make xenhost) and a
#                               busybox initramfs with user/dom0/guests/linux-init
#   *.cfg                       xl configurations for each as PV and PVH domU
#                               (user/dom0/guests), and ours-crash.cfg: ours,
#                               made to panic at boot (selftest=bad_pointer)
#
# usage: mkguests.sh OUTDIR KERNEL USERBUILD XENHOST
set -eu

[ $# -eq 4 ] || { echo "usage: $0 OUTDIR KERNEL USERBUILD XENHOST" >&2; exit 2; }
out=$1 kernel=$2 userbuild=$3 xenhost=$4
here=$(cd "$(dirname "$0")/.." && pwd)
src=$here/user/dom0/guests
for f in "$kernel" "$xenhost/linux-dom0.vmlinuz" "$xenhost/linux-domu.cpio.gz"; do
	[ -f "$f" ] || { echo "mkguests: $f is missing (make all xenhost)" >&2; exit 1; }
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
tree=$out/guests-root
rm -rf "$tree" "$out/ours-initramfs"
mkdir -p "$tree/root/guests" "$out/ours-initramfs"

# Ours: the usual initramfs without Debian's packages (3 MB instead of 39).
DEBIAN_ROOT= sh "$here/scripts/mkinitramfs.sh" "$out/ours-initramfs" "$userbuild" >/dev/null
cp "$out/ours-initramfs/initramfs.cpio" "$tree/root/guests/ours-initrd.cpio"
cp "$kernel" "$tree/root/guests/kernel"

# Debian's Linux with the test host's busybox initramfs, /init replaced,
# and /sbin/poweroff and /sbin/reboot, which Linux runs for xl shutdown
# and xl reboot (busybox's signal init, which /init turns into the deed).
rm -rf "$out/linux-init"
mkdir -p "$out/linux-init/sbin"
cp "$src/linux-init" "$out/linux-init/init"
chmod 755 "$out/linux-init/init"
ln -s /bin/busybox "$out/linux-init/sbin/poweroff"
ln -s /bin/busybox "$out/linux-init/sbin/reboot"
{
	gzip -dc "$xenhost/linux-domu.cpio.gz"
	(cd "$out/linux-init" && printf 'init\nsbin\nsbin/poweroff\nsbin/reboot\n' | cpio -o -H newc --quiet)
} | gzip -9n >"$tree/root/guests/linux-initrd.gz"
cp "$xenhost/linux-dom0.vmlinuz" "$tree/root/guests/vmlinuz"

cp "$src"/*.cfg "$tree/root/guests/"
sed -e 's/"ours-pv"/"ours-crash"/' -e 's/^extra = .*/extra = "selftest=bad_pointer"/' \
	-e 's/^on_crash = .*/on_crash = "preserve"/' \
	-e 's/^# Our kernel as a PV domU.*/# Our kernel as a PV domU that panics at boot: xl list shows it crashed (on_crash "preserve")./' \
	"$src/ours-pv.cfg" >"$tree/root/guests/ours-crash.cfg"

(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out/guests.cpio"
echo "  GUESTS  $out/guests.cpio ($(du -k "$out/guests.cpio" | cut -f1) KiB)"
