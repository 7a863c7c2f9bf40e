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
