#!/bin/sh
# The kernel as a Xen PVH domU, checked from the Linux dom0 of the Xen test
# host (run by tests/xen-pvh-domu.sh through scripts/xen/run-host.sh).
# Files in /host: kernel, initramfs.cpio, xen-domu-lib.sh. The same front-ends as a PV domU
# over the PVH mapping layer (Documentation/xen-pvh.md): self-tests with
# blkfront against blkback, the user-space suite, dom0 pinging the domU
# and a UDP echo through netfront, xl shutdown, console input, the disk's
# checksum, xl reboot, xl destroy.
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

echo "pvhtest: $passed passed, $failed failed"
[ $failed -eq 0 ]
