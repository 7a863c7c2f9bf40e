# Real Xen 4.17 from Debian, in QEMU: Xen loads the kernel as a PV dom0.
# The PV backend runs the same user-space suite as natively, the kernel's
# self-tests, the hypercall counts of batching, an interactive session,
# GRUB's Xen entry, power control and a crash.
area_doc "the kernel as Xen 4.17's PV dom0 (in QEMU)" "4-5 min"

# The whole user-space suite, as natively: system calls through the
# syscall callback, user-mode tables, FS/GS bases, the iret hypercall.
if check "Xen PV dom0: user space: utest, bbtest, no guest-caused messages in Xen's log" build initramfs xen; then
	XEN_PV xen-pv 1200 "isa_debug_exit=0xf4 -- test"
	if [ $rc -eq 124 ]; then
		fail "Xen PV dom0: user space" "no exit within the time bound"; show_log "$log"
	elif expect_in_log "Xen PV dom0: user space" "Building a PV Dom0" \
		"xen-pv: running on Xen 4\.17\.[0-9]+ as a PV dom0" \
		"xen-pv: start_info: 65536 pages, flags 0x[0-9a-f]*3," \
		"xen-pv: module 0: [0-9]+ bytes at pseudo-physical" \
		"xen-pv: VIRQ_TIMER on port [0-9]+ \(IRQ [0-9]+\): event after [0-9]+ us of Xen time, [1-9][0-9]* upcalls" \
		"kernel: entered through xen-pv \(xen-3\.0-x86_64p, dom0\), pv_ops backend: xen-pv" \
		"pvpatch: xen-pv: [0-9]+ of [0-9]+ ops differ from native:" \
		"utest: [0-9]+ passed, 0 failed" "bbtest: [0-9]+ passed, 0 failed"; then
		# Xen's own log after dom0 started: nothing about the guest.
		warn=$(sed -n '/(XEN) Freed [0-9]*kB init memory/,$p' "$log" | grep -a '^(XEN)' |
			grep -aEi 'd0v|dom0|domain|unhandled|bad|warn|fault|crash' | head -3)
		# The PV entry shares the native entry's tail: one banner, one command line.
		cmdlines=$(grep -acE '^\[ *[0-9.]+\] [a-z0-9-]+: command line: ' "$log")
		if [ $rc -ne 1 ]; then
			fail "Xen PV dom0: user space" "QEMU status $rc, not the pass verdict 1"; show_log "$log"
		elif [ -n "$warn" ]; then
			fail "Xen PV dom0: user space" "Xen logged about the guest: $warn"
		elif [ "$cmdlines" != 1 ]; then
			fail "Xen PV dom0: user space" "the kernel printed its command line $cmdlines times, not once"
		else
			pass "Xen PV dom0: user space: $(grep -ao 'utest: [0-9]* passed' "$log" | tail -1), $(grep -ao 'bbtest: [0-9]* passed' "$log" | tail -1), no guest-caused messages in Xen's log"
		fi
	fi
fi

# make run XEN=pv EXTRA_INITRD=FILE: Xen's dom0 gets the initramfs with FILE appended.
if check "Xen PV dom0: make run XEN=pv EXTRA_INITRD=: the appended archive's files are there" build initramfs extracpio xen; then
	RUN_EXTRA_INITRD xen-pv-extra-initrd 400 pv
	check_extra_initrd "$CHECK"
fi

# Lazy-MMU batching and the context-switch multicall, counted by
# /usr/bin/hcount from /proc/pvops, with batching on and off.
if check "Xen PV dom0: batching: hypercalls unbatched->batched (mprotect, munmap, fork), switch: multicalls/switches" build initramfs xen; then
	for lm in on off; do
		XEN_PV xen-hcount-$lm 200 "isa_debug_exit=0xf4 lazymmu=$lm -- hcount"
	done
	hc() { tr -d '\r' < "$LOGS/xen-hcount-$1.log" | grep -a "^hcount: $2 " | awk -v f="$3" '{ for (i = 3; i < NF; i++) if ($i == f) print $(i + 1) }'; }
	if ! grep -aq "hcount: done, 0 failed" "$LOGS/xen-hcount-on.log" ||
	   ! grep -aq "hcount: done, 0 failed" "$LOGS/xen-hcount-off.log"; then
		fail "Xen PV dom0: batching" "hcount did not finish"; show_log "$LOGS/xen-hcount-on.log"
	else
		why="" summary=""
		for op in mprotect_1024 munmap_1024 fork_1000; do
			on=$(hc on $op hypercalls) off=$(hc off $op hypercalls)
			if [ -z "$on" ] || [ -z "$off" ] || [ "$on" -eq 0 ] || [ $((off / on)) -lt 100 ]; then
				why="$why $op: $off hypercalls unbatched vs $on batched (want 100x);"
			fi
			summary="$summary$op $off->$on, "
		done
		sw=$(hc on switch per) swmc=$(hc on switch multicalls) swhc=$(hc on switch hypercalls)
		if [ "$swmc" != "$sw" ] || [ $((swhc * 100 / sw)) -gt 105 ]; then
			why="$why switch: $swmc multicalls and $swhc hypercalls for $sw switches (want one multicall each);"
		fi
		if [ -n "$why" ]; then
			fail "Xen PV dom0: batching" "$why"
		else
			pass "Xen PV dom0: batching: hypercalls unbatched->batched: ${summary}switch: $swmc multicalls/$sw switches"
		fi
	fi
fi

# A person at Xen's serial line: input by VIRQ_CONSOLE and console_io.
if check "Xen PV dom0: interactive busybox session through Xen's console" build initramfs xen; then
	if XEN=$O/xen/xen-4.17 bash tests/shell-session.sh $O/kernel $O/initramfs.cpio \
		"$LOGS/xen-shell.log" >"$LOGS/xen-shell-steps.log" 2>&1; then
		pass "Xen PV dom0: interactive busybox session through Xen's console ($(grep -c PASS "$LOGS/xen-shell-steps.log") steps)"
	else
		fail "Xen PV dom0: interactive busybox session" "$(grep FAIL "$LOGS/xen-shell-steps.log" | head -1)"
		sed 's/^/      /' "$LOGS/xen-shell-steps.log" | tail -20
	fi
fi

# poweroff in the PV dom0 turns the machine off: the firmware's ACPI tables,
# read at machine addresses, give the PM1 ports and \_S5_; Xen writes them
# (XENPF_enter_acpi_sleep). Without that Xen only halts and QEMU stays on.
if check "Xen PV dom0: ACPI tables at machine addresses, poweroff -f turns the machine off (ACPI S5 through Xen)" build initramfs xen; then
	XEN_TYPED xen-pv-poweroff 120 'poweroff -f' ""
	if [ $rc -ne 0 ]; then
		fail "Xen PV dom0: poweroff" "QEMU status $rc, not 0 from the power-off typed at the prompt"; show_log "$log"
	elif expect_in_log "Xen PV dom0: poweroff" "acpi: OEM '[^']*' rev [0-9]+: [1-9][0-9]* CPUs, .*S5 yes" \
		"xen-pv: powering the machine off \(ACPI S5 by XENPF_enter_acpi_sleep\)" \
		"\(XEN\) Entering ACPI S5 state"; then
		pass "$CHECK"
	fi
fi

# The portable kernel on the PV backend: PV MMU, events, Xen time, self-tests.
if check "Xen PV dom0: the kernel's self-tests on the PV MMU, event channels and Xen time" build initramfs xen; then
	XEN_PV xen-pv-selftests 240 "isa_debug_exit=0xf4 selftest=all"
	if expect_in_log "Xen PV dom0: self-tests" \
		"kernel: entered through xen-pv \(xen-3\.0-x86_64p, dom0\), pv_ops backend: xen-pv" \
		"pvpatch: [0-9]+ sites for the xen-pv backend: .*, 0 left indirect" \
		"xen-pv: clock from vcpu_time_info, one-shot timer by set_timer_op"; then
		check_selftests "$CHECK"
	fi
fi

# As a user would on a real machine: GRUB's menu entry boots Xen, Xen boots us.
if check "GRUB ISO: the Xen 4.17 menu entry boots the kernel as PV dom0, self-tests" build testcpio xen iso:xen; then
	qemu_boot grub-xen 300 -accel tcg -cpu max,-smap,-rdtscp -m 1024 -cdrom $LOGS/xen.iso
	if expect_in_log "GRUB ISO: Xen entry" "\(XEN\) Xen version 4\.17" \
		"kernel: entered through xen-pv"; then
		check_selftests "$CHECK"
	fi
fi
# The same entry from UEFI firmware (OVMF), as most machines boot today.
if check "GRUB ISO, OVMF UEFI: the Xen 4.17 menu entry boots the kernel as PV dom0, self-tests"; then
	if ! have_uefi; then
		skip "GRUB ISO, UEFI: Xen entry" "no OVMF firmware or GRUB EFI modules installed"
	elif need build testcpio xen iso:xen; then
		cp $OVMF_VARS $LOGS/ovmf-vars-xen.fd
		qemu_boot grub-xen-uefi 300 -accel tcg -cpu max,-smap,-rdtscp -m 1024 \
			-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE \
			-drive if=pflash,format=raw,unit=1,file=$LOGS/ovmf-vars-xen.fd -cdrom $LOGS/xen.iso
		if expect_in_log "GRUB ISO, UEFI: Xen entry" "\(XEN\) Xen version 4\.17" "\(XEN\) EFI RAM map" \
			"kernel: entered through xen-pv"; then
			check_selftests "$CHECK"
		fi
	fi
fi

# Reboot of a PV dom0 is SCHEDOP_shutdown; Xen then resets the machine (QEMU exits 0).
if check "Xen PV dom0: reboot through SCHEDOP_shutdown" build initramfs xen; then
	XEN_PV xen-pv-reboot 120 "selftest=reboot"
	if [ $rc -ne 0 ]; then
		fail "Xen PV dom0: reboot" "QEMU status $rc, not 0 from Xen's reset"; show_log "$log"
	elif expect_in_log "Xen PV dom0: reboot" "xen-pv: rebooting \(SCHEDOP_shutdown\)" \
		"Hardware Dom0 shutdown: rebooting machine"; then
		pass "$CHECK"
	fi
fi

# Exceptions reach our handlers through the PV trap table.
if check "Xen PV dom0: a fault reaches our handler through the trap table (registers, CR2 from vcpu_info, backtrace)" build initramfs xen; then
	XEN_PV xen-pv-fault 120 "isa_debug_exit=0xf4 selftest=bad_pointer"
	if [ $rc -ne 5 ]; then
		fail "Xen PV dom0: exceptions" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
	elif expect_in_log "Xen PV dom0: exceptions" "xen-pv: trap table set" \
		"page fault at address ffffdead00000000: no page for write, kernel mode" \
		"CR2: ffffdead00000000" "\] selftest_write_bad_pointer\+0x" "\] xen_pv_start\+0x"; then
		pass "$CHECK"
	fi
fi
