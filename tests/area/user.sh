# User space on the native kernel: init in test mode runs the musl suite
# (utest) and the busybox script (bbtest), its exit status the boot's
# verdict; then a person's session at the busybox prompt.
area_doc "user-space suite and an interactive busybox session, natively" "70-90 s"

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

if check "user space: interactive busybox session (pipeline, loop, ^C, segfault, EFAULT, /proc)" build initramfs; then
	if bash tests/shell-session.sh $O/kernel $O/initramfs.cpio "$LOGS/shell.log" >"$LOGS/shell-steps.log" 2>&1; then
		pass "user space: interactive busybox session ($(grep -c PASS "$LOGS/shell-steps.log") steps: pipeline, loop, ^C, segfault, EFAULT, /proc)"
	else
		fail "user space: interactive busybox session" "$(grep FAIL "$LOGS/shell-steps.log" | head -1)"
		sed 's/^/      /' "$LOGS/shell-steps.log" | tail -20
	fi
fi
