# Helpers of the dom0 scripts that check our kernel as a domU
# (tests/xen-domu-dom0.sh, tests/xen-pvh-domu-dom0.sh), sourced in dom0
# from /host (run-host.sh puts it there). The script sets $tag (its verdict
# prefix), $passed, $failed, and $t0 before each check.

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
ok() { echo "$tag: $1: ok ($(since "$t0") s)"; passed=$((passed + 1)); }
# bad NAME WHY [LOG]: a failed check, with the end of LOG if given (the echo
# after it: the log's last line may lack its newline).
bad() {
	echo "$tag: $1: FAILED: $2 ($(since "$t0") s)"
	failed=$((failed + 1))
	[ -z "${3:-}" ] || { echo "$tag: --- end of $3 ---"; tail -n 30 "$3" | tr -d '\r' | sed "s/^/$tag:   | /"; echo; }
}
log_of() { echo "/var/log/xen/console/guest-$1.log"; }
# in_log NAME PATTERN: the pattern (grep -E) is in the domain's console log,
# whose lines end in \r\n (taken off first).
in_log() { tr -d '\r' <"$(log_of "$1")" 2>/dev/null | grep -qaE "$2"; }

# wait_for SECONDS COMMAND...: polls until COMMAND succeeds, or fails after
# about SECONDS. Every 0.2 s for the first 2 s, then every second: under
# single-threaded TCG each poll of dom0's is time the domU does not get.
wait_for() {
	limit=$1
	shift
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt $((limit + 8)) ] || return 1
		if [ $n -le 10 ]; then sleep 0.2; else sleep 1; fi
	done
}
gone() { ! xl domid "$1" >/dev/null 2>&1; }

# type_line NAME TEXT: types a line at the domain's console, through the pty
# xenconsoled gives it (as 'xl console' would), with a carriage return.
type_line() {
	tty=$(xenstore-read "/local/domain/$(xl domid "$1")/console/tty") || return 1
	printf '%s\r' "$2" >"$tty"
}

# destroy_during_write NAME IMAGE: the domain NAME sits at its shell prompt
# with IMAGE (a file name in dom0) as xvda. A dd of 62.5 MiB to /dev/xvda
# starts, and once blkback has counted 8 writes, xl destroy: the domain,
# its backend directory and the loop device over IMAGE must all go.
destroy_during_write() {
	domid=$(xl domid "$1")
	stats=/sys/bus/xen-backend/devices/vbd-$domid-51712/statistics
	type_line "$1" 'dd if=/dev/zero of=/dev/xvda bs=64k count=1000; echo dd-finished'
	if ! wait_for 60 sh -c "[ \$(cat $stats/wr_req 2>/dev/null || echo 0) -ge 8 ]"; then
		bad "xl destroy during a write" "blkback counted no writes ($(cat $stats/wr_req 2>/dev/null))" "$(log_of "$1")"
		xl destroy "$1" 2>/dev/null
	elif in_log "$1" "^dd-finished"; then
		bad "xl destroy during a write" "the write finished before the destroy" "$(log_of "$1")"
		xl destroy "$1" 2>/dev/null
	elif ! xl destroy "$1" || ! wait_for 30 gone "$1"; then
		bad "xl destroy during a write" "still in xl list" "$(log_of "$1")"
	elif ! wait_for 30 sh -c "! xenstore-exists /local/domain/0/backend/vbd/$domid"; then
		bad "xl destroy during a write" "the backend directory of domain $domid is still there"
	elif ! wait_for 30 sh -c "! losetup -a | grep -q '$2'"; then
		bad "xl destroy during a write" "a loop device still holds the image: $(losetup -a | grep "$2")"
	else
		ok "xl destroy in the middle of a write: the domain, its backend and the loop device are gone"
	fi
}

# panic_ends_domain NAME: NAME was created with selftest=bad_pointer and
# on_crash="destroy". Its panic must reach the console with a backtrace
# and tell Xen (SCHEDOP_shutdown crash), so the toolstack destroys it; a
# kernel that only halted would stay in xl list, blocked.
panic_ends_domain() {
	if ! wait_for 60 gone "$1"; then
		bad "panic" "still in xl list 60 s later: Xen was not told" "$(log_of "$1")"
		xl destroy "$1" 2>/dev/null
	elif ! in_log "$1" "Kernel panic" || ! in_log "$1" "\] selftest_write_bad_pointer\+0x"; then
		bad "panic" "no panic with a backtrace in the console log" "$(log_of "$1")"
	else
		ok "panic: register dump and backtrace on the console, then SCHEDOP_shutdown(crash): on_crash destroyed the domain"
	fi
}
