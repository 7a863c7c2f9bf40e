# pv_ops patching: unpatched sites, the test backend (a C op as a direct
# call, inline bytes padded with NOPs), a missing op, and an inline form
# longer than its sites.
area_doc "pv_ops patching: pvpatch=off, the test backend, a missing op, a replacement too long" "6 s"

if check "boot: pvpatch=off (every site an indirect call), self-tests" build; then
	PVH boot-pvpatch-off 120 "$ST pvpatch=off"
	if expect_in_log "boot: pvpatch=off" "pvpatch=off: [0-9]+ sites left as indirect calls"; then
		check_selftests "$CHECK"
	fi
fi
if check "boot: test backend (read_cr2 as a direct call), patched, self-tests" build; then
	PVH boot-pvtest 120 "$ST pvtest pvpatch=verbose"
	if expect_in_log "boot: test backend" "pv_ops backend: pvtest" \
		"pvpatch: [0-9]+ sites for the pvtest backend: [0-9]+ inlined, [0-9]+ direct calls, [0-9]+ NOPs, 0 left indirect" \
		"mmu.read_cr2 +-> call pvtest_read_cr2_thunk" "irq.irq_disable +-> inline 1 bytes \+ 7 NOP bytes"; then
		check_selftests "$CHECK"
	fi
fi
if check "boot: test backend, pvpatch=off, self-tests" build; then
	PVH boot-pvtest-off 120 "$ST pvtest pvpatch=off"
	check_selftests "$CHECK"
fi
for mode in on off; do
	if check "boot: a missing op panics naming it (pvpatch=$mode)" build; then
		PVH boot-missing-op-$mode 60 "isa_debug_exit=0xf4 selftest=missing_op pvtest=missing pvpatch=$mode"
		if [ $rc -ne 5 ]; then
			fail "boot: missing op (pvpatch=$mode)" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
		elif expect_in_log "boot: missing op (pvpatch=$mode)" \
			"Kernel panic: pv_ops: cpu.wbinvd called at selftest_missing_op\+0x[0-9a-f]+/0x[0-9a-f]+, but the pvtest backend does not provide it"; then
			pass "$CHECK"
		fi
	fi
done
# An inline form used for an op it was not declared for (native_load_sp0's
# 8 bytes for cpu.wbinvd's 6-byte sites): the patcher stops the boot naming
# the op and both lengths, rather than leave an indirect call.
if check "boot: a replacement longer than its site stops the boot naming the op and both lengths" build; then
	PVH boot-pvtest-toolong 60 "isa_debug_exit=0xf4 selftest=all pvtest=toolong"
	if [ $rc -ne 5 ]; then
		fail "$CHECK" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
	elif expect_in_log "$CHECK" \
		"Kernel panic: pvpatch: cpu\.wbinvd at [a-z_]+\+0x[0-9a-f]+/0x[0-9a-f]+: the pvtest backend's inline replacement \(8 bytes\) does not fit the (5|6)-byte site"; then
		pass "$CHECK"
	fi
fi
