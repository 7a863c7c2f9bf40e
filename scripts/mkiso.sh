#!/bin/sh
# Builds a GRUB rescue ISO that boots the kernel through multiboot2, on
# BIOS and (where grub-efi-amd64-bin is installed) UEFI.
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
cat > "$root/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=1
set default=0

menuentry "pvkernel (native, multiboot2)" {
	multiboot2 /boot/kernel $cmdline
$module
	boot
}
CFG
grub-mkrescue -o "$out" "$root" >"$build/grub-mkrescue.log" 2>&1 || {
	cat "$build/grub-mkrescue.log"
	exit 1
}
echo "  ISO     $out"
