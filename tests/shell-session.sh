#!/bin/bash
# Drives an interactive busybox shell on the serial console, as a person
# would: waits for the prompt, types commands, checks what comes back,
# interrupts a running command with ^C. Prints PASS/FAIL lines per step and
# exits non-zero on the first failure.
# usage: tests/shell-session.sh KERNEL INITRAMFS LOG
# With XEN=path/to/xen in the environment the kernel boots as Xen's PV
# dom0 (scripts/xen/run-xen.sh) and the session goes through Xen's serial
# line and console_io.
set -u
kernel=$1 initrd=$2 log=$3
fifo=$(mktemp -u)
mkfifo "$fifo"
exec 3<>"$fifo"
rm -f "$fifo"
: > "$log"
if [ -n "${XEN:-}" ]; then
	bash "$(dirname "$0")/../scripts/xen/run-xen.sh" --test --stdin --timeout 300 \
		"$XEN" "$kernel" "isa_debug_exit=0xf4" "$initrd" <&3 >"$log" 2>&1 &
else
	timeout 300 qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$kernel" -initrd "$initrd" -append "isa_debug_exit=0xf4" <&3 >"$log" 2>&1 &
fi
qpid=$!
trap 'kill $qpid 2>/dev/null; wait $qpid 2>/dev/null' EXIT

# wait_for PATTERN SECONDS: polls the log (from the last mark on) for an ERE.
mark=0
wait_for() {
	local pat=$1 secs=$2 i
	for ((i = 0; i < secs * 10; i++)); do
		# ash queries the cursor position (ESC[6n) and colours nothing else: strip escapes.
		if tail -c +$((mark + 1)) "$log" | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' |
		   grep -aqE "$pat"; then
			return 0
		fi
		kill -0 $qpid 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
# send TEXT: types a line; the next wait_for only looks at what comes after.
send() {
	mark=$(stat -c %s "$log")
	printf '%s\r' "$1" >&3
}
step() {	# step NAME PATTERN SECONDS
	if wait_for "$2" "$3"; then
		echo "PASS  shell: $1"
	else
		echo "FAIL  shell: $1: no /$2/ within $3 s"
		echo "      --- last lines of $log ---"
		tail -n 15 "$log" | tr -d '\r' | sed 's/^/      | /'
		exit 1
	fi
}

step "boots to a busybox prompt" '# $' 120
send 'echo hello | tr a-z A-Z'
step "pipeline" '^HELLO' 20
send 'for i in 1 2 3; do echo n$i; done > /tmp/f; cat /tmp/f | wc -l'
step "loop and redirection" '^3$' 20
# The first command of each pipeline exits at once: the shell puts the
# second into its group, possibly a zombie's, and gives that group the
# terminal (a group lives until its last member is reaped).
send 'n=0; for i in $(seq 100); do printf abc | cat >/dev/null || n=$((n+1)); done; echo pipe-failures=$n'
step "100 job-control pipelines whose first command exits at once" '^pipe-failures=0$' 60
send 'sleep 1000'
sleep 2
mark=$(stat -c %s "$log")
printf '\003' >&3
step "^C interrupts a running command" '# $' 20
send 'echo back; echo $?'
step "the shell survives ^C" '^back' 20
send '/usr/bin/segv; echo status=$?'
step "a segfaulting program is killed with a message" 'killed by SIGSEGV' 20
step "and the shell sees status 139" 'status=139' 20
send '/usr/bin/badwrite'
step "a write through a bad pointer returns EFAULT" 'EFAULT' 20
send 'cat /proc/pvops'
step "/proc/pvops" 'sites' 20
send 'exit'
exit 0
