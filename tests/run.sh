#!/bin/bash
# The test suite: host unit tests, a build of every tests/configs/*.config,
# and boots in QEMU (PVH entry, GRUB BIOS and UEFI, KVM where it is real)
# that read what the kernel printed. Every boot has a time bound.
# Results: PASS, FAIL (the kernel is wrong), ERROR (the test could not
# run as written), SKIP (not applicable here, with the reason).
# usage: tests/run.sh [--quick]
set -u
cd "$(dirname "$0")/.."

QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
O=build
T=$O/tests
mkdir -p "$T"
JOBS=$(nproc 2>/dev/null || echo 2)
passed=0 failed=0 skipped=0

pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1: $2"; failed=$((failed + 1)); }
error() { echo "ERROR $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP  $1: $2"; skipped=$((skipped + 1)); }

# Shows the end of a log under a failure so CI output explains itself.
show_log() { echo "      --- last lines of $1 ---"; tail -n "${2:-25}" "$1" | sed 's/^/      | /'; }

# qemu_boot NAME TIMEOUT QEMU-ARGS...: runs QEMU with the debug-exit device;
# sets $log and $rc (QEMU's status: 1 pass, 3 fail, 5 panic, 124 timeout).
qemu_boot() {
	local name=$1 tmo=$2
	shift 2
	log=$T/$name.log
	timeout "$tmo" qemu-system-x86_64 -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 "$@" </dev/null >"$log" 2>&1
	rc=$?
}

# check_selftests NAME: the verdict of a boot that ran selftest=all.
check_selftests() {
	local name=$1
	if [ $rc -eq 124 ]; then
		fail "$name" "no verdict within the time bound (hang)"; show_log "$log"
	elif grep -aq "Kernel panic\|boot failed" "$log"; then
		fail "$name" "the kernel panicked or stopped"; show_log "$log" 40
	elif ! grep -aq "selftest: summary: [0-9]* passed, 0 failed" "$log"; then
		fail "$name" "no passing self-test summary (QEMU status $rc)"; show_log "$log"
	elif [ $rc -ne 1 ]; then
		fail "$name" "summary passed but QEMU exited $rc, not the pass verdict 1"
	else
		pass "$name ($(grep -ao 'summary: [0-9]* passed' "$log" | head -1 | cut -d' ' -f2) self-tests)"
	fi
}

# expect_in_log NAME PATTERN...: every pattern must appear (grep -E).
expect_in_log() {
	local name=$1 p
	shift
	for p in "$@"; do
		if ! grep -aqE "$p" "$log"; then
			fail "$name" "missing from the log: $p"; show_log "$log"
			return 1
		fi
	done
	return 0
}

ST="isa_debug_exit=0xf4 selftest=all"
PVH() { qemu_boot "$1" "$2" -accel tcg -m "${MEM:-128}" -kernel "${KERNEL:-$O/kernel}" -append "$3" "${@:4}"; }

# ---------------------------------------------------------------- unit tests
if make -s unit >"$T/unit.log" 2>&1; then
	pass "unit tests ($(tail -n 1 "$T/unit.log" | sed 's/unit tests: //'))"
else
	fail "unit tests" "$(grep -a 'FAIL\|crashed\|error' "$T/unit.log" | head -5 | tr '\n' ' ')"
	show_log "$T/unit.log"
fi

# ---------------------------------------------------------------- default build
if ! make -s -j"$JOBS" >"$T/build.log" 2>&1; then
	fail "build" "make failed"; show_log "$T/build.log"
	echo "$passed passed, $failed failed, $skipped skipped"
	exit 1
fi
pass "build ($O/kernel, $(stat -c %s $O/kernel) bytes)"

# ---------------------------------------------------------------- native boot
PVH boot-pvh 120 "$ST"
if expect_in_log "boot: QEMU -kernel (PVH entry), TCG, self-tests" \
	"pvpatch: native: all [0-9]+ ops are native"; then
	check_selftests "boot: QEMU -kernel (PVH entry), TCG, self-tests"
fi

# ---------------------------------------------------------------- user space
# init in test mode runs the user-space suite and the busybox script; its
# exit status is the boot's verdict.
if make -s initramfs >"$T/initramfs.log" 2>&1; then
	PVH boot-user 600 "isa_debug_exit=0xf4 -- test" -m 256 -initrd $O/initramfs.cpio
	if [ $rc -eq 124 ]; then
		fail "user space: test suite" "no verdict within the time bound (hang)"; show_log "$log" 40
	elif grep -aq "Kernel panic" "$log"; then
		fail "user space: test suite" "the kernel panicked"; show_log "$log" 60
	elif expect_in_log "user space: utest" "utest: [0-9]+ passed, 0 failed" &&
	     expect_in_log "user space: busybox script" "bbtest: [0-9]+ passed, 0 failed" &&
	     expect_in_log "user space: verdict" "init: tests: utest passed, bbtest passed"; then
		if [ $rc -eq 1 ]; then
			pass "user space: $(grep -ao 'utest: [0-9]* passed' "$log" | tail -1), $(grep -ao 'bbtest: [0-9]* passed' "$log" | tail -1) (musl suite, Debian busybox-static)"
		else
			fail "user space: test suite" "summaries passed but QEMU exited $rc"
		fi
	fi
	if bash tests/shell-session.sh $O/kernel $O/initramfs.cpio "$T/shell.log" >"$T/shell-steps.log" 2>&1; then
		pass "user space: interactive busybox session ($(grep -c PASS "$T/shell-steps.log") steps: pipeline, loop, ^C, segfault, EFAULT, /proc)"
	else
		fail "user space: interactive busybox session" "$(grep FAIL "$T/shell-steps.log" | head -1)"
		sed 's/^/      /' "$T/shell-steps.log" | tail -20
	fi
else
	fail "user space" "building the initramfs failed"; show_log "$T/initramfs.log"
fi

if [ $QUICK -eq 1 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
	[ $failed -eq 0 ]
	exit
fi

# ---------------------------------------------------------------- pv_ops patching
PVH boot-pvpatch-off 120 "$ST pvpatch=off"
if expect_in_log "boot: pvpatch=off" "pvpatch=off: [0-9]+ sites left as indirect calls"; then
	check_selftests "boot: pvpatch=off (every site an indirect call), self-tests"
fi
PVH boot-pvtest 120 "$ST pvtest pvpatch=verbose"
if expect_in_log "boot: test backend" "pv_ops backend: pvtest" \
	"pvpatch: [0-9]+ sites for the pvtest backend: [0-9]+ inlined, [0-9]+ direct calls, [0-9]+ NOPs, 0 left indirect" \
	"mmu.read_cr2 +-> call pvtest_read_cr2_thunk" "irq.irq_disable +-> inline 1 bytes \+ 7 NOP bytes"; then
	check_selftests "boot: test backend (read_cr2 as a direct call), patched, self-tests"
fi
PVH boot-pvtest-off 120 "$ST pvtest pvpatch=off"
check_selftests "boot: test backend, pvpatch=off, self-tests"
for mode in on off; do
	PVH boot-missing-op-$mode 60 "isa_debug_exit=0xf4 selftest=missing_op pvtest=missing pvpatch=$mode"
	if [ $rc -ne 5 ]; then
		fail "boot: missing op (pvpatch=$mode)" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
	elif expect_in_log "boot: missing op (pvpatch=$mode)" \
		"Kernel panic: pv_ops: cpu.wbinvd called at selftest_missing_op\+0x[0-9a-f]+/0x[0-9a-f]+, but the pvtest backend does not provide it"; then
		pass "boot: a missing op panics naming it (pvpatch=$mode)"
	fi
done

# ---------------------------------------------------------------- configs
for cfg in tests/configs/*.config; do
	name=$(basename "$cfg" .config)
	dir=$O/configs/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$cfg" "$dir/.config"
	if ! make -s O="$dir" olddefconfig >"$T/config-$name.log" 2>&1 ||
	   ! make -s -j"$JOBS" O="$dir" >>"$T/config-$name.log" 2>&1; then
		fail "config $name" "build failed"; show_log "$T/config-$name.log"
		continue
	fi
	# Every line of the fragment must survive olddefconfig (catches renamed options).
	lost=$(grep -E '^(CONFIG_|# CONFIG_)' "$cfg" | while read -r line; do
		grep -qxF "$line" "$dir/.config" || echo "$line"; done)
	if [ -n "$lost" ]; then
		error "config $name" "options not in the resulting .config: $lost"
		continue
	fi
	pass "config $name builds"
done

# allyes has retpolines: unpatched sites go through them.
if [ -f $O/configs/allyes/kernel ]; then
	for mode in on off; do
		KERNEL=$O/configs/allyes/kernel PVH boot-allyes-$mode 120 "$ST pvpatch=$mode"
		check_selftests "boot: allyes kernel (retpolines), pvpatch=$mode, self-tests"
	done
fi
# The native-only baseline must run, not just build.
if [ -f $O/configs/paravirt-off/kernel ]; then
	KERNEL=$O/configs/paravirt-off/kernel PVH boot-paravirt-off 120 "$ST"
	check_selftests "boot: CONFIG_PARAVIRT=n kernel, self-tests"
fi

# ---------------------------------------------------------------- edge cases
MEM=24 PVH boot-mem24 120 "$ST"
check_selftests "boot: 24 MiB of RAM"

PVH boot-unknown-opt 120 "$ST frobnicate=1 loglevel=banana"
if expect_in_log "boot: unknown and bad options" \
	"unknown command-line option 'frobnicate' ignored" \
	"bad value for command-line option 'loglevel': 'banana'"; then
	check_selftests "boot: unknown and bad options are reported, boot goes on"
fi

# A good and a corrupted initramfs module.
mkdir -p "$T/initramfs/etc" "$T/initramfs/bin"
echo "hello from the initramfs" > "$T/initramfs/etc/motd"
printf '#!/bin/sh\necho hi\n' > "$T/initramfs/bin/hello"
(cd "$T/initramfs" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$T/initramfs.cpio"
PVH boot-initramfs 120 "$ST" -initrd "$T/initramfs.cpio"
if expect_in_log "boot: initramfs" "initramfs: module 0: cpio archive, 2 files, 3 directories"; then
	check_selftests "boot: initramfs module found and walked"
fi
cp "$T/initramfs.cpio" "$T/initramfs-bad.cpio"
printf 'XXXXXX' | dd of="$T/initramfs-bad.cpio" bs=1 seek=0 conv=notrunc 2>/dev/null
PVH boot-initramfs-bad 120 "$ST" -initrd "$T/initramfs-bad.cpio"
if expect_in_log "boot: corrupted initramfs" \
	"initramfs: module 0 .* is not a valid newc cpio archive: bad cpio magic at offset 0"; then
	check_selftests "boot: corrupted initramfs is reported, boot goes on"
fi

# A deliberate bad pointer: the panic shows registers and a symbolized backtrace.
PVH boot-crash 60 "isa_debug_exit=0xf4 selftest=bad_pointer"
if [ $rc -ne 5 ]; then
	fail "boot: bad pointer panics with a backtrace" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
elif expect_in_log "boot: bad pointer panics with a backtrace" \
	"page fault at address ffffdead00000000: no page for write, kernel mode" \
	"RIP: 0008:" "Call trace:" \
	"\] selftest_write_bad_pointer\+0x[0-9a-f]+/0x[0-9a-f]+" \
	"\] selftests_run\+0x" "\] kernel_main\+0x"; then
	pass "boot: bad pointer panics with registers and a symbolized backtrace"
fi

PVH boot-write-text 60 "isa_debug_exit=0xf4 selftest=write_text"
if [ $rc -ne 5 ]; then
	fail "boot: write to kernel text faults" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
elif expect_in_log "boot: write to kernel text faults" \
	"page fault at address ffffffff80100000: protection violation on write, kernel mode" \
	"\] selftest_write_text\+0x"; then
	pass "boot: a write to kernel text faults (text is read-only)"
fi

# Without isa_debug_exit the verdict ends in a real power-off (ACPI S5),
# which QEMU shows by exiting 0; a failed power-off halts until the timeout.
PVH boot-poweroff 120 "selftest=all"
if [ $rc -ne 0 ]; then
	fail "boot: ACPI power-off" "QEMU status $rc, not 0 from a power-off"; show_log "$log"
elif expect_in_log "boot: ACPI power-off" "selftest: summary: [0-9]+ passed, 0 failed" \
	"power: powering off \(ACPI S5\)"; then
	pass "boot: self-tests end in an ACPI S5 power-off"
fi
# -no-reboot turns the reset into QEMU's exit 0; a failed reset halts until the timeout.
PVH boot-reboot 60 "selftest=reboot"
if [ $rc -ne 0 ]; then
	fail "boot: reboot" "QEMU status $rc, not 0 from a reset"; show_log "$log"
elif expect_in_log "boot: reboot" "power: rebooting"; then
	pass "boot: reboot resets the machine"
fi

# ---------------------------------------------------------------- GRUB ISO
if sh scripts/mkiso.sh $O "$ST" $T/test.iso "$T/initramfs.cpio" >"$T/iso.log" 2>&1; then
	qemu_boot grub-bios 180 -accel tcg -m 128 -cdrom $T/test.iso
	if expect_in_log "boot: GRUB ISO, BIOS" "entered through multiboot2 \(GRUB" \
		"initramfs: module 0: cpio archive"; then
		check_selftests "boot: GRUB ISO (multiboot2), SeaBIOS, self-tests"
	fi
	ovmf=/usr/share/OVMF/OVMF_CODE_4M.fd
	if [ -f $ovmf ] && [ -d /usr/lib/grub/x86_64-efi ]; then
		cp /usr/share/OVMF/OVMF_VARS_4M.fd $T/ovmf-vars.fd
		qemu_boot grub-uefi 300 -accel tcg -machine q35 -m 256 \
			-drive if=pflash,format=raw,unit=0,readonly=on,file=$ovmf \
			-drive if=pflash,format=raw,unit=1,file=$T/ovmf-vars.fd -cdrom $T/test.iso
		if expect_in_log "boot: GRUB ISO, UEFI" "entered through multiboot2 \(GRUB"; then
			check_selftests "boot: GRUB ISO (multiboot2), OVMF UEFI, self-tests"
		fi
	else
		skip "boot: GRUB ISO, UEFI" "no OVMF firmware or GRUB EFI modules installed"
	fi
else
	error "GRUB ISO" "grub-mkrescue failed"; show_log "$T/iso.log"
fi

# ---------------------------------------------------------------- Xen
# Real Xen 4.17 from Debian, in QEMU: Xen loads the kernel as a PV dom0.
# The PV backend runs the same user-space suite as natively, the kernel's
# self-tests, the hypercall counts of batching, an interactive session,
# power control and a crash.
if bash scripts/xen/fetch-xen.sh $O/xen >"$T/xen-fetch.log" 2>&1; then
	# The whole user-space suite, as natively: system calls through the
	# syscall callback, user-mode tables, FS/GS bases, the iret hypercall.
	log=$T/xen-pv.log
	bash scripts/xen/run-xen.sh --test --timeout 400 $O/xen/xen-4.17 $O/kernel \
		"isa_debug_exit=0xf4 -- test" $O/initramfs.cpio >"$log" 2>&1
	rc=$?
	if [ $rc -eq 124 ]; then
		fail "Xen PV dom0: user space" "no exit within the time bound"; show_log "$log"
	elif expect_in_log "Xen PV dom0: user space" "Building a PV Dom0" \
		"xen-pv: running on Xen 4\.17\.[0-9]+ as a PV dom0" \
		"xen-pv: start_info: 65536 pages, flags 0x[0-9a-f]*3," \
		"xen-pv: module 0: [0-9]+ bytes at pseudo-physical" \
		"xen-pv: VIRQ_TIMER on port [0-9]+ \(IRQ [0-9]+\): event after [0-9]+ us of Xen time, [1-9][0-9]* upcalls" \
		"xen-pv: pv_ops backend: xen-pv" \
		"utest: [0-9]+ passed, 0 failed" "bbtest: [0-9]+ passed, 0 failed"; then
		# Xen's own log after dom0 started: nothing about the guest.
		warn=$(sed -n '/(XEN) Freed [0-9]*kB init memory/,$p' "$log" | grep -a '^(XEN)' |
			grep -aEi 'd0v|dom0|domain|unhandled|bad|warn|fault|crash' | head -3)
		if [ $rc -ne 1 ]; then
			fail "Xen PV dom0: user space" "QEMU status $rc, not the pass verdict 1"; show_log "$log"
		elif [ -n "$warn" ]; then
			fail "Xen PV dom0: user space" "Xen logged about the guest: $warn"
		else
			pass "Xen PV dom0: user space: $(grep -ao 'utest: [0-9]* passed' "$log" | tail -1), $(grep -ao 'bbtest: [0-9]* passed' "$log" | tail -1), no guest-caused messages in Xen's log"
		fi
	fi

	# Lazy-MMU batching and the context-switch multicall, counted by
	# /usr/bin/hcount from /proc/pvops, with batching on and off.
	for lm in on off; do
		bash scripts/xen/run-xen.sh --test --timeout 200 $O/xen/xen-4.17 $O/kernel \
			"isa_debug_exit=0xf4 lazymmu=$lm -- hcount" $O/initramfs.cpio >"$T/xen-hcount-$lm.log" 2>&1
	done
	hc() { tr -d '\r' < "$T/xen-hcount-$1.log" | grep -a "^hcount: $2 " | awk -v f="$3" '{ for (i = 3; i < NF; i++) if ($i == f) print $(i + 1) }'; }
	if ! grep -aq "hcount: done, 0 failed" "$T/xen-hcount-on.log" ||
	   ! grep -aq "hcount: done, 0 failed" "$T/xen-hcount-off.log"; then
		fail "Xen PV dom0: batching" "hcount did not finish"; show_log "$T/xen-hcount-on.log"
	else
		why=""
		for op in mprotect_1024 munmap_1024 fork_1000; do
			on=$(hc on $op hypercalls) off=$(hc off $op hypercalls)
			if [ -z "$on" ] || [ -z "$off" ] || [ "$on" -eq 0 ] || [ $((off / on)) -lt 32 ]; then
				why="$why $op: $off hypercalls unbatched vs $on batched (want 32x);"
			fi
			summary="${summary:-}$op $off->$on, "
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

	# A person at Xen's serial line: input by VIRQ_CONSOLE and console_io.
	if XEN=$O/xen/xen-4.17 bash tests/shell-session.sh $O/kernel $O/initramfs.cpio \
		"$T/xen-shell.log" >"$T/xen-shell-steps.log" 2>&1; then
		pass "Xen PV dom0: interactive busybox session through Xen's console ($(grep -c PASS "$T/xen-shell-steps.log") steps)"
	else
		fail "Xen PV dom0: interactive busybox session" "$(grep FAIL "$T/xen-shell-steps.log" | head -1)"
		sed 's/^/      /' "$T/xen-shell-steps.log" | tail -20
	fi

	# The portable kernel on the PV backend: PV MMU, events, Xen time, self-tests.
	log=$T/xen-pv-selftests.log
	bash scripts/xen/run-xen.sh --test --timeout 240 $O/xen/xen-4.17 $O/kernel \
		"isa_debug_exit=0xf4 selftest=all" $O/initramfs.cpio >"$log" 2>&1
	rc=$?
	if expect_in_log "Xen PV dom0: self-tests" \
		"kernel: entered through xen-pv \(xen-3\.0-x86_64p, dom0\), pv_ops backend: xen-pv" \
		"pvpatch: [0-9]+ sites for the xen-pv backend: .*, 0 left indirect" \
		"xen-pv: clock from vcpu_time_info, one-shot timer by set_timer_op"; then
		check_selftests "Xen PV dom0: the kernel's self-tests on the PV MMU, event channels and Xen time"
	fi

	# As a user would on a real machine: GRUB's menu entry boots Xen, Xen boots us.
	if ISO_DEFAULT=1 sh scripts/mkiso.sh $O "$ST" $T/xen.iso "$T/initramfs.cpio" >"$T/xen-iso.log" 2>&1; then
		qemu_boot grub-xen 300 -accel tcg -cpu max,-smap,-rdtscp -m 1024 -cdrom $T/xen.iso
		if expect_in_log "GRUB ISO: Xen entry" "\(XEN\) Xen version 4\.17" \
			"kernel: entered through xen-pv"; then
			check_selftests "GRUB ISO: the Xen 4.17 menu entry boots the kernel as PV dom0, self-tests"
		fi
		# The same entry from UEFI firmware (OVMF), as most machines boot today.
		if [ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] && [ -d /usr/lib/grub/x86_64-efi ]; then
			cp /usr/share/OVMF/OVMF_VARS_4M.fd $T/ovmf-vars-xen.fd
			qemu_boot grub-xen-uefi 300 -accel tcg -cpu max,-smap,-rdtscp -m 1024 \
				-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
				-drive if=pflash,format=raw,unit=1,file=$T/ovmf-vars-xen.fd -cdrom $T/xen.iso
			if expect_in_log "GRUB ISO, UEFI: Xen entry" "\(XEN\) Xen version 4\.17" "\(XEN\) EFI RAM map" \
				"kernel: entered through xen-pv"; then
				check_selftests "GRUB ISO, OVMF UEFI: the Xen 4.17 menu entry boots the kernel as PV dom0, self-tests"
			fi
		else
			skip "GRUB ISO, UEFI: Xen entry" "no OVMF firmware or GRUB EFI modules installed"
		fi
	else
		error "GRUB ISO: Xen entry" "grub-mkrescue failed"; show_log "$T/xen-iso.log"
	fi

	# Reboot of a PV dom0 is SCHEDOP_shutdown; Xen then resets the machine (QEMU exits 0).
	log=$T/xen-pv-reboot.log
	bash scripts/xen/run-xen.sh --test --timeout 120 $O/xen/xen-4.17 $O/kernel \
		"selftest=reboot" $O/initramfs.cpio >"$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "Xen PV dom0: reboot" "QEMU status $rc, not 0 from Xen's reset"; show_log "$log"
	elif expect_in_log "Xen PV dom0: reboot" "xen-pv: rebooting \(SCHEDOP_shutdown\)" \
		"Hardware Dom0 shutdown: rebooting machine"; then
		pass "Xen PV dom0: reboot through SCHEDOP_shutdown"
	fi

	# Exceptions reach our handlers through the PV trap table.
	log=$T/xen-pv-fault.log
	bash scripts/xen/run-xen.sh --test --timeout 120 $O/xen/xen-4.17 $O/kernel \
		"isa_debug_exit=0xf4 selftest=bad_pointer" $O/initramfs.cpio >"$log" 2>&1
	rc=$?
	if [ $rc -ne 5 ]; then
		fail "Xen PV dom0: exceptions" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
	elif expect_in_log "Xen PV dom0: exceptions" "xen-pv: trap table set" \
		"page fault at address ffffdead00000000: no page for write, kernel mode" \
		"CR2: ffffdead00000000" "\] selftest_write_bad_pointer\+0x" "\] xen_pv_start\+0x"; then
		pass "Xen PV dom0: a fault reaches our handler through the trap table (registers, CR2 from vcpu_info, backtrace)"
	fi
else
	error "Xen PV dom0" "could not fetch Debian's xen-hypervisor-4.17-amd64"; show_log "$T/xen-fetch.log"
fi

# ---------------------------------------------------------------- Xen PV domU networking
# netfront and the IPv4 stack against Linux's netback: one boot of the Linux
# dom0 test host (make xenhost) running tests/xen-net-dom0.sh (ping, ARP,
# fragments, UDP echo, socket-call checks, close on xl shutdown).
if [ $QUICK = 1 ]; then
	skip "xen domU net" "--quick"
elif ! make -s xenhost >"$T/xenhost.log" 2>&1; then
	error "xen domU net" "make xenhost failed"; show_log "$T/xenhost.log"
else
	log=$T/xen-net.log
	start=$(date +%s)
	bash tests/xen-net.sh $O/xenhost $O >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	grep -a '^nettest: .*FAILED' "$log" | sed 's/^/      /'
	if [ $rc -eq 0 ] && grep -aq '^nettest: [0-9]* passed, 0 failed' "$log"; then
		pass "xen domU net ($(grep -ao '^nettest: [0-9]* passed' "$log" | cut -d' ' -f2) checks, ${secs} s)"
	elif [ $rc -ge 200 ]; then
		error "xen domU net" "the test host hung or broke (run-host.sh status $rc)"; show_log "$log"
	else
		fail "xen domU net" "$(grep -ao '^nettest: [0-9]* passed, [0-9]* failed' "$log" || echo "no summary (status $rc)")"
	fi
fi

# ---------------------------------------------------------------- KVM
# /dev/kvm alone proves nothing: here it is a software hypervisor without
# VMX/SVM, on which a boot would take hours.
if [ ! -c /dev/kvm ]; then
	skip "boot: KVM" "no /dev/kvm on this machine"
elif ! grep -qwE 'vmx|svm' /proc/cpuinfo; then
	skip "boot: KVM" "/dev/kvm exists but the CPU has no VMX/SVM (a software hypervisor: a boot would be emulated instruction by instruction)"
else
	qemu_boot boot-kvm 120 -enable-kvm -cpu host,-arch-capabilities -m 128 -kernel $O/kernel -append "$ST"
	check_selftests "boot: QEMU -kernel under KVM, self-tests"
fi

# ---------------------------------------------------------------- Xen PVH
# The same Xen 4.17 boots the kernel as a PVH dom0 (dom0=pvh; Xen then
# needs an IOMMU, so run-xen.sh --pvh gives QEMU a q35 machine with VT-d).
# The kernel comes in through its PVH note, as under QEMU's -kernel, and
# picks the xen-pvh backend by Xen's CPUID leaves: native ops, Xen time,
# events through the HVM callback vector, console_io.
if objdump -d $O/kernel | grep -qw rdtscp; then
	fail "build: no rdtscp in the kernel" "found: $(objdump -d $O/kernel | grep -w rdtscp | head -1)"
else
	pass "build: no rdtscp in the kernel (Xen 4.17 under QEMU's SVM fails a PVH guest that uses it)"
fi
if [ -f $O/xen/xen-4.17 ] && [ -f $O/initramfs.cpio ]; then
	XPVH() { bash scripts/xen/run-xen.sh --test --pvh --timeout "$1" $O/xen/xen-4.17 $O/kernel "$2" $O/initramfs.cpio >"$log" 2>&1; rc=$?; }

	log=$T/xen-pvh-selftests.log
	XPVH 180 "isa_debug_exit=0xf4 selftest=all"
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
		check_selftests "Xen PVH dom0: self-tests (hypercall page through the MSR, shared_info, per-vCPU upcall vector, Xen time, ACPI)"
	fi

	# init runs utest and the busybox script; its exit status is the verdict, through port 0xf4.
	log=$T/xen-pvh-user.log
	XPVH 600 "isa_debug_exit=0xf4 -- test"
	if [ $rc -eq 124 ]; then
		fail "Xen PVH dom0: user-space suite" "no verdict within the time bound (hang)"; show_log "$log" 40
	elif grep -aq "Kernel panic\|boot failed" "$log"; then
		fail "Xen PVH dom0: user-space suite" "the kernel panicked or stopped"; show_log "$log" 60
	elif expect_in_log "Xen PVH dom0: user-space suite" "pv_ops backend: xen-pvh" \
		"utest: [0-9]+ passed, 0 failed" "bbtest: [0-9]+ passed, 0 failed" \
		"init: tests: utest passed, bbtest passed"; then
		if [ $rc -eq 1 ]; then
			pass "Xen PVH dom0: user-space suite: $(grep -ao 'utest: [0-9]* passed' "$log" | tail -1), $(grep -ao 'bbtest: [0-9]* passed' "$log" | tail -1)"
		else
			fail "Xen PVH dom0: user-space suite" "summaries passed but QEMU exited $rc, not the pass verdict 1"
		fi
	fi

	# Reboot is SCHEDOP_shutdown; Xen then resets the machine (QEMU exits 0).
	log=$T/xen-pvh-reboot.log
	XPVH 120 "selftest=reboot"
	if [ $rc -ne 0 ]; then
		fail "Xen PVH dom0: reboot" "QEMU status $rc, not 0 from Xen's reset"; show_log "$log"
	elif expect_in_log "Xen PVH dom0: reboot" "xen-pvh: rebooting \(SCHEDOP_shutdown\)" \
		"Hardware Dom0 shutdown: rebooting machine"; then
		pass "Xen PVH dom0: reboot through SCHEDOP_shutdown"
	fi

	# Console input: Xen hands serial input to dom0 (VIRQ_CONSOLE, CONSOLEIO_read).
	# A line typed at the shell prompt is run; its poweroff -f ends the boot:
	# dom0 asks Xen for ACPI S5 (XENPF_enter_acpi_sleep) and QEMU powers off.
	# This boot takes its events through the domain-wide callback vector
	# (xen_upcall=callback), the fallback for a Xen without upcall vectors.
	log=$T/xen-pvh-console.log
	fifo=$T/xen-pvh-console.in
	rm -f "$fifo"; mkfifo "$fifo"
	bash scripts/xen/run-xen.sh --pvh --timeout 120 $O/xen/xen-4.17 $O/kernel "xen_upcall=callback" $O/initramfs.cpio \
		<"$fifo" >"$log" 2>&1 &
	qpid=$!
	exec 4>"$fifo"
	for ((i = 0; i < 900; i++)); do
		grep -aq '/ # ' "$log" && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.1
	done
	# In a subshell: if QEMU is gone, the SIGPIPE ends only that.
	(printf 'sleep 1; echo $((6*7))xyz; poweroff -f\r' >&4) 2>/dev/null
	wait $qpid
	rc=$?
	exec 4>&-
	rm -f "$fifo"
	if [ $rc -ne 0 ]; then
		fail "Xen PVH dom0: console input" "QEMU status $rc, not 0 from the power-off typed at the prompt"; show_log "$log"
	elif expect_in_log "Xen PVH dom0: console input" "xen-pvh: events through callback vector 0x61 \(IRQ 49\)" \
		"^42xyz" "xen-pvh: powering the machine off \(ACPI S5 by XENPF_enter_acpi_sleep\)" \
		"\(XEN\) Entering ACPI S5 state"; then
		pass "Xen PVH dom0: console input through VIRQ_CONSOLE and console_io, events by the callback vector (a command typed at the busybox prompt runs), poweroff -f turns the machine off (ACPI S5 through Xen)"
	fi

	# GRUB's third menu entry: Xen from the ISO, the kernel as PVH dom0.
	if ISO_DEFAULT=2 sh scripts/mkiso.sh $O "$ST" $T/xen-pvh.iso "$T/initramfs.cpio" >"$T/xen-pvh-iso.log" 2>&1; then
		qemu_boot grub-xen-pvh 300 -accel tcg -machine q35 -device intel-iommu,intremap=on \
			-cpu max,-smap,-rdtscp -m 1024 -cdrom $T/xen-pvh.iso
		if expect_in_log "GRUB ISO: Xen PVH entry" "\(XEN\) Xen version 4\.17" \
			"Building a PVH Dom0" "kernel: entered through pvh, pv_ops backend: xen-pvh"; then
			check_selftests "GRUB ISO: the Xen 4.17 PVH menu entry boots the kernel as PVH dom0, self-tests"
		fi
		if [ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] && [ -d /usr/lib/grub/x86_64-efi ]; then
			cp /usr/share/OVMF/OVMF_VARS_4M.fd $T/ovmf-vars-xen-pvh.fd
			qemu_boot grub-xen-pvh-uefi 300 -accel tcg -machine q35 -device intel-iommu,intremap=on \
				-cpu max,-smap,-rdtscp -m 1024 \
				-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
				-drive if=pflash,format=raw,unit=1,file=$T/ovmf-vars-xen-pvh.fd -cdrom $T/xen-pvh.iso
			if expect_in_log "GRUB ISO, UEFI: Xen PVH entry" "\(XEN\) Xen version 4\.17" "\(XEN\) EFI RAM map" \
				"Building a PVH Dom0" "kernel: entered through pvh, pv_ops backend: xen-pvh"; then
				check_selftests "GRUB ISO, OVMF UEFI: the Xen 4.17 PVH menu entry boots the kernel as PVH dom0, self-tests"
			fi
		else
			skip "GRUB ISO, UEFI: Xen PVH entry" "no OVMF firmware or GRUB EFI modules installed"
		fi
	else
		error "GRUB ISO: Xen PVH entry" "grub-mkrescue failed"; show_log "$T/xen-pvh-iso.log"
	fi
else
	skip "Xen PVH dom0" "no Xen 4.17 or initramfs at hand (see the Xen PV result above)"
fi

# ---------------------------------------------------------------- Xen PV domU
# The kernel as a domU that xl starts on a real Linux dom0: Xen 4.17 and
# Debian's Linux 6.1 with Xen's tools, all from Debian's archive (make
# xenhost, Documentation/xen-testhost.md). One boot of that host runs every
# check (tests/xen-domu-dom0.sh): self-tests with blkfront against blkback,
# the user-space suite, console input, disk data both ways, xl reboot,
# shutdown and destroy (Documentation/xen-domu.md).
if [ ! -f $O/initramfs.cpio ]; then
	skip "Xen PV domU" "no initramfs (see the user-space result above)"
elif ! make -s xenhost >"$T/xenhost.log" 2>&1; then
	skip "Xen PV domU" "the Xen test host could not be built (Debian's archive unreachable?): $(tail -n 1 "$T/xenhost.log")"
else
	bash tests/xen-domu.sh $O/xenhost $O/kernel $O/initramfs.cpio "$T/xen-domu.log" >"$T/xen-domu-verdicts.log"
	hrc=$?
	while IFS= read -r line; do
		what=${line#domutest: }
		case $line in
		*": ok ("*) pass "Xen PV domU: ${what%: ok (*} (${what##*: ok (}" ;;
		*": FAILED: "*) fail "Xen PV domU: ${what%%: FAILED: *}" "${what#*: FAILED: } (log: $T/xen-domu.log)" ;;
		esac
	done <"$T/xen-domu-verdicts.log"
	if [ $hrc -ne 0 ] && ! grep -q ': FAILED: ' "$T/xen-domu-verdicts.log"; then
		fail "Xen PV domU" "the test host ended with status $hrc (200: hang, 201: the host broke)"
		show_log "$T/xen-domu.log" 40
	elif ! grep -q 'domutest: [0-9]* passed, 0 failed' "$T/xen-domu-verdicts.log" &&
	     ! grep -q ': FAILED: ' "$T/xen-domu-verdicts.log"; then
		fail "Xen PV domU" "no summary from the dom0 script"; show_log "$T/xen-domu.log" 40
	fi
fi

# ---------------------------------------------------------------- Xen PVH domU
# The same image as a PVH domU (type "pvh") on the same host: console and
# store from the HVM parameters, grant frames by add_to_physmap, the same
# front-ends (tests/xen-pvh-domu-dom0.sh: self-tests with blkfront, the
# user-space suite, ping and UDP echo through netfront, xl shutdown and
# destroy; Documentation/xen-pvh.md).
if [ $QUICK = 1 ]; then
	skip "Xen PVH domU" "--quick"
elif [ ! -f $O/initramfs.cpio ]; then
	skip "Xen PVH domU" "no initramfs (see the user-space result above)"
elif ! make -s xenhost >"$T/xenhost.log" 2>&1; then
	skip "Xen PVH domU" "the Xen test host could not be built (Debian's archive unreachable?): $(tail -n 1 "$T/xenhost.log")"
else
	bash tests/xen-pvh-domu.sh $O/xenhost $O/kernel $O/initramfs.cpio "$T/xen-pvh-domu.log" >"$T/xen-pvh-domu-verdicts.log"
	hrc=$?
	while IFS= read -r line; do
		what=${line#pvhtest: }
		case $line in
		*": ok ("*) pass "Xen PVH domU: ${what%: ok (*} (${what##*: ok (}" ;;
		*": FAILED: "*) fail "Xen PVH domU: ${what%%: FAILED: *}" "${what#*: FAILED: } (log: $T/xen-pvh-domu.log)" ;;
		esac
	done <"$T/xen-pvh-domu-verdicts.log"
	if [ $hrc -ne 0 ] && ! grep -q ': FAILED: ' "$T/xen-pvh-domu-verdicts.log"; then
		fail "Xen PVH domU" "the test host ended with status $hrc (200: hang, 201: the host broke)"
		show_log "$T/xen-pvh-domu.log" 40
	elif ! grep -q '^pvhtest: [0-9]* passed, 0 failed' "$T/xen-pvh-domu-verdicts.log" &&
	     ! grep -q ': FAILED: ' "$T/xen-pvh-domu-verdicts.log"; then
		fail "Xen PVH domU" "no summary from the dom0 script"; show_log "$T/xen-pvh-domu.log" 40
	fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
