# The same Xen 4.17 boots the kernel as a PVH dom0 (dom0=pvh; Xen then
# needs an IOMMU, so run-xen.sh --pvh gives QEMU a q35 machine with VT-d).
# The kernel comes in through its PVH note, as under QEMU's -kernel, and
# picks the xen-pvh backend by Xen's CPUID leaves: native ops, Xen time,
# events through the HVM callback vector, console_io.
area_doc "the kernel as Xen 4.17's PVH dom0 (in QEMU)" "5-6 min"

if check "build: no rdtscp in the kernel (Xen 4.17 under QEMU's SVM fails a PVH guest that uses it)" build; then
	if objdump -d $O/kernel | grep -qw rdtscp; then
		fail "build: no rdtscp in the kernel" "found: $(objdump -d $O/kernel | grep -w rdtscp | head -1)"
	else
		pass "$CHECK"
	fi
fi

if check "Xen PVH dom0: self-tests (hypercall page through the MSR, shared_info, per-vCPU upcall vector, Xen time, ACPI)" build initramfs xen; then
	XEN_PVH xen-pvh-selftests 180 "isa_debug_exit=0xf4 selftest=all"
	if expect_in_log "Xen PVH dom0: self-tests" "Building a PVH Dom0" \
		"xen-pvh: running on Xen 4\.17\.[0-9]+ as a PVH dom0" \
		"xen-pvh: memory map from XENMEM_memory_map: [0-9]+ entries" \
		"kernel: entered through pvh, pv_ops backend: xen-pvh" \
		"pvpatch: [0-9]+ sites for the xen-pvh backend: [1-9][0-9]* inlined, [0-9]+ direct calls, [0-9]+ NOPs, 0 left indirect" \
		"pvpatch: xen-pvh: 2 of [0-9]+ ops differ from native:" "pvpatch:  time\.clock_ns time\.timer_program" \
		"acpi: OEM '[^']*' rev [0-9]+: 1 CPUs, .*S5 yes" \
		"xen-pvh: events through vCPU 0's upcall vector 0x61 \(IRQ 49\), LAPIC EOI" \
		"xen-pvh: clock from vcpu_time_info, one-shot timer by set_timer_op" \
		"selftest: xen_pvh_hypercalls: PASS" "selftest: xen_pvh_timer_events: PASS"; then
		check_selftests "$CHECK"
	fi
fi

# init runs utest and the busybox script; its exit status is the verdict, through port 0xf4.
if check "Xen PVH dom0: user-space suite: utest, bbtest" build initramfs xen; then
	XEN_PVH xen-pvh-user 1200 "isa_debug_exit=0xf4 -- test"
	if [ $rc -eq 124 ]; then
		fail "Xen PVH dom0: user-space suite" "no verdict within the time bound (hang)"; show_log "$log" 40
	elif grep -aq "Kernel panic\|boot failed" "$log"; then
		fail "Xen PVH dom0: user-space suite" "the kernel panicked or stopped"; show_log "$log" 60
	# Xen emulates rdtsc for a PVH domain under QEMU (no TSC it trusts), so
	# CPU time is sampled there, and the suite's CPU-time cases check that way.
	elif expect_in_log "Xen PVH dom0: user-space suite" "pv_ops backend: xen-pvh" \
		"cputime: sampled: user/system split by a 100 Hz tick" \
		"utest: [0-9]+ passed, 0 failed" "bbtest: [0-9]+ passed, 0 failed" \
		"init: tests: utest passed, bbtest passed"; then
		if [ $rc -eq 1 ]; then
			pass "Xen PVH dom0: user-space suite: $(grep -ao 'utest: [0-9]* passed' "$log" | tail -1), $(grep -ao 'bbtest: [0-9]* passed' "$log" | tail -1), CPU time sampled"
		else
			fail "Xen PVH dom0: user-space suite" "summaries passed but QEMU exited $rc, not the pass verdict 1"
		fi
	fi
fi

# make run XEN=pvh EXTRA_INITRD=FILE: Xen's dom0 gets the initramfs with FILE appended.
if check "Xen PVH dom0: make run XEN=pvh EXTRA_INITRD=: the appended archive's files are there" build initramfs extracpio xen; then
	RUN_EXTRA_INITRD xen-pvh-extra-initrd 400 pvh
	check_extra_initrd "$CHECK"
fi

# Reboot is SCHEDOP_shutdown; Xen then resets the machine (QEMU exits 0).
if check "Xen PVH dom0: reboot through SCHEDOP_shutdown" build initramfs xen; then
	XEN_PVH xen-pvh-reboot 120 "selftest=reboot"
	if [ $rc -ne 0 ]; then
		fail "Xen PVH dom0: reboot" "QEMU status $rc, not 0 from Xen's reset"; show_log "$log"
	elif expect_in_log "Xen PVH dom0: reboot" "xen-pvh: rebooting \(SCHEDOP_shutdown\)" \
		"Hardware Dom0 shutdown: rebooting machine"; then
		pass "$CHECK"
	fi
fi

# Console input: Xen hands serial input to dom0 (VIRQ_CONSOLE, CONSOLEIO_read).
# A line typed at the shell prompt is run; its poweroff -f ends the boot:
# dom0 asks Xen for ACPI S5 (XENPF_enter_acpi_sleep) and QEMU powers off.
# This boot takes its events through the domain-wide callback vector
# (xen_upcall=callback), the fallback for a Xen without upcall vectors.
if check "Xen PVH dom0: console input through VIRQ_CONSOLE and console_io, events by the callback vector (a command typed at the busybox prompt runs), poweroff -f turns the machine off (ACPI S5 through Xen)" build initramfs xen; then
	XEN_TYPED xen-pvh-console 120 'sleep 1; echo $((6*7))xyz; poweroff -f' --pvh "xen_upcall=callback"
	if [ $rc -ne 0 ]; then
		fail "Xen PVH dom0: console input" "QEMU status $rc, not 0 from the power-off typed at the prompt"; show_log "$log"
	elif expect_in_log "Xen PVH dom0: console input" "xen-pvh: events through callback vector 0x61 \(IRQ 49\)" \
		"^42xyz" "xen-pvh: powering the machine off \(ACPI S5 by XENPF_enter_acpi_sleep\)" \
		"\(XEN\) Entering ACPI S5 state"; then
		pass "$CHECK"
	fi
fi

# GRUB's third menu entry: Xen from the ISO, the kernel as PVH dom0.
if check "GRUB ISO: the Xen 4.17 PVH menu entry boots the kernel as PVH dom0, self-tests" build testcpio xen iso:xen-pvh; then
	qemu_boot grub-xen-pvh 300 -accel tcg -machine q35 -device intel-iommu,intremap=on \
		-cpu max,-smap,-rdtscp -m 1024 -cdrom $LOGS/xen-pvh.iso
	if expect_in_log "GRUB ISO: Xen PVH entry" "\(XEN\) Xen version 4\.17" \
		"Building a PVH Dom0" "kernel: entered through pvh, pv_ops backend: xen-pvh"; then
		check_selftests "$CHECK"
	fi
fi
if check "GRUB ISO, OVMF UEFI: the Xen 4.17 PVH menu entry boots the kernel as PVH dom0, self-tests"; then
	if ! have_uefi; then
		skip "GRUB ISO, UEFI: Xen PVH entry" "no OVMF firmware or GRUB EFI modules installed"
	elif need build testcpio xen iso:xen-pvh; then
		cp $OVMF_VARS $LOGS/ovmf-vars-xen-pvh.fd
		qemu_boot grub-xen-pvh-uefi 300 -accel tcg -machine q35 -device intel-iommu,intremap=on \
			-cpu max,-smap,-rdtscp -m 1024 \
			-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE \
			-drive if=pflash,format=raw,unit=1,file=$LOGS/ovmf-vars-xen-pvh.fd -cdrom $LOGS/xen-pvh.iso
		if expect_in_log "GRUB ISO, UEFI: Xen PVH entry" "\(XEN\) Xen version 4\.17" "\(XEN\) EFI RAM map" \
			"Building a PVH Dom0" "kernel: entered through pvh, pv_ops backend: xen-pvh"; then
			check_selftests "$CHECK"
		fi
	fi
fi
