# Edge cases of the native boot: little memory, bad options, good and
# corrupted initramfs modules, deliberate faults, power-off and reboot.
area_doc "edge cases: 24 MiB, bad options, initramfs, appended archives, faults, power-off, reboot" "10-25 s"

if check "boot: 24 MiB of RAM" build; then
	MEM=24 PVH boot-mem24 120 "$ST"
	check_selftests "$CHECK"
fi

if check "boot: unknown and bad options are reported, boot goes on; console= as Linux spells it" build; then
	# Linux's console= names are accepted (users pass them out of habit).
	PVH boot-unknown-opt 120 "$ST frobnicate=1 loglevel=banana console=ttyS0,115200 console=tty0 console=lp9"
	if expect_in_log "boot: unknown and bad options" \
		"unknown command-line option 'frobnicate' ignored" \
		"bad value for command-line option 'loglevel': 'banana'" \
		"console=ttyS0,115200: every console is used \(.*ttyS0" \
		"console=tty0: every console is used" \
		"bad value for command-line option 'console': 'lp9'"; then
		check_selftests "$CHECK"
	fi
fi

# A good and a corrupted initramfs module.
if check "boot: initramfs module found and walked" build testcpio; then
	PVH boot-initramfs 120 "$ST" -initrd "$LOGS/initramfs.cpio"
	if expect_in_log "boot: initramfs" "initramfs: module 0: cpio archive, 2 files, 3 directories"; then
		check_selftests "$CHECK"
	fi
fi
if check "boot: corrupted initramfs is reported, boot goes on" build testcpio; then
	cp "$LOGS/initramfs.cpio" "$LOGS/initramfs-bad.cpio"
	printf 'XXXXXX' | dd of="$LOGS/initramfs-bad.cpio" bs=1 seek=0 conv=notrunc 2>/dev/null
	PVH boot-initramfs-bad 120 "$ST" -initrd "$LOGS/initramfs-bad.cpio"
	if expect_in_log "boot: corrupted initramfs" \
		"initramfs: module 0 .* is not a valid newc cpio archive: bad cpio magic at offset 0"; then
		check_selftests "$CHECK"
	fi
fi

# Two archives in one module (make run EXTRA_INITRD=...): the second's
# files are there, and replace the first's. busybox-static is init and
# prints them; its exit status 0 is the pass verdict.
if check "boot: an appended cpio archive adds and replaces files" build; then
	rm -rf "$LOGS/cpio-a" "$LOGS/cpio-b"
	mkdir -p "$LOGS/cpio-a/bin" "$LOGS/cpio-a/etc" "$LOGS/cpio-b/etc"
	cp /bin/busybox "$LOGS/cpio-a/bin/busybox"
	echo "motd of the first archive" >"$LOGS/cpio-a/etc/motd"
	echo "motd of the second archive" >"$LOGS/cpio-b/etc/motd"
	echo "a file only the second archive has" >"$LOGS/cpio-b/etc/extra"
	printf 'exec >/dev/console 2>&1\n/bin/busybox cat /etc/motd /etc/extra\n' >"$LOGS/cpio-b/etc/check.sh"
	# cpio pads each archive with zeros to 512 bytes: the second follows that padding.
	for d in a b; do
		(cd "$LOGS/cpio-$d" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$LOGS/cpio-$d.cpio"
	done
	cat "$LOGS/cpio-a.cpio" "$LOGS/cpio-b.cpio" >"$LOGS/cpio-ab.cpio"
	PVH boot-initramfs-appended 120 "isa_debug_exit=0xf4 init=/bin/busybox -- sh /etc/check.sh" -initrd "$LOGS/cpio-ab.cpio"
	if expect_in_log "boot: appended cpio archive" "\(archives appended\)" "^motd of the second archive" \
		"^a file only the second archive has" "init exited with status 0"; then
		if grep -aq "motd of the first archive" "$log"; then
			fail "boot: appended cpio archive" "the first archive's /etc/motd was not replaced"
		elif [ $rc -ne 1 ]; then
			fail "boot: appended cpio archive" "QEMU exited $rc, not the pass verdict 1"
		else
			pass "boot: an appended cpio archive adds and replaces files"
		fi
	fi
fi

# The same through the Makefile, as a person runs it: make run EXTRA_INITRD=FILE
# appends FILE to the whole initramfs (xen-pv and xen-pvh check XEN=pv, pvh).
if check "make run EXTRA_INITRD=: the appended archive's files are there (native)" build initramfs extracpio; then
	RUN_EXTRA_INITRD run-extra-initrd 180
	check_extra_initrd "$CHECK"
fi

# A deliberate bad pointer: the panic shows registers and a symbolized backtrace.
if check "boot: bad pointer panics with registers and a symbolized backtrace" build; then
	PVH boot-crash 60 "isa_debug_exit=0xf4 selftest=bad_pointer"
	if [ $rc -ne 5 ]; then
		fail "boot: bad pointer panics with a backtrace" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
	elif expect_in_log "boot: bad pointer panics with a backtrace" \
		"page fault at address ffffdead00000000: no page for write, kernel mode" \
		"RIP: 0008:" "Call trace:" \
		"\] selftest_write_bad_pointer\+0x[0-9a-f]+/0x[0-9a-f]+" \
		"\] selftests_run\+0x" "\] kernel_main\+0x"; then
		pass "$CHECK"
	fi
fi

if check "boot: a write to kernel text faults (text is read-only)" build; then
	PVH boot-write-text 60 "isa_debug_exit=0xf4 selftest=write_text"
	if [ $rc -ne 5 ]; then
		fail "boot: write to kernel text faults" "QEMU status $rc, not the panic verdict 5"; show_log "$log"
	elif expect_in_log "boot: write to kernel text faults" \
		"page fault at address ffffffff80100000: protection violation on write, kernel mode" \
		"\] selftest_write_text\+0x"; then
		pass "$CHECK"
	fi
fi

# Without isa_debug_exit the verdict ends in a real power-off (ACPI S5),
# which QEMU shows by exiting 0; a failed power-off halts until the timeout.
if check "boot: self-tests end in an ACPI S5 power-off" build; then
	PVH boot-poweroff 120 "selftest=all"
	if [ $rc -ne 0 ]; then
		fail "boot: ACPI power-off" "QEMU status $rc, not 0 from a power-off"; show_log "$log"
	elif expect_in_log "boot: ACPI power-off" "selftest: summary: [0-9]+ passed, 0 failed" \
		"power: powering off \(ACPI S5\)"; then
		pass "$CHECK"
	fi
fi
# -no-reboot turns the reset into QEMU's exit 0; a failed reset halts until the timeout.
if check "boot: reboot resets the machine" build; then
	PVH boot-reboot 60 "selftest=reboot"
	if [ $rc -ne 0 ]; then
		fail "boot: reboot" "QEMU status $rc, not 0 from a reset"; show_log "$log"
	elif expect_in_log "boot: reboot" "power: rebooting"; then
		pass "$CHECK"
	fi
fi
