#!/bin/sh
# netfront and the IPv4 stack of the kernel as a Xen PV domU, checked from
# the Linux dom0 of the Xen test host (run by tests/xen-net.sh through
# scripts/xen/run-host.sh; busybox sh, plus bash for /dev/udp). Files in
# /host: kernel, initramfs.cpio.
#
# One domU, "domu-net": its vif's ip=10.0.0.2 in the xl configuration (no
# ip= option: the kernel takes the address from the store, where xl puts
# it), init runs "udpecho 10.0.0.2 7 100" (its socket-call checks, then an
# echo server on port 7), on xenbr0, where dom0 is 10.0.0.1/24 (/init of
# the host); a second vif, eth1, is 10.0.1.2/24 on the same bridge. dom0
# pings both, sends UDP through eth0 and checks what comes back.
#
# Each check prints "nettest: NAME: ok (S s)" or "nettest: NAME: FAILED:
# WHY (S s)"; the last line is "nettest: N passed, M failed". Every wait is
# bounded; the exit status is 0 only when nothing failed.
set -u
passed=0 failed=0
name=domu-net
addr=10.0.0.2
mac=00:16:3e:00:00:20
# A second interface on the same bridge, in another subnet (dom0 takes
# 10.0.1.1 on xenbr0 too): eth1, its address from the store as well.
addr2=10.0.1.2
mac2=00:16:3e:00:00:21
log=/var/log/xen/console/guest-$name.log

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
ok() { echo "nettest: $1: ok ($(since "$t0") s)"; passed=$((passed + 1)); }
bad() { echo "nettest: $1: FAILED: $2 ($(since "$t0") s)"; failed=$((failed + 1)); }
in_log() { tr -d '\r' <"$log" 2>/dev/null | grep -qE "$1"; }
wait_for() {
	limit=$1
	shift
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt $((limit * 5)) ] || return 1
		sleep 0.2
	done
}
gone() { ! xl domid $name >/dev/null 2>&1; }

# udp_echo PAYLOADFILE OUTFILE: one datagram to port 7 from a connected
# bash socket, one datagram read back (at most 5 s).
udp_echo() {
	timeout 5 bash -c "exec 3<>/dev/udp/$addr/7 && dd if='$1' bs=4096 count=1 2>/dev/null >&3 &&
		dd bs=4096 count=1 <&3 2>/dev/null >'$2'"
}

cat >/tmp/$name.cfg <<EOF2
name = "$name"
type = "pv"
kernel = "/host/kernel"
ramdisk = "/host/initramfs.cpio"
extra = "-- udpecho $addr 7 100"
memory = 128
vcpus = 1
cpus = "1"
vif = [ 'bridge=xenbr0,mac=$mac,ip=$addr', 'bridge=xenbr0,mac=$mac2,ip=$addr2' ]
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
EOF2

t0=$(now)
if ! xl create /tmp/$name.cfg >/tmp/$name.create 2>&1; then
	bad "xl create $name" "$(tr '\n' ' ' </tmp/$name.create)"
	echo "nettest: $passed passed, $failed failed"
	exit 1
fi
domid=$(xl domid $name)

# ---------------------------------------------------------------- connect
t0=$(now)
if ! wait_for 120 in_log "udpecho: ready on port 7"; then
	bad "domU up: udpecho ready" "not in the console log after 120 s"
elif ! in_log "net: eth0: mac $mac, address $addr/24 \(mask 255\.255\.255\.0\)"; then
	bad "domU up" "no 'net: eth0: mac $mac, address $addr/24' line"
elif ! in_log "netfront: eth0: address $addr from the store"; then
	bad "domU up" "the address did not come from the store (the vif's ip=)"
else
	ok "domU up: eth0 $mac, $addr/24 from the store (xl's vif ip=), udpecho listening"
fi
t0=$(now)
state=$(xenstore-read /local/domain/0/backend/vif/$domid/0/state 2>/dev/null)
fstate=$(xenstore-read /local/domain/$domid/device/vif/0/state 2>/dev/null)
copy=$(xenstore-read /local/domain/$domid/device/vif/0/request-rx-copy 2>/dev/null)
if [ "$state" = 4 ] && [ "$fstate" = 4 ] && [ "$copy" = 1 ]; then
	ok "xenstore: netback and netfront Connected (4), request-rx-copy 1"
else
	bad "xenstore" "backend state '$state', frontend state '$fstate', request-rx-copy '$copy'"
fi

# ---------------------------------------------------------------- a second interface
t0=$(now)
ip addr add 10.0.1.1/24 dev xenbr0 2>/dev/null
out=$(ping -c 3 -W 5 $addr2 2>&1)
mac2_seen=$(ip neigh show $addr2 dev xenbr0 2>/dev/null | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2)
if ! in_log "net: eth1: mac $mac2, address $addr2/24 \(mask 255\.255\.255\.0\)"; then
	bad "eth1" "no 'net: eth1: mac $mac2, address $addr2/24' line"
elif ! echo "$out" | grep -q "3 packets transmitted, 3 packets received"; then
	bad "eth1: ping $addr2" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
elif [ "$mac2_seen" != "$mac2" ]; then
	bad "eth1: dom0's ARP cache" "$addr2 is at '$mac2_seen', not $mac2"
else
	ok "a second interface: eth1 $mac2 $addr2/24 from the store answers 3 of 3 pings, ARP at its own MAC"
fi

# ---------------------------------------------------------------- hot-plug
# A third vif attached to the running domU (eth2, 10.0.2.2 from the store;
# dom0 takes 10.0.2.1), pinged, then detached: netfront closes it and gives
# its grants back, and the address no longer answers.
t0=$(now)
addr3=10.0.2.2
mac3=00:16:3e:00:00:22
ip addr add 10.0.2.1/24 dev xenbr0 2>/dev/null
if ! timeout 60 xl network-attach $name bridge=xenbr0 mac=$mac3 ip=$addr3 >/tmp/natt.out 2>&1; then
	bad "xl network-attach" "$(tr '\n' ' ' </tmp/natt.out)"
elif ! wait_for 30 in_log "net: eth2: mac $mac3, address $addr3/24"; then
	bad "xl network-attach" "no 'net: eth2: mac $mac3, address $addr3/24' line"
elif ! ping -c 3 -W 5 $addr3 2>&1 | grep -q "3 packets received"; then
	bad "xl network-attach" "eth2 ($addr3) did not answer 3 pings"
elif ! timeout 60 xl network-detach $name $mac3 >/tmp/ndet.out 2>&1; then
	bad "xl network-detach" "$(tr '\n' ' ' </tmp/ndet.out)"
elif ! wait_for 30 in_log "netfront: eth2: closed: [0-9]+ frames received"; then
	bad "xl network-detach" "no 'netfront: eth2: closed' line"
elif ping -c 1 -W 2 $addr3 >/dev/null 2>&1; then
	bad "xl network-detach" "$addr3 still answers"
else
	ok "hot-plug: xl network-attach gives eth2 ($addr3 from the store, 3 of 3 pings); xl network-detach closes it"
fi

# ---------------------------------------------------------------- socket calls
t0=$(now)
nfail=
wait_for 10 in_log "udpecho: [0-9]+ checks failed" &&
	nfail=$(tr -d '\r' <"$log" | grep -oE 'udpecho: [0-9]+ checks failed' | tail -n 1 | cut -d' ' -f2)
if [ "$nfail" = 0 ]; then
	ok "socket calls in the domU: $(tr -d '\r' <"$log" | grep -c 'udpecho: check .*: ok') checks"
else
	bad "socket calls in the domU" "${nfail:-no} failed: $(tr -d '\r' <"$log" | grep -E 'udpecho: check .*FAILED' | head -5 | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- ICMP
t0=$(now)
out=$(ping -c 3 -W 5 $addr 2>&1)
if echo "$out" | grep -q "3 packets transmitted, 3 packets received"; then
	ok "ping $addr: 3 of 3 ($(echo "$out" | grep -o 'min/avg/max = [0-9./]* ms'))"
else
	bad "ping $addr" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
fi
t0=$(now)
mac_seen=$(ip neigh show $addr dev xenbr0 2>/dev/null | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2)
if [ "$mac_seen" = "$mac" ]; then
	ok "dom0's ARP cache: $addr is at $mac"
else
	bad "dom0's ARP cache" "$addr is at '$mac_seen', not $mac"
fi
t0=$(now)
out=$(ping -c 2 -s 1400 -p a5 -W 5 $addr 2>&1)
if echo "$out" | grep -q "2 packets received"; then
	ok "ping -s 1400 $addr: 2 of 2"
else
	bad "ping -s 1400 $addr" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
fi
# 2000 bytes do not fit the MTU: dom0 fragments, the domU drops fragments.
t0=$(now)
out=$(ping -c 1 -s 2000 -W 2 $addr 2>&1)
if echo "$out" | grep -q "1 packets transmitted, 0 packets received"; then
	ok "ping -s 2000 (fragmented) gets no answer"
else
	bad "ping -s 2000" "expected no reply to fragments: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- UDP
t0=$(now)
printf 'hello from dom0 %s' "$(now)" >/tmp/p1
if udp_echo /tmp/p1 /tmp/r1 && cmp -s /tmp/p1 /tmp/r1; then
	ok "UDP echo: '$(cat /tmp/r1)'"
else
	bad "UDP echo" "sent '$(cat /tmp/p1)', got '$(cat /tmp/r1 2>/dev/null)'"
fi
t0=$(now)
head -c 1472 /dev/urandom >/tmp/p2
if udp_echo /tmp/p2 /tmp/r2 && cmp -s /tmp/p2 /tmp/r2; then
	ok "UDP echo of 1472 random bytes (the largest unfragmented datagram)"
else
	bad "UDP echo 1472" "got $(wc -c </tmp/r2 2>/dev/null) bytes back, or different ones"
fi
t0=$(now)
printf 'third' >/tmp/p3
if udp_echo /tmp/p3 /tmp/r3 && cmp -s /tmp/p3 /tmp/r3 && in_log "udpecho: 5 bytes from 10\.0\.0\.1:"; then
	ok "UDP echo of a third datagram, logged by udpecho with dom0's address"
else
	bad "UDP echo, third" "got '$(cat /tmp/r3 2>/dev/null)', or udpecho did not log it"
fi

# ---------------------------------------------------------------- close
# xl shutdown: the kernel closes netfront with netback (Closing, Closed),
# logs the stack's counters and netfront's totals, and powers off.
t0=$(now)
xl shutdown $name >/dev/null 2>&1
if wait_for 60 gone; then
	ok "xl shutdown: the domU closed its devices and powered off"
else
	bad "domU power-off" "still in xl list after 60 s; destroying it"
	xl destroy $name
fi
t0=$(now)
if in_log "udpecho: 5 bytes from" && in_log "netfront: eth0: closed: [0-9]+ frames received, [0-9]+ sent, 0 TX errors, 0 refused"; then
	ok "netfront closed: $(tr -d '\r' <"$log" | grep -oE 'eth0: closed: .*' | tail -1)"
else
	bad "netfront close" "no clean 'netfront: eth0: closed' line"
fi
t0=$(now)
if in_log "eth0: .*fragments dropped [1-9]"; then
	ok "the stack counted the fragments it dropped"
else
	bad "fragments" "no 'fragments dropped N' (N > 0) in the stack's counters"
fi
t0=$(now)
if in_log "panic|refused from the backend"; then
	bad "no panic, nothing refused" "$(tr -d '\r' <"$log" | grep -E 'panic|refused' | head -3 | tr '\n' ' ')"
else
	ok "no panic, nothing refused from the backend"
fi

echo "nettest: --- $log ---"
tr -d '\r' <"$log" | grep -vE '^$' | tail -n 60
echo "nettest: --- end ---"
echo "nettest: $passed passed, $failed failed"
[ $failed = 0 ]
