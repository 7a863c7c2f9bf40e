#!/bin/sh
# The kernel as a Xen PVH domU, checked from the Linux dom0 of the Xen test
# host (run by tests/xen-pvh-domu.sh through scripts/xen/run-host.sh).
# Files in /host: kernel, initramfs.cpio, pvh-domu.cfg, xen-domu-lib.sh.
# The same front-ends as a PV domU over the PVH mapping layer
# (Documentation/xen-pvh.md): self-tests with blkfront against blkback,
# the user-space suite, dom0 pinging the domU and a UDP echo through
# netfront, xl shutdown, console input, the disk's checksum, xl reboot,
# xl destroy; then scripts/xen/pvh-domu.cfg as shipped, disk hot-plug,
# xl destroy during a write, and a panic.
# Prints "pvhtest: NAME: ok|FAILED: WHY"; the last line "pvhtest: N passed, M failed".
set -u
passed=0 failed=0
disk=/tmp/pvh-disk.img
addr=10.0.0.3
mac=00:16:3e:00:00:30

tag=pvhtest
. /host/xen-domu-lib.sh

boots() { tr -d '\r' <"$(log_of "$1")" 2>/dev/null | grep -c "xen-pvh: console ring at pfn"; }
two_boots() { [ "$(boots "$1")" -ge 2 ]; }

# create NAME "EXTRA" NET(0|1) [ON_REBOOT]: xl create of our kernel as a PVH domU with the disk.
create() {
	cat >/tmp/$1.cfg <<EOF2
name = "$1"
type = "pvh"
kernel = "/host/kernel"
ramdisk = "/host/initramfs.cpio"
extra = "$2"
memory = 128
vcpus = 1
cpus = "1"
disk = [ 'format=raw,vdev=xvda,access=rw,target=$disk' ]
on_poweroff = "destroy"
on_reboot = "${4:-destroy}"
on_crash = "destroy"
EOF2
	[ "$3" = 0 ] || echo "vif = [ 'bridge=xenbr0,mac=$mac' ]" >>/tmp/$1.cfg
	rm -f "$(log_of "$1")"
	xl create /tmp/$1.cfg >/tmp/$1.create 2>&1 || {
		sed 's/^/pvhtest:   xl: /' /tmp/$1.create
		return 1
	}
}

dd if=/dev/urandom of=$disk bs=1M count=8 2>/dev/null

# ---------------------------------------------------------------- self-tests
name=pvh-selftest
t0=$(now)
if create $name "selftest=all" 0; then
	if ! wait_for 240 in_log $name "selftest: summary:"; then
		bad "self-tests" "no summary after 240 s" "$(log_of $name)"
	elif ! in_log $name "kernel: entered through pvh.*pv_ops backend: xen-pvh" ||
	     ! in_log $name "xen-pvh: console ring at pfn 0x[0-9a-f]+ port [0-9]+, xenstore at pfn" ||
	     ! in_log $name "gnttab: grant table v1: [0-9]+ frames"; then
		bad "self-tests" "the PVH domU's own lines are missing" "$(log_of $name)"
	elif ! in_log $name "selftest: summary: [0-9]+ passed, 0 failed" ||
	     ! in_log $name "blkfront: selftest: xvda: [0-9]+ concurrent reads"; then
		bad "self-tests" "$(tr -d '\r' <"$(log_of $name)" | grep -E 'FAIL|summary|blkfront' | head -4 | tr '\n' ' ')" "$(log_of $name)"
	else
		ok "self-tests in a PVH domU (console ring and store from HVM parameters, grants by add_to_physmap, blkfront): $(tr -d '\r' <"$(log_of $name)" | grep -oE 'summary: [0-9]+ passed' | cut -d' ' -f2) passed"
	fi
	wait_for 60 gone $name || xl destroy $name 2>/dev/null
else
	bad "self-tests" "xl create failed"
fi

# ---------------------------------------------------------------- user space
name=pvh-test
t0=$(now)
if create $name "-- test" 0; then
	if ! wait_for 600 in_log $name "init: tests: "; then
		bad "user space" "no verdict from init after 600 s" "$(log_of $name)"
	elif ! in_log $name "utest: [0-9]+ passed, 0 failed" || ! in_log $name "bbtest: [0-9]+ passed, 0 failed"; then
		bad "user space" "a suite failed" "$(log_of $name)"
	else
		ok "user space in a PVH domU: $(tr -d '\r' <"$(log_of $name)" | grep -oE 'utest: [0-9]+ passed' | tail -1), $(tr -d '\r' <"$(log_of $name)" | grep -oE 'bbtest: [0-9]+ passed' | tail -1)"
	fi
	wait_for 60 gone $name || { bad "user space: power-off" "still there after init's verdict"; xl destroy $name 2>/dev/null; }
else
	bad "user space" "xl create failed"
fi

# ---------------------------------------------------------------- network, shutdown
name=pvh-net
t0=$(now)
if create $name "ip=$addr/24 -- udpecho $addr 7 100" 1; then
	if ! wait_for 120 in_log $name "udpecho: ready on port 7"; then
		bad "network" "udpecho not ready after 120 s" "$(log_of $name)"
	else
		out=$(ping -c 3 -W 5 $addr 2>&1)
		if echo "$out" | grep -q "3 packets received"; then
			ok "dom0 pings the PVH domU through netfront: 3 of 3"
		else
			bad "ping $addr" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
		fi
		t0=$(now)
		printf 'pvh echo %s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" >/tmp/udp.in
		if timeout 5 bash -c "exec 3<>/dev/udp/$addr/7 && cat /tmp/udp.in >&3 && dd bs=4096 count=1 <&3 2>/dev/null >/tmp/udp.out" &&
		   cmp -s /tmp/udp.in /tmp/udp.out; then
			ok "UDP echo from dom0 through the PVH domU's socket"
		else
			bad "UDP echo" "the datagram did not come back intact"
		fi
	fi
	t0=$(now)
	xl shutdown $name >/dev/null 2>&1
	if wait_for 60 gone $name && in_log $name "xenbus: devices closed" &&
	   in_log $name "xen-pvh: powering off \(SCHEDOP_shutdown\)"; then
		ok "xl shutdown: devices closed, clean power-off"
	else
		bad "xl shutdown" "no clean power-off within 60 s" "$(log_of $name)"
		xl destroy $name 2>/dev/null
	fi
else
	bad "network" "xl create failed"
fi

# ---------------------------------------------------------------- console, disk, reboot, destroy
# The busybox shell on the console ring: a line typed through the pty, the
# disk's SHA-256 as dom0 wrote it, xl reboot to a second boot, xl destroy.
name=pvh-shell
t0=$(now)
sum_dom0=$(sha256sum $disk | cut -d' ' -f1)
if create $name "" 0 restart && wait_for 120 in_log $name "/ # "; then
	type_line $name "echo typed-\$((6 * 7))"
	if wait_for 20 in_log $name "typed-42"; then
		ok "console input: a line typed at the PVH domU's console ring runs in its shell"
	else
		bad "console input" "no typed-42 in the console log" "$(log_of $name)"
	fi
	t0=$(now)
	type_line $name "sha256sum /dev/xvda"
	if wait_for 60 in_log $name "$sum_dom0"; then
		ok "disk: the PVH domU reads /dev/xvda with the SHA-256 dom0 wrote"
	else
		bad "disk" "no $sum_dom0 in the console log" "$(log_of $name)"
	fi
	t0=$(now)
	# The other way: the domU writes new data, fsync (a flush request), and prints its sum.
	type_line $name "dd if=/bin/busybox of=/dev/xvda bs=64k count=16 seek=16 conv=fsync,notrunc 2>/dev/null; sha256sum /dev/xvda | sed 's/^/domu-sum: /'"
	sum_domu=
	wait_for 90 in_log $name "domu-sum: [0-9a-f]{64}" &&
		sum_domu=$(tr -d '\r' <"$(log_of $name)" | grep -oE 'domu-sum: [0-9a-f]{64}' | tail -n 1 | cut -d' ' -f2)
	t0=$(now)
	xl reboot $name >/dev/null 2>&1
	if wait_for 120 two_boots $name && wait_for 60 in_log $name "xenbus: connected to xenstore"; then
		ok "xl reboot: a second boot of the PVH domU"
	else
		bad "xl reboot" "no second boot" "$(log_of $name)"
	fi
	t0=$(now)
	xl destroy $name
	if wait_for 20 gone $name; then
		ok "xl destroy of a running PVH domU"
	else
		bad "xl destroy" "still in xl list"
	fi
	t0=$(now)
	sum_now=$(sha256sum $disk | cut -d' ' -f1)
	if [ -n "$sum_domu" ] && [ "$sum_domu" = "$sum_now" ] && [ "$sum_now" != "$sum_dom0" ]; then
		ok "disk: dom0 reads back what the PVH domU wrote (fsync, then reboot and destroy)"
	else
		bad "disk written by the domU" "domU printed '${sum_domu:-nothing}', dom0 reads $sum_now"
	fi
else
	bad "shell" "no prompt on the console ring" "$(log_of $name)"
	xl destroy $name 2>/dev/null
fi

# ---------------------------------------------------------------- pvh-domu.cfg, hot-plug, xl destroy
# The example configuration as shipped (a disk, a vif, ip= on the command
# line); a read-only disk attached and detached while it runs; then
# xl destroy in the middle of a write.
name=pvh-domu
t0=$(now)
dd if=/dev/zero of=/tmp/pvh-domu-disk.img bs=1M count=0 seek=64 2>/dev/null
rm -f "$(log_of $name)"
# (cpus="1" as every domU here: tests/xen-domu.sh says why.)
if xl create /host/pvh-domu.cfg 'cpus="1"' >/tmp/$name.create 2>&1 && wait_for 120 in_log $name "^/ # "; then
	if ! in_log $name "kernel: entered through pvh.*pv_ops backend: xen-pvh"; then
		bad "scripts/xen/pvh-domu.cfg" "not the xen-pvh backend" "$(log_of $name)"
	elif ! in_log $name "blkdev: xvda: 131072 sectors of 512 bytes"; then
		bad "scripts/xen/pvh-domu.cfg" "no xvda of 131072 sectors" "$(log_of $name)"
	else
		ok "scripts/xen/pvh-domu.cfg as shipped: boot to the prompt, xvda of 64 MiB"
	fi
	t0=$(now)
	out=$(ping -c 3 -W 5 10.0.0.3 2>&1)
	if echo "$out" | grep -q "3 packets received"; then
		ok "scripts/xen/pvh-domu.cfg: dom0 pings its address (ip= on the command line) 3 of 3"
	else
		bad "scripts/xen/pvh-domu.cfg: ping 10.0.0.3" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
	# Hot-plug: the watch on device/ finds xvdb (51728) after boot; it is
	# read as dom0 has it, refuses a write, and goes with block-detach.
	t0=$(now)
	disk2=/tmp/pvh-disk2.img
	dd if=/dev/urandom of=$disk2 bs=512 count=6000 2>/dev/null
	sum2=$(sha256sum $disk2 | cut -d' ' -f1)
	if ! timeout 60 xl block-attach $name "format=raw,vdev=xvdb,access=ro,target=$disk2" >/tmp/attach.out 2>&1; then
		bad "xl block-attach" "$(cat /tmp/attach.out)" "$(log_of $name)"
	elif ! wait_for 30 in_log $name "blkdev: xvdb: 6000 sectors"; then
		bad "xl block-attach" "the domU did not bring up xvdb (6000 sectors)" "$(log_of $name)"
	elif ! type_line $name 'sha256sum /dev/xvdb | sed s/^/hotplug:/; echo x | dd of=/dev/xvdb 2>/dev/null; echo ro-write=$?' ||
	     ! wait_for 60 in_log $name "^ro-write="; then
		bad "xl block-attach" "the command on the attached disk did not finish" "$(log_of $name)"
	elif ! in_log $name "^hotplug:$sum2  /dev/xvdb"; then
		bad "xl block-attach" "sha256 in the domU differs from dom0's $sum2" "$(log_of $name)"
	elif ! in_log $name "^ro-write=1"; then
		bad "xl block-attach" "a write to the read-only xvdb did not fail" "$(log_of $name)"
	else
		ok "xl block-attach after boot: a read-only xvdb of 6000 sectors, read as dom0 has it, a write refused"
	fi
	t0=$(now)
	if ! timeout 60 xl block-detach $name xvdb >/tmp/detach.out 2>&1; then
		bad "xl block-detach" "$(cat /tmp/detach.out)" "$(log_of $name)"
	elif ! wait_for 30 in_log $name "blkfront: device/vbd/51728: the backend is Clos"; then
		bad "xl block-detach" "the domU did not see its backend close" "$(log_of $name)"
	elif ! type_line $name 'ls /dev/xvdb 2>&1 | sed s/^/after-detach:/' ||
	     ! wait_for 30 in_log $name "^after-detach:.*No such file"; then
		bad "xl block-detach" "/dev/xvdb is still there" "$(log_of $name)"
	else
		ok "xl block-detach: the domU closes its side, /dev/xvdb goes"
	fi
	# Killed in the middle of a write.
	t0=$(now)
	destroy_during_write $name pvh-domu-disk
else
	sed 's/^/pvhtest:   xl: /' /tmp/$name.create
	bad "scripts/xen/pvh-domu.cfg" "the domain did not reach its prompt" "$(log_of $name)"
	xl destroy $name 2>/dev/null
fi

# ---------------------------------------------------------------- a panic
# A panic in a PVH domU tells Xen (SCHEDOP_shutdown crash), so on_crash
# ("destroy") applies; a kernel that only halted would stay in xl list.
name=pvh-panic
t0=$(now)
if create $name "selftest=bad_pointer" 0; then
	panic_ends_domain $name
else
	bad "panic" "xl create failed"
fi

echo "pvhtest: $passed passed, $failed failed"
[ $failed -eq 0 ]
