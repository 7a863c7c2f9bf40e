#!/bin/sh
# The kernel as a Xen PV domU, checked from the Linux dom0 of the Xen test
# host (run by tests/xen-domu.sh through scripts/xen/run-host.sh; busybox sh).
# Files in /host: kernel, initramfs.cpio, pv-domu.cfg (scripts/xen/), xen-domu-lib.sh.
#
# Each check prints "domutest: NAME: ok (S s)" or "domutest: NAME: FAILED: WHY
# (S s)", timed with dom0's clock; the last line is "domutest: N passed, M
# failed". Every wait is bounded. The domains' consoles are xenconsoled's
# logs, /var/log/xen/console/guest-NAME.log; a failed check prints its end.
# Every domU runs on physical CPU 1, dom0 alone on CPU 0 (tests/xen-domu.sh).
set -u
passed=0 failed=0
disk=/tmp/domu-disk.img

tag=domutest
. /host/xen-domu-lib.sh

# in_log_after_boot NAME N PATTERN: the pattern, after the N-th boot's first line.
in_log_after_boot() {
	tr -d '\r' <"$(log_of "$1")" 2>/dev/null |
		awk -v n="$2" -v p="$3" '/xen-pv: running on Xen/ { boots++ } boots >= n && $0 ~ p { found = 1 } END { exit !found }'
}

# in_log_times NAME N PATTERN: the pattern is on at least N lines.
in_log_times() { [ "$(grep -acE "$3" "$(log_of "$1")" 2>/dev/null)" -ge "$2" ]; }

# in_log_or_gone NAME PATTERN: the pattern came, or the domain is gone (it
# crashed: on_crash="destroy"), so a wait for its verdict ends early.
in_log_or_gone() { in_log "$1" "$2" || gone "$1"; }
# crash_report: the end of Xen's log, where a crashed domain is explained.
crash_report() {
	echo "domutest: --- Xen's log (xl dmesg), its end ---"
	xl dmesg | tail -n 25 | sed 's/^/domutest:   | /'
}

# create NAME "EXTRA" DISK(0|1) ON_REBOOT: xl create of our kernel.
create() {
	cat >/tmp/$1.cfg <<EOF
name = "$1"
type = "pv"
kernel = "/host/kernel"
ramdisk = "/host/initramfs.cpio"
extra = "$2"
memory = 128
vcpus = 1
cpus = "1"
on_poweroff = "destroy"
on_reboot = "$4"
on_crash = "destroy"
EOF
	[ "$3" = 0 ] || echo "disk = [ 'format=raw,vdev=xvda,access=rw,target=$disk' ]" >>/tmp/$1.cfg
	rm -f "$(log_of "$1")"
	xl create /tmp/$1.cfg >/tmp/$1.create 2>&1 || {
		sed 's/^/domutest:   xl: /' /tmp/$1.create
		return 1
	}
}

# The disk: 8 MiB of random bytes, written in dom0.
dd if=/dev/urandom of=$disk bs=1M count=8 2>/dev/null
sum_dom0=$(sha256sum $disk | cut -d' ' -f1)

# ---------------------------------------------------------------- 1: self-tests
# The kernel's self-tests in a domU with a disk: blkfront's against blkback
# (more readers than ring slots, a read past the end refused as -EIO).
name=domu-selftest
t0=$(now)
if create $name "selftest=all" 1 destroy; then
	if ! wait_for 240 in_log_or_gone $name "selftest: summary:" || ! in_log $name "selftest: summary:"; then
		bad "self-tests" "no summary in the console log ($(gone $name && echo 'the domain is gone: crashed?' || echo 'after 240 s'))" "$(log_of $name)"
		gone $name && crash_report
	elif ! in_log $name "selftest: summary: [0-9]+ passed, 0 failed"; then
		bad "self-tests" "$(tr -d '\r' <"$(log_of $name)" | grep -E 'FAIL|summary' | head -5 | tr '\n' ' ')" "$(log_of $name)"
	elif ! in_log $name "xen_blkfront_ring: PASS" ||
	     ! in_log $name "blkfront: selftest: xvda: [0-9]+ concurrent reads over [0-9]+ slots .* [1-9][0-9]* waits for a full ring" ||
	     ! in_log $name "a read past the end of the disk: -5([^0-9]|$)"; then
		bad "self-tests" "blkfront's self-test did not run as expected" "$(log_of $name)"
	else
		ok "self-tests in a PV domU: $(tr -d '\r' <"$(log_of $name)" | grep -oE 'summary: [0-9]+ passed' | cut -d' ' -f2) passed; $(tr -d '\r' <"$(log_of $name)" | grep -oE '[0-9]+ concurrent reads over [0-9]+ slots \(ring of [0-9]+ entries, order [0-9]\)')"
	fi
	t0=$(now)
	if wait_for 60 gone $name; then
		ok "self-tests: the domain powered off by itself (SCHEDOP_shutdown)"
	else
		bad "self-tests: power-off" "still in xl list 60 s after its summary" "$(log_of $name)"
		xl destroy $name
	fi
else
	bad "self-tests" "xl create failed"
fi

# ---------------------------------------------------------------- 2: user space
# The user-space suite (init's test mode); init's exit powers the domain off.
name=domu-test
t0=$(now)
if create $name "-- test" 1 destroy; then
	if ! wait_for 600 in_log_or_gone $name "init: tests: " || ! in_log $name "init: tests: "; then
		bad "user space" "no verdict from init ($(gone $name && echo 'the domain is gone: crashed?' || echo 'after 600 s'))" "$(log_of $name)"
		gone $name && crash_report
	elif ! in_log $name "xen-pv: running on Xen 4\.17\.[0-9]+ as a PV domU" ||
	     ! in_log $name "xenbus: connected to xenstore"; then
		bad "user space" "the kernel's own lines are missing" "$(log_of $name)"
	elif ! in_log $name "utest: [0-9]+ passed, 0 failed" ||
	     ! in_log $name "bbtest: [0-9]+ passed, 0 failed" ||
	     ! in_log $name "init: tests: utest passed, bbtest passed"; then
		bad "user space" "a suite failed" "$(log_of $name)"
	else
		ok "user space in a PV domU: $(tr -d '\r' <"$(log_of $name)" | grep -oE 'utest: [0-9]+ passed' | tail -1), $(tr -d '\r' <"$(log_of $name)" | grep -oE 'bbtest: [0-9]+ passed' | tail -1)"
	fi
	t0=$(now)
	if wait_for 60 gone $name && in_log $name "xen-pv: powering off \(SCHEDOP_shutdown\)"; then
		ok "user space: init's exit powered the domain off"
	else
		bad "user space: power-off" "no power-off after init's verdict" "$(log_of $name)"
		xl destroy $name 2>/dev/null
	fi
else
	bad "user space" "xl create failed"
fi

# ---------------------------------------------------------------- 3: console, disk, reboot, shutdown
# The busybox shell on the console ring, a command typed through the pty;
# the disk as dom0 wrote it; a write with fsync; xl reboot and a second
# boot that sees the write; xl shutdown; dom0 sees what the domU wrote.
name=domu-shell
t0=$(now)
if create $name "" 1 restart; then
	if ! wait_for 120 in_log $name "^/ # "; then
		bad "console" "no shell prompt after 120 s" "$(log_of $name)"
	elif ! type_line $name 'echo typed-$((6*7)); sha256sum /dev/xvda; dd if=/dev/xvda bs=64k count=3 skip=5 2>/dev/null >/tmp/a; dd if=/dev/xvda bs=4k count=48 skip=80 2>/dev/null | cmp - /tmp/a && echo cmp-same' ||
	     ! wait_for 180 in_log $name "^[0-9a-f]{64}  /dev/xvda"; then
		bad "console input" "the typed command did not run" "$(log_of $name)"
	elif ! in_log $name "^typed-42"; then
		bad "console input" "no typed-42 in the console log" "$(log_of $name)"
	else
		ok "console: boot line, shell prompt, a command typed through the pty ran"
		t0=$(now)
		if wait_for 120 in_log $name "^cmp-same"; then
			ok "blkfront: the same 192 KiB read with 64 KiB and with 4 KiB blocks compare equal (cmp)"
		else
			bad "blkfront: cmp" "reads of the same sectors differ" "$(log_of $name)"
		fi
		t0=$(now)
		sum_domu=$(tr -d '\r' <"$(log_of $name)" | grep -oE "^[0-9a-f]{64}  /dev/xvda" | head -1 | cut -d' ' -f1)
		if [ "$sum_domu" = "$sum_dom0" ]; then
			ok "blkfront: the domU reads the 8 MiB image dom0 wrote (sha256 $(echo $sum_dom0 | cut -c1-16)...)"
		else
			bad "blkfront: read" "sha256 in the domU $sum_domu, in dom0 $sum_dom0" "$(log_of $name)"
		fi
	fi
	# Write 1 MiB of the domU's busybox at offset 4 MiB (64 KiB writes, each
	# an indirect request; fsync), then 3 bytes across a sector boundary
	# (read, patch, write back; fsync); the domU's sum of the whole disk.
	# blkback counts the flushes it was sent (its statistics in sysfs).
	t0=$(now)
	stats=/sys/bus/xen-backend/devices/vbd-$(xl domid $name)-51712/statistics
	flushes0=$(cat $stats/f_req 2>/dev/null || echo none)
	type_line $name 'dd if=/bin/busybox of=/dev/xvda bs=64k count=16 seek=64 conv=fsync,notrunc 2>/dev/null; s1=$?; printf abc | dd of=/dev/xvda bs=1 seek=1000000 conv=fsync,notrunc 2>/dev/null; echo dd-status=$s1$?; sha256sum /dev/xvda | sed s/^/after-write:/'
	if wait_for 240 in_log $name "^after-write:[0-9a-f]{64}" && in_log $name "^dd-status=00"; then
		sum_written=$(tr -d '\r' <"$(log_of $name)" | grep -oE "^after-write:[0-9a-f]{64}" | head -1 | cut -d: -f2)
		flushes1=$(cat $stats/f_req 2>/dev/null || echo none)
		if [ "$sum_written" = "$sum_dom0" ]; then
			bad "blkfront: write" "the disk's sha256 did not change" "$(log_of $name)"
		elif [ "$flushes0" = none ] || [ "$flushes1" = none ] || [ "$flushes1" -lt $((flushes0 + 2)) ]; then
			bad "blkfront: fsync" "blkback's flush count went from $flushes0 to $flushes1 over two fsyncs" "$(log_of $name)"
		else
			ok "blkfront: dd with conv=fsync to /dev/xvda (blkback counted $((flushes1 - flushes0)) flushes)"
		fi
	else
		bad "blkfront: write" "dd failed or did not finish ($(tr -d '\r' <"$(log_of $name)" | grep -aoE '^dd-status=[0-9]*|^sh: .*' | tr '\n' ' ')want dd-status=00)" "$(log_of $name)"
		sum_written=none
	fi
	# xl reboot: the same domain name boots again (a new domain id); the
	# disk still holds what was written.
	t0=$(now)
	id1=$(xl domid $name)
	if ! xl reboot $name >/tmp/reboot.out 2>&1; then
		bad "xl reboot" "$(cat /tmp/reboot.out)"
	elif ! wait_for 60 in_log $name "xen-pv: rebooting \(SCHEDOP_shutdown\)"; then
		bad "xl reboot" "the domU did not reboot itself" "$(log_of $name)"
	elif ! wait_for 120 in_log_after_boot $name 2 "^/ # "; then
		bad "xl reboot" "no second boot to a prompt" "$(log_of $name)"
	else
		ok "xl reboot: clean reboot (control/shutdown), a second boot to the prompt (domain $id1, then $(xl domid $name))"
		t0=$(now)
		type_line $name 'sha256sum /dev/xvda | sed s/^/second-boot:/'
		if wait_for 180 in_log_after_boot $name 2 "^second-boot:$sum_written"; then
			ok "blkfront: the second boot reads what the first wrote"
		else
			bad "blkfront: after reboot" "the disk's sha256 differs from the first boot's $sum_written" "$(log_of $name)"
		fi
	fi
	# xl block-detach: the backend closes, the domU follows (Closed), its
	# node goes; libxl removes the device.
	t0=$(now)
	if ! timeout 60 xl block-detach $name xvda >/tmp/detach.out 2>&1; then
		bad "xl block-detach" "$(cat /tmp/detach.out)" "$(log_of $name)"
	elif ! wait_for 30 in_log_after_boot $name 2 "blkfront: device/vbd/51712: the backend is Clos"; then
		bad "xl block-detach" "the domU did not see its backend close" "$(log_of $name)"
	elif ! type_line $name 'ls /dev/xvda 2>&1 | sed s/^/after-detach:/' ||
	     ! wait_for 30 in_log_after_boot $name 2 "^after-detach:.*No such file"; then
		bad "xl block-detach" "/dev/xvda is still there" "$(log_of $name)"
	elif xl block-list $name 2>/dev/null | grep -q 51712; then
		bad "xl block-detach" "xl block-list still lists the disk" "$(log_of $name)"
	else
		ok "xl block-detach: the domU closes its side, /dev/xvda goes"
	fi
	# Hot-plug: the same image attached again under the same name (a new
	# device for an id seen before) and a second disk of another size; the
	# domU probes both from its watch on device/ and reads what dom0 has.
	t0=$(now)
	disk2=/tmp/domu-disk2.img
	dd if=/dev/urandom of=$disk2 bs=512 count=6000 2>/dev/null
	sum2=$(sha256sum $disk2 | cut -d' ' -f1)
	sum1=$(sha256sum $disk | cut -d' ' -f1)
	if ! timeout 60 xl block-attach $name "format=raw,vdev=xvda,access=rw,target=$disk" >/tmp/attach.out 2>&1 ||
	   ! timeout 60 xl block-attach $name "format=raw,vdev=xvdb,access=ro,target=$disk2" >>/tmp/attach.out 2>&1; then
		bad "xl block-attach" "$(cat /tmp/attach.out)" "$(log_of $name)"
	elif ! wait_for 30 in_log_times $name 3 "blkdev: xvda: 16384 sectors" ||
	     ! wait_for 30 in_log $name "blkdev: xvdb: 6000 sectors"; then
		bad "xl block-attach" "the domU did not bring up xvda (16384 sectors) and xvdb (6000)" "$(log_of $name)"
	elif ! type_line $name 'sha256sum /dev/xvda /dev/xvdb | sed s/^/hotplug:/; echo x | dd of=/dev/xvdb 2>/dev/null; echo ro-write=$?' ||
	     ! wait_for 60 in_log_after_boot $name 2 "^ro-write="; then
		bad "xl block-attach" "the command on the attached disks did not finish" "$(log_of $name)"
	elif ! in_log_after_boot $name 2 "^hotplug:$sum1  /dev/xvda" || ! in_log_after_boot $name 2 "^hotplug:$sum2  /dev/xvdb"; then
		bad "xl block-attach" "sha256 in the domU differs from dom0's ($sum1, $sum2)" "$(log_of $name)"
	elif ! in_log_after_boot $name 2 "^ro-write=1"; then
		bad "xl block-attach" "a write to the read-only xvdb did not fail" "$(log_of $name)"
	else
		ok "xl block-attach after boot: xvda again and a read-only xvdb of 6000 sectors, read as dom0 has them"
	fi
	# xl shutdown: a clean power-off that dom0 sees, and the data is there.
	t0=$(now)
	if ! timeout 90 xl shutdown -w $name >/tmp/shutdown.out 2>&1; then
		bad "xl shutdown" "xl shutdown -w failed: $(cat /tmp/shutdown.out)" "$(log_of $name)"
		xl destroy $name 2>/dev/null
	elif ! in_log $name "xen-control: the toolstack asks for power-off" ||
	     ! in_log $name "xen-pv: powering off \(SCHEDOP_shutdown\)"; then
		bad "xl shutdown" "no clean power-off in the console log" "$(log_of $name)"
	elif ! wait_for 60 gone $name; then
		bad "xl shutdown" "still in xl list after 60 s" "$(log_of $name)"
		xl destroy $name 2>/dev/null
	else
		ok "xl shutdown: clean power-off (control/shutdown, devices closed), gone from xl list"
		t0=$(now)
		sum_after=$(sha256sum $disk | cut -d' ' -f1)
		if [ "$sum_after" = "$sum_written" ]; then
			ok "blkfront: dom0 reads back what the domU wrote (sha256 $(echo $sum_after | cut -c1-16)...)"
		else
			bad "blkfront: dom0 after shutdown" "sha256 in dom0 $sum_after, the domU's $sum_written"
		fi
	fi
else
	bad "console" "xl create failed"
fi

# ---------------------------------------------------------------- 4: pv-domu.cfg, xl destroy
# The example configuration as shipped (a disk and a vif), then xl destroy.
name=pv-domu
t0=$(now)
dd if=/dev/zero of=/tmp/pv-domu-disk.img bs=1M count=0 seek=64 2>/dev/null
rm -f "$(log_of $name)"
# (cpus="1" as every domU here: tests/xen-domu.sh says why.)
if xl create /host/pv-domu.cfg 'cpus="1"' >/tmp/$name.create 2>&1 && wait_for 120 in_log $name "^/ # "; then
	if in_log $name "blkdev: xvda: 131072 sectors of 512 bytes"; then
		ok "scripts/xen/pv-domu.cfg as shipped: boot to the prompt, xvda of 64 MiB"
	else
		bad "scripts/xen/pv-domu.cfg" "no xvda of 131072 sectors" "$(log_of $name)"
	fi
	# Killed in the middle of a write.
	t0=$(now)
	destroy_during_write $name pv-domu-disk
else
	sed 's/^/domutest:   xl: /' /tmp/$name.create
	bad "scripts/xen/pv-domu.cfg" "the domain did not reach its prompt" "$(log_of $name)"
	xl destroy $name 2>/dev/null
fi

# ---------------------------------------------------------------- 5: a panic
# A kernel panic in a domU (selftest=bad_pointer) tells Xen (SCHEDOP_shutdown
# crash), so the toolstack applies on_crash ("destroy"); a kernel that only
# halted would stay in xl list, blocked.
name=domu-panic
t0=$(now)
if create $name "selftest=bad_pointer" 0 destroy; then
	panic_ends_domain $name
else
	bad "panic" "xl create failed"
fi

# Every console, for the record (tests/run.sh keeps the serial log).
for f in /var/log/xen/console/guest-domu-*.log "$(log_of pv-domu)"; do
	echo "domutest: --- $f ---"
	tr -d '\r' <"$f" | sed 's/^/domutest:   | /'
	echo		# a console log may end inside a line (a prompt)
done
echo "domutest: $passed passed, $failed failed"
[ $failed = 0 ]
