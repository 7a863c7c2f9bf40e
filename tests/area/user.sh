# User space on the native kernel: init in test mode runs the musl suite
# (utest) and the busybox script (bbtest), its exit status the boot's
# verdict; then a person's session at the busybox prompt.
area_doc "user-space suite (Debian programs included), the AVX state under XSAVE and an interactive busybox session, natively" "2.5-4 min"

if check "user space: utest, bbtest (musl suite, Debian busybox-static)" build initramfs; then
	PVH boot-user 1200 "isa_debug_exit=0xf4 -- test" -m 256 -initrd $O/initramfs.cpio
	if [ $rc -eq 124 ]; then
		fail "user space: test suite" "no verdict within the time bound (hang)"; show_log "$log" 40
	elif grep -aq "Kernel panic" "$log"; then
		fail "user space: test suite" "the kernel panicked"; show_log "$log" 60
	elif expect_in_log "user space: utest" "utest: [0-9]+ passed, 0 failed" \
		"cputime: exact: the clock is read at every kernel entry and exit" &&
	     expect_in_log "user space: busybox script" "bbtest: [0-9]+ passed, 0 failed" &&
	     expect_in_log "user space: verdict" "init: tests: utest passed, bbtest passed"; then
		if [ $rc -eq 1 ]; then
			pass "user space: $(grep -ao 'utest: [0-9]* passed' "$log" | tail -1), $(grep -ao 'bbtest: [0-9]* passed' "$log" | tail -1) (musl suite, Debian busybox-static)"
		else
			fail "user space: test suite" "summaries passed but QEMU exited $rc"
		fi
	fi
fi

# The suite above runs on QEMU's default CPU, which has no XSAVE (the
# FXSAVE path). With -cpu max the kernel turns on XSAVE and the AVX state:
# the xstate tests then run instead of skipping, and Debian's wc takes its
# AVX2 loop (deb_tools).
if check "user space: AVX state with XSAVE (-cpu max): utest xstate_cpuid avx_switch avx_signal deb_tools" build initramfs; then
	PVH boot-xsave 600 "isa_debug_exit=0xf4 -- utest xstate_cpuid avx_switch avx_signal deb_tools" \
		-cpu max,-smap,-rdtscp -m 256 -initrd $O/initramfs.cpio
	if [ $rc -eq 124 ]; then
		fail "user space: AVX state" "no verdict within the time bound (hang)"; show_log "$log" 40
	elif grep -aq "Kernel panic" "$log"; then
		fail "user space: AVX state" "the kernel panicked"; show_log "$log" 60
	elif expect_in_log "user space: AVX state" "fpu: XSAVE: XCR0 0x7, [0-9]+-byte areas" \
		"utest: 4 passed, 0 failed, 0 skipped"; then
		if [ $rc -eq 1 ]; then
			pass "user space: AVX state with XSAVE: $(grep -ao 'xgetbv(0) 0x[0-9a-f]*' "$log" | head -1), 4 passed (-cpu max)"
		else
			fail "user space: AVX state" "utest passed but QEMU exited $rc"
		fi
	fi
fi

if check "user space: interactive busybox session (pipeline, loop, ^C, segfault, EFAULT, /proc)" build initramfs; then
	if bash tests/shell-session.sh $O/kernel $O/initramfs.cpio "$LOGS/shell.log" >"$LOGS/shell-steps.log" 2>&1; then
		pass "user space: interactive busybox session ($(grep -c PASS "$LOGS/shell-steps.log") steps: pipeline, loop, ^C, segfault, EFAULT, /proc)"
	else
		fail "user space: interactive busybox session" "$(grep FAIL "$LOGS/shell-steps.log" | head -1)"
		sed 's/^/      /' "$LOGS/shell-steps.log" | tail -20
	fi
fi
