# QEMU -kernel: the PVH entry under TCG with the in-kernel self-tests.
area_doc "QEMU -kernel (PVH entry) boot with the self-tests" "a few seconds"

if check "boot: QEMU -kernel (PVH entry), TCG, self-tests" build; then
	PVH boot-pvh 120 "$ST"
	if expect_in_log "$CHECK" "pvpatch: native: all [0-9]+ ops are native"; then
		check_selftests "$CHECK"
	fi
fi
