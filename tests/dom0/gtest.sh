#!/bin/sh
# Guests of our dom0, checked from inside dom0 (tests/area/dom0.sh appends
# this as /root/gtest.sh to the dom0 initramfs with make guests' archive).
# Each check prints one line "gtest: NAME: ok" or "gtest: NAME: FAIL (why)".
#
#   gtest.sh start   counters noted; ours and Linux's, PV and PVH, created
#                    at once; each must reach its shell
#   gtest.sh ops     xl list, info, dmesg, vcpu-list, pause/unpause,
#                    shutdown of each, reboot of one, destroy mid-boot, a
#                    guest that panics, and the counters back where they were
#   gtest.sh stress [N]  both, N rounds in one boot (by hand, not make test)
# (xl console, with typed input, is driven from outside between the two.)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
G=/root/guests
LOGDIR=/var/log/xen
CONS=$LOGDIR/console
GUESTS="ours-pv ours-pvh linux-pv linux-pvh"

ok() { echo "gtest: $1: ok${2:+ ($2)}"; }
bad() { echo "gtest: $1: FAIL ($2)"; }

# marker NAME: what the guest's console shows once it reached its shell.
marker() {
	case $1 in
	ours-*) echo "pvkernel user space" ;;
	linux-*) echo "linux-guest: up" ;;
	esac
}
# count_in FILE TEXT: how many lines of FILE hold TEXT.
count_in() { grep -acF "$2" "$1" 2>/dev/null || true; }
# wait_until SECONDS COMMAND...: whether COMMAND succeeded within SECONDS.
wait_until() {
	t=$(($1 * 10))
	shift
	while [ $t -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}
booted() { [ "$(count_in "$CONS/guest-$1.log" "$(marker "$1")")" -ge "${2:-1}" ]; }
gone() { ! xl domid "$1" >/dev/null 2>&1; }
state() { xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }
mapping() { awk -v n="$1" '$1 == n { print $2 }' /proc/xen/mappings; }
memfree() { awk '$1 == "MemFree:" { print $2 }' /proc/meminfo; }
logs_kb() { du -sk $LOGDIR 2>/dev/null | cut -f1; }

start() {
	for n in frames grants window_used; do
		echo "$(mapping $n)" >/tmp/gtest.$n
	done
	memfree >/tmp/gtest.memfree
	logs_kb >/tmp/gtest.logs
	t0=$(cut -d' ' -f1 /proc/uptime)
	for g in $GUESTS; do
		if xl create -q $G/$g.cfg >/tmp/gtest.create.$g 2>&1; then
			ok "create $g"
		else
			bad "create $g" "$(grep -a -m 2 'error' /tmp/gtest.create.$g | tr '\n' ' ')"
		fi
	done
	for g in $GUESTS; do
		if wait_until 120 booted $g; then
			ok "boot $g" "its shell $(awk -v t="$t0" '{ printf "%.0f", $1 - t }' /proc/uptime) s after the first xl create"
		else
			bad "boot $g" "no \"$(marker $g)\" on its console: $(tail -n 3 $CONS/guest-$g.log 2>/dev/null | tr '\n' '|')"
		fi
	done
	n=$(xl list | awk 'NR > 1' | wc -l)
	if [ "$n" -eq 5 ]; then ok "five domains at once" "$(xl list | awk 'NR > 1 { printf "%s ", $1 }')"; else bad "five domains at once" "xl list shows $n"; fi
}

ops() {
	if xl info | grep -qE '^nr_cpus +: [1-9]' && xl info | grep -qE '^free_memory +: [1-9]'; then
		ok "xl info"
	else
		bad "xl info" "$(xl info 2>&1 | head -n 3 | tr '\n' '|')"
	fi
	if xl dmesg | grep -q "Xen version 4.17"; then ok "xl dmesg"; else bad "xl dmesg" "no Xen version line"; fi
	n=$(xl vcpu-list | awk '$1 != "Name"' | wc -l)
	if [ "$n" -eq 5 ]; then ok "xl vcpu-list" "5 vCPUs"; else bad "xl vcpu-list" "$n vCPUs"; fi

	# Pause stops the guest from running, unpause lets it go on.
	xl pause ours-pv
	s1=$(state ours-pv)
	xl unpause ours-pv
	s2=$(state ours-pv)
	case "$s1|$s2" in
	*p*"|"*p*) bad "xl pause/unpause" "states $s1 then $s2" ;;
	*p*) ok "xl pause/unpause" "$s1 then $s2" ;;
	*) bad "xl pause/unpause" "states $s1 then $s2" ;;
	esac

	# Reboot: the domain comes back under a new id and boots again.
	id1=$(xl domid ours-pvh)
	xl reboot ours-pvh
	if wait_until 90 booted ours-pvh 2 && [ "$(xl domid ours-pvh 2>/dev/null)" != "$id1" ]; then
		ok "xl reboot" "ours-pvh was domain $id1, now $(xl domid ours-pvh)"
	else
		bad "xl reboot" "ours-pvh: id $id1 -> $(xl domid ours-pvh 2>&1), $(count_in $CONS/guest-ours-pvh.log "$(marker ours-pvh)") boots"
	fi

	# Shutdown of each: the guest powers off (reason code 0, poweroff).
	for g in $GUESTS; do
		id=$(xl domid $g 2>/dev/null)
		if ! timeout 90 xl shutdown -w $g >/tmp/gtest.shutdown.$g 2>&1; then
			bad "xl shutdown $g" "$(tail -n 2 /tmp/gtest.shutdown.$g | tr '\n' ' ')"
		elif ! wait_until 30 gone $g; then
			bad "xl shutdown $g" "still in xl list: $(xl list $g 2>&1 | tail -n 1)"
		elif grep -aq "Domain $id has shut down, reason code 0 " $LOGDIR/xl-$g.log 2>/dev/null; then
			ok "xl shutdown $g" "reason poweroff"
		else
			bad "xl shutdown $g" "xl's log: $(grep -a 'shut down' $LOGDIR/xl-$g.log 2>/dev/null | tail -n 1)"
		fi
	done

	# Destroy in the middle of a boot.
	xl create -q $G/linux-pv.cfg >/tmp/gtest.create.log 2>&1
	rc=$?
	sleep 1
	if ! xl destroy linux-pv >/tmp/gtest.destroy.log 2>&1; then
		bad "xl destroy mid-boot" "xl destroy failed: $(tr '\n' ' ' </tmp/gtest.destroy.log); xl create said ($rc): $(tail -n 3 /tmp/gtest.create.log | tr '\n' ' '); xl list: $(xl list | awk 'NR > 1 { printf "%s:%s ", $1, $5 }')"
	elif ! wait_until 30 gone linux-pv; then
		bad "xl destroy mid-boot" "linux-pv still there: $(xl list linux-pv 2>&1 | tail -n 1)"
	else
		ok "xl destroy mid-boot"
	fi

	# A guest that panics: on_crash "preserve" keeps it, crashed. xl then
	# renames it (a time suffix after its name): found by its name's start.
	xl create -q $G/ours-crash.cfg >/dev/null 2>&1
	if wait_until 60 sh -c '[ -n "$(xl list | awk "\$1 ~ /^ours-crash/ && \$5 ~ /c/ { print \$1 }")" ]'; then
		crashed=$(xl list | awk '$1 ~ /^ours-crash/ && $5 ~ /c/ { print $1; exit }')
		ok "on_crash preserve" "$crashed: state $(state "$crashed")"
	else
		crashed=ours-crash
		bad "on_crash preserve" "no crashed ours-crash in xl list: $(xl list | awk '$1 ~ /^ours-crash/ { print $1, $5 }' | tr '\n' ' '), console: $(tail -n 2 $CONS/guest-ours-crash.log 2>/dev/null | tr '\n' '|')"
	fi
	xl destroy "$crashed"

	# Nothing left behind: mappings, and memory beyond what the logs took.
	# (A destroyed domain lingers until xenstored and xenconsoled let go.)
	if wait_until 30 sh -c '[ "$(xl list | wc -l)" -eq 2 ]'; then
		ok "all guests gone"
	else
		bad "all guests gone" "xl list: $(xl list | awk 'NR > 1 { printf "%s:%s ", $1, $5 }')"
	fi
	sleep 2
	leak=
	for n in frames grants window_used; do
		[ "$(mapping $n)" = "$(cat /tmp/gtest.$n)" ] || leak="$leak $n $(cat /tmp/gtest.$n) -> $(mapping $n);"
	done
	if [ -z "$leak" ]; then ok "mappings back" "$(tr '\n' ' ' </proc/xen/mappings)"; else bad "mappings back" "$leak"; fi
	lost=$(($(cat /tmp/gtest.memfree) - $(memfree) - ($(logs_kb) - $(cat /tmp/gtest.logs))))
	if [ $lost -le 1024 ]; then
		ok "free memory back" "$lost KiB below the start, the logs' growth aside"
	else
		bad "free memory back" "$lost KiB below the start, the logs' growth aside"
	fi
}

# stress N: start and ops over and over, N rounds in one boot, stopping at
# the first failed check (not run by make test; Documentation/xen-dom0.md).
# The consoles' logs are emptied between rounds so each round counts its
# own boots; "xl dmesg" is not held against a round (Xen's console ring
# forgets its first lines after many domain builds).
stress() {
	i=0
	while [ $i -lt "${1:-8}" ]; do
		i=$((i + 1))
		echo "gtest: round $i"
		for step in start ops; do
			$step >/tmp/gtest.round 2>&1
			cat /tmp/gtest.round
			if grep FAIL /tmp/gtest.round | grep -qv 'xl dmesg'; then
				echo "gtest: stress: a check failed in round $i"
				return 1
			fi
		done
		for f in $CONS/*.log; do [ -f "$f" ] && : >"$f"; done
	done
	echo "gtest: stress: $i rounds passed"
}

case ${1:-} in
start) start ;;
ops) ops ;;
stress) stress "${2:-8}" ;;
*) echo "usage: $0 start|ops|stress [ROUNDS]" >&2; exit 2 ;;
esac
