#!/bin/sh
# Builds a GRUB rescue ISO that boots the kernel through multiboot2, on
# BIOS and (where grub-efi-amd64-bin is installed) UEFI. When BUILD_DIR/xen
# holds Debian's Xen 4.17 (scripts/xen/fetch-xen.sh), a second entry boots
# Xen with the kernel as PV dom0 and a third as PVH dom0 (Xen then needs an
# IOMMU: QEMU -machine q35 -device intel-iommu,intremap=on). ISO_DEFAULT=1
# or 2 makes one of those the default.
# usage: mkiso.sh BUILD_DIR "CMDLINE" OUTPUT.iso [INITRAMFS]
set -eu
build=$1
cmdline=$2
out=$3
initrd=${4:-}

root=$build/iso-root
rm -rf "$root"
mkdir -p "$root/boot/grub"
cp "$build/kernel" "$root/boot/kernel"
module=""
if [ -n "$initrd" ]; then
	cp "$initrd" "$root/boot/initramfs.cpio"
	module="	module2 /boot/initramfs.cpio initramfs"
fi
xen_entry=""
if [ -f "$build/xen/xen-4.17" ]; then
	cp "$build/xen/xen-4.17" "$root/boot/xen-4.17"
	xmodule=""
	[ -n "$initrd" ] && xmodule="	module2 /boot/initramfs.cpio"
	xen_entry="menuentry \"pvkernel as Xen PV dom0 (Xen 4.17)\" {
	multiboot2 /boot/xen-4.17 console=com1,vga com1=115200,8n1 loglvl=all guest_loglvl=all dom0_mem=256M,max:256M
	module2 /boot/kernel $cmdline
$xmodule
	boot
}
menuentry \"pvkernel as Xen PVH dom0 (Xen 4.17; needs an IOMMU)\" {
	multiboot2 /boot/xen-4.17 console=com1,vga com1=115200,8n1 loglvl=all guest_loglvl=all dom0_mem=256M,max:256M dom0=pvh iommu=no-sharept
	module2 /boot/kernel $cmdline
$xmodule
	boot
}"
fi
cat > "$root/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=1
set default=${ISO_DEFAULT:-0}

menuentry "pvkernel (native, multiboot2)" {
	multiboot2 /boot/kernel $cmdline
$module
	boot
}
$xen_entry
CFG
grub-mkrescue -o "$out" "$root" >"$build/grub-mkrescue.log" 2>&1 || {
	cat "$build/grub-mkrescue.log"
	exit 1
}
echo "  ISO     $out"
