# The bare-metal path: a GRUB rescue ISO (multiboot2) from SeaBIOS and from
# OVMF UEFI, with the small test initramfs as a module.
area_doc "GRUB ISO (multiboot2) from SeaBIOS and OVMF UEFI" "10 s"

if check "boot: GRUB ISO (multiboot2), SeaBIOS, self-tests" build testcpio iso:test; then
	qemu_boot grub-bios 180 -accel tcg -m 128 -cdrom $LOGS/test.iso
	if expect_in_log "boot: GRUB ISO, BIOS" "entered through multiboot2 \(GRUB" \
		"initramfs: module 0: cpio archive"; then
		check_selftests "$CHECK"
	fi
fi
if check "boot: GRUB ISO (multiboot2), OVMF UEFI, self-tests"; then
	if ! have_uefi; then
		skip "boot: GRUB ISO, UEFI" "no OVMF firmware or GRUB EFI modules installed"
	elif need build testcpio iso:test; then
		cp $OVMF_VARS $LOGS/ovmf-vars.fd
		qemu_boot grub-uefi 300 -accel tcg -machine q35 -m 256 \
			-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE \
			-drive if=pflash,format=raw,unit=1,file=$LOGS/ovmf-vars.fd -cdrom $LOGS/test.iso
		if expect_in_log "boot: GRUB ISO, UEFI" "entered through multiboot2 \(GRUB"; then
			check_selftests "$CHECK"
		fi
	fi
fi
