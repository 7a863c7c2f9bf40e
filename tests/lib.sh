# The suite's helpers, sourced by tests/run.sh before the areas
# (tests/area/*.sh): verdicts, the selection of checks (-k, --list), what a
# check needs built first, and the QEMU boot helpers.
# Results: PASS, FAIL (the kernel is wrong), ERROR (the test could not run
# as written), SKIP (not applicable here, with the reason).

O=build
LOGS=$O/tests
JOBS=$(nproc 2>/dev/null || echo 2)
passed=0 failed=0 skipped=0

pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1: $2"; failed=$((failed + 1)); }
error() { echo "ERROR $1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP  $1: $2"; skipped=$((skipped + 1)); }

# The last line of every run; the exit status is non-zero if anything failed.
finish() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ $failed -eq 0 ]
	exit
}

# Shows the end of a log under a failure so CI output explains itself.
show_log() { echo "      --- last lines of $1 ---"; tail -n "${2:-25}" "$1" | sed 's/^/      | /'; }

# ---------------------------------------------------------------- selection
# PATTERNS: the -k patterns (shell globs matched anywhere in a check's name,
# any case); none selects everything. LIST=1: print the checks, run none.
PATTERNS=()
LIST=0
CHECK=

matches() {
	local p
	[ ${#PATTERNS[@]} -eq 0 ] && return 0
	shopt -s nocasematch
	for p in "${PATTERNS[@]}"; do
		# shellcheck disable=SC2053 # $p is a glob on purpose
		if [[ $1 == *$p* ]]; then
			shopt -u nocasematch
			return 0
		fi
	done
	shopt -u nocasematch
	return 1
}

# area_doc "WHAT IT CHECKS" "TIME": the area's line in --list, printed
# before its first check that matches the patterns.
area_doc() {
	AREA_HEADER=$(printf '%-9s %s (%s)' "$AREA" "$1" "$2")
}
list_check() {
	matches "$1" || return 0
	[ -z "$AREA_HEADER" ] || echo "$AREA_HEADER"
	AREA_HEADER=
	echo "          $1"
}

# check NAME [NEED...]: true when the check NAME is to run: it is selected
# (-k), and what it needs is there (built first when it is not). Sets
# $CHECK to NAME. The name is the check's PASS line without its figures, so
# `-k` with any words of a PASS line finds it.
check() {
	CHECK=$1
	shift
	if [ $LIST -eq 1 ]; then
		list_check "$CHECK"
		return 1
	fi
	matches "$CHECK" || return 1
	need "$@"
}

# check_group GROUP "SCRIPT..." [NEED...]: for the checks that one boot of
# the Xen test host runs together (the SCRIPTs, in its dom0, print a verdict
# per check). The boot runs when a pattern matches GROUP or "GROUP: CHECK"
# for a check the SCRIPTs name; then group_verdict counts the verdicts
# whose names match (all of them when GROUP itself matched).
GROUP_ALL=1
# The names the scripts give their verdicts, ok "NAME..." (and with KIND
# "ok\|bad", bad "NAME" "WHY" too), without the figures filled in at run time.
verdict_names() {
	local kind=$1
	shift
	# shellcheck disable=SC2086 # a list of files
	sed -n "s/.*\\<\\($kind\\) \"\\([^\"\$]*\\).*/\\2/p" $* |
		sed -e 's/ ([^)]*$//' -e 's/[: (]*$//' | awk '!seen[$0]++'
}
check_group() {
	local group=$1 scripts=$2 names n
	shift 2
	CHECK=$group
	if [ $LIST -eq 1 ]; then
		while IFS= read -r n; do
			if matches "$group"; then list_check "$group: $n"
			elif matches "$group: $n"; then list_check "$group: $n"; fi
		done < <(verdict_names ok "$scripts")
		return 1
	fi
	names=$(verdict_names 'ok\|bad' "$scripts")
	GROUP_ALL=1
	if ! matches "$group"; then
		GROUP_ALL=0
		local found=0
		while IFS= read -r n; do
			[ -n "$n" ] && matches "$group: $n" && { found=1; break; }
		done <<<"$names"
		[ $found -eq 1 ] || return 1
	fi
	need "$@"
}

# group_verdict pass NAME | fail NAME WHY: one verdict of a check_group boot.
group_verdict() {
	[ $GROUP_ALL -eq 1 ] || matches "$2" || return 0
	"$@"
}

# ---------------------------------------------------------------- prerequisites
# need WHAT...: makes each WHAT once per run, in the order given (build,
# initramfs, xen, iso:NAME, ...: the need_* functions below, which do not
# call each other: a check lists everything it needs, dependencies first);
# true when all are there. The first failure is the verdict of the check
# that needed it ($CHECK); later checks of the same area that need it are
# dropped, and each other area that needs it says so once (SKIP).
declare -A NEED_STATE NEED_NOTED
need() {
	local what
	for what in "$@"; do
		case ${NEED_STATE[$what]:-} in
		ok) continue ;;
		failed)
			if [ -z "${NEED_NOTED[$AREA:$what]:-}" ]; then
				NEED_NOTED[$AREA:$what]=1
				skip "$CHECK" "needs $what, which failed above"
			fi
			return 1 ;;
		esac
		NEED_VERDICT=fail NEED_NAME=$CHECK NEED_WHY="" NEED_LOG=""
		if "need_${what%%:*}" "${what#*:}"; then
			NEED_STATE[$what]=ok
			continue
		fi
		NEED_STATE[$what]=failed
		NEED_NOTED[$AREA:$what]=1
		$NEED_VERDICT "$NEED_NAME" "$NEED_WHY"
		[ -z "$NEED_LOG" ] || show_log "$NEED_LOG"
		# Nothing can run without the default build: stop, as a whole run does.
		[ "$what" = build ] && finish
		return 1
	done
	return 0
}

# Each need_X returns 0 when X is ready; else sets NEED_WHY (and NEED_VERDICT:
# fail or error, NEED_NAME: the verdict's name if not the check's, NEED_LOG). They are quiet and cheap when make has nothing to do.
need_build() {
	make -s -j"$JOBS" >"$LOGS/build.log" 2>&1 && return 0
	NEED_NAME=build NEED_WHY="make failed" NEED_LOG=$LOGS/build.log
	return 1
}
need_initramfs() {
	make -s initramfs >"$LOGS/initramfs.log" 2>&1 && return 0
	NEED_WHY="building the initramfs failed" NEED_LOG=$LOGS/initramfs.log
	return 1
}
# Debian's Xen 4.17 hypervisor, from the archive (kept in build/xen).
need_xen() {
	bash scripts/xen/fetch-xen.sh $O/xen >"$LOGS/xen-fetch.log" 2>&1 && return 0
	NEED_VERDICT=error NEED_WHY="could not fetch Debian's xen-hypervisor-4.17-amd64" NEED_LOG=$LOGS/xen-fetch.log
	return 1
}
# The Linux dom0 test host of make xenhost (Documentation/xen-testhost.md).
need_xenhost() {
	make -s xenhost >"$LOGS/xenhost.log" 2>&1 && return 0
	NEED_VERDICT=error NEED_WHY="make xenhost failed (Debian's archive unreachable?): $(tail -n 1 "$LOGS/xenhost.log")"
	NEED_LOG=$LOGS/xenhost.log
	return 1
}
# The dom0 initramfs with Debian's Xen toolstack (make dom0, build/dom0).
need_dom0() {
	make -s dom0 >"$LOGS/dom0-build.log" 2>&1 && return 0
	NEED_WHY="make dom0 failed (Debian's archive unreachable?): $(tail -n 1 "$LOGS/dom0-build.log")"
	NEED_LOG=$LOGS/dom0-build.log
	return 1
}
# The guests for our dom0 (make guests: our kernel and Debian's Linux, xl
# configurations) and tests/dom0/gtest.sh as /root/gtest.sh: $LOGS/dom0-guests.cpio.
need_guests() {
	if ! make -s guests >"$LOGS/guests-build.log" 2>&1; then
		NEED_WHY="make guests failed: $(tail -n 1 "$LOGS/guests-build.log")"
		NEED_LOG=$LOGS/guests-build.log
		return 1
	fi
	rm -rf "$LOGS/gtest-root"
	mkdir -p "$LOGS/gtest-root/root"
	cp tests/dom0/gtest.sh "$LOGS/gtest-root/root/gtest.sh"
	(cd "$LOGS/gtest-root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$LOGS/gtest.cpio" &&
		cat "$O/dom0/guests.cpio" "$LOGS/gtest.cpio" >"$LOGS/dom0-guests.cpio" && return 0
	NEED_WHY="could not pack tests/dom0/gtest.sh with cpio"
	return 1
}
# A small initramfs (2 files, 3 directories) for the edge cases and the ISOs.
need_testcpio() {
	rm -rf "$LOGS/initramfs"
	mkdir -p "$LOGS/initramfs/etc" "$LOGS/initramfs/bin"
	echo "hello from the initramfs" > "$LOGS/initramfs/etc/motd"
	printf '#!/bin/sh\necho hi\n' > "$LOGS/initramfs/bin/hello"
	(cd "$LOGS/initramfs" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$LOGS/initramfs.cpio" && return 0
	NEED_WHY="could not make the test initramfs with cpio"
	return 1
}
# The archive tests hand to make run EXTRA_INITRD=: a note, and a script
# for busybox (from the initramfs it is appended to) that prints it.
EXTRA_NOTE="a note from the archive that EXTRA_INITRD appended"
need_extracpio() {
	rm -rf "$LOGS/extra-initrd"
	mkdir -p "$LOGS/extra-initrd/etc/extra"
	echo "$EXTRA_NOTE" >"$LOGS/extra-initrd/etc/extra/note"
	printf 'exec >/dev/console 2>&1\n/bin/busybox cat /etc/extra/note\n' >"$LOGS/extra-initrd/etc/extra/check.sh"
	(cd "$LOGS/extra-initrd" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$LOGS/extra-initrd.cpio" && return 0
	NEED_WHY="could not make the EXTRA_INITRD archive with cpio"
	return 1
}
# need_iso NAME (iso:NAME; after build, testcpio, and xen for the Xen
# ones): the GRUB ISO $LOGS/NAME.iso with the test initramfs and the
# self-tests on the command line; NAME xen (ISO_DEFAULT=1: Xen, PV dom0)
# and xen-pvh (2: PVH dom0) boot the Xen entries by default.
need_iso() {
	local def=0
	case $1 in xen) def=1 ;; xen-pvh) def=2 ;; esac
	ISO_DEFAULT=$def sh scripts/mkiso.sh $O "$ST" "$LOGS/$1.iso" "$LOGS/initramfs.cpio" >"$LOGS/$1-iso.log" 2>&1 && return 0
	NEED_VERDICT=error NEED_WHY="grub-mkrescue failed" NEED_LOG=$LOGS/$1-iso.log
	return 1
}
# need_config NAME (config:NAME): tests/configs/NAME.config built in build/configs/NAME.
# FRESH=1 (the "config NAME builds" check) starts from an empty directory;
# otherwise a build already there is reused when the fragment is older.
need_config() {
	local name=$1 cfg=tests/configs/$1.config dir=$O/configs/$1 lost
	if [ "${FRESH:-0}" = 1 ] || [ ! -f "$dir/.config" ] || [ "$cfg" -nt "$dir/.config" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		cp "$cfg" "$dir/.config"
		if ! make -s O="$dir" olddefconfig >"$LOGS/config-$name.log" 2>&1; then
			NEED_WHY="build failed" NEED_LOG=$LOGS/config-$name.log
			return 1
		fi
	fi
	if ! make -s -j"$JOBS" O="$dir" >>"$LOGS/config-$name.log" 2>&1; then
		NEED_WHY="build failed" NEED_LOG=$LOGS/config-$name.log
		return 1
	fi
	# Every line of the fragment must survive olddefconfig (catches renamed options).
	lost=$(grep -E '^(CONFIG_|# CONFIG_)' "$cfg" | while read -r line; do
		grep -qxF "$line" "$dir/.config" || echo "$line"; done)
	if [ -n "$lost" ]; then
		NEED_VERDICT=error NEED_WHY="options not in the resulting .config: $lost"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------- boots
# qemu_boot NAME TIMEOUT QEMU-ARGS...: runs QEMU with the debug-exit device;
# sets $log and $rc (QEMU's status: 1 pass, 3 fail, 5 panic, 124 timeout).
qemu_boot() {
	local name=$1 tmo=$2
	shift 2
	log=$LOGS/$name.log
	timeout "$tmo" qemu-system-x86_64 -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 "$@" </dev/null >"$log" 2>&1
	rc=$?
}

# check_selftests NAME: the verdict of a boot that ran selftest=all.
check_selftests() {
	local name=$1
	if [ $rc -eq 124 ]; then
		fail "$name" "no verdict within the time bound (hang)"; show_log "$log"
	elif grep -aq "Kernel panic\|boot failed" "$log"; then
		fail "$name" "the kernel panicked or stopped"; show_log "$log" 40
	elif ! grep -aq "selftest: summary: [0-9]* passed, 0 failed" "$log"; then
		fail "$name" "no passing self-test summary (QEMU status $rc)"
		# What failed first, wherever it stands in the log; then its end.
		grep -aE "selftest: .*(FAIL|expected|leak check)" "$log" | head -n 8 | sed 's/^/      ! /'
		show_log "$log"
	elif [ $rc -ne 1 ]; then
		fail "$name" "summary passed but QEMU exited $rc, not the pass verdict 1"
	else
		pass "$name ($(grep -ao 'summary: [0-9]* passed' "$log" | head -1 | cut -d' ' -f2) self-tests)"
	fi
}

# expect_in_log NAME PATTERN...: every pattern must appear (grep -E).
expect_in_log() {
	local name=$1 p
	shift
	for p in "$@"; do
		if ! grep -aqE "$p" "$log"; then
			fail "$name" "missing from the log: $p"; show_log "$log"
			return 1
		fi
	done
	return 0
}

ST="isa_debug_exit=0xf4 selftest=all"
PVH() { qemu_boot "$1" "$2" -accel tcg -m "${MEM:-128}" -kernel "${KERNEL:-$O/kernel}" -append "$3" "${@:4}"; }

# Xen 4.17 in QEMU with the kernel as its PV dom0 (XEN_PV) or PVH dom0
# (XEN_PVH): XEN_PV LOGNAME TIMEOUT "CMDLINE"; sets $log and $rc.
XEN_PV() {
	log=$LOGS/$1.log
	bash scripts/xen/run-xen.sh --test --timeout "$2" $O/xen/xen-4.17 $O/kernel "$3" $O/initramfs.cpio >"$log" 2>&1
	rc=$?
}
XEN_PVH() {
	log=$LOGS/$1.log
	bash scripts/xen/run-xen.sh --test --pvh --timeout "$2" $O/xen/xen-4.17 $O/kernel "$3" $O/initramfs.cpio >"$log" 2>&1
	rc=$?
}

# A person at Xen's serial line: boots dom0 to busybox's prompt, types
# LINE and waits for QEMU to end (the line should end the boot):
# XEN_TYPED LOGNAME TIMEOUT "LINE" [run-xen.sh option...] "CMDLINE"; sets $log and $rc.
XEN_TYPED() {
	local fifo=$LOGS/$1.in qpid i line=$3
	log=$LOGS/$1.log
	rm -f "$fifo"; mkfifo "$fifo"
	bash scripts/xen/run-xen.sh "${@:4:$#-4}" --timeout "$2" $O/xen/xen-4.17 $O/kernel "${!#}" \
		$O/initramfs.cpio <"$fifo" >"$log" 2>&1 &
	qpid=$!
	exec 4>"$fifo"
	for ((i = 0; i < 900; i++)); do
		grep -aq '/ # ' "$log" && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.1
	done
	# In a subshell: if QEMU is gone, the SIGPIPE ends only that.
	(printf '%s\r' "$line" >&4) 2>/dev/null
	wait $qpid
	rc=$?
	exec 4>&-
	rm -f "$fifo"
}

# The dom0 of make run XEN=pv|pvh DOM0=xl, driven at its console: boots
# the dom0 initramfs (dom0_mem 512M of 2048 MiB, as make run does), waits
# for its setup's last line ("dom0: ready" or "dom0: not ready: ..."),
# then at busybox's prompt types each COMMAND followed by an end mark, and
# waits for the mark (60 s each); finally poweroff -f.
# DOM0_SESSION LOGNAME pv|pvh "CMDLINE" COMMAND...; sets $log, $rc (QEMU's
# status) and $dom0_setup (the setup's last line, empty if none came).
# The output of COMMAND number N (from 1) is what dom0_output N prints.
# A COMMAND "@console NAME" runs xl console NAME, types a line into the
# guest's shell (echo typed-$((6*7))-NAME) and leaves with Ctrl-].
# DOM0_EXTRA (environment): archives appended to the dom0 initramfs.
DOM0_SESSION() {
	local fifo=$LOGS/$1.in qpid i n=0 mode=() cmd initrd=$O/dom0/initramfs.cpio
	log=$LOGS/$1.log
	local args="isa_debug_exit=0xf4 $3"
	# As make run XEN=pvh DOM0=xl: AVX off beside guests under TCG (xen-dom0.md).
	[ "$2" = pvh ] && mode=(--pvh) && args="$args xsave=sse"
	if [ -n "${DOM0_EXTRA:-}" ]; then
		# shellcheck disable=SC2086
		cat "$initrd" $DOM0_EXTRA >"$LOGS/$1.cpio"
		initrd=$LOGS/$1.cpio
	fi
	rm -f "$fifo"; mkfifo "$fifo"
	DOM0_MEM=512M,max:512M QEMU_MEM=2048 bash scripts/xen/run-xen.sh --test --stdin "${mode[@]}" \
		--timeout 1200 $O/xen/xen-4.17 $O/kernel "$args" "$initrd" \
		<"$fifo" >"$log" 2>&1 &
	qpid=$!
	exec 4>"$fifo"
	dom0_setup=
	for ((i = 0; i < 3000; i++)); do
		dom0_setup=$(tr -d '\r' <"$log" | grep -a -m1 -E '^dom0: (ready|not ready)')
		[ -n "$dom0_setup" ] && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.1
	done
	shift 3
	if [ -n "$dom0_setup" ]; then
		for cmd in "$@"; do
			n=$((n + 1))
			dom0_wait_prompt $qpid
			case $cmd in
			"@console "*)
				dom0_console $qpid $n "${cmd#@console }"
				continue ;;
			esac
			# The mark's digits come from the shell, so the echoed line does not match.
			(printf '%s\r' "echo @@dom0-begin-\$((0+$n)); $cmd; echo @@dom0-end-\$((0+$n))" >&4) 2>/dev/null
			for ((i = 0; i < 3000; i++)); do
				tr -d '\r' <"$log" | grep -aq "^@@dom0-end-$n\$" && break
				kill -0 $qpid 2>/dev/null || break
				sleep 0.1
			done
		done
		dom0_wait_prompt $qpid
		(printf 'poweroff -f\r' >&4) 2>/dev/null
	fi
	for ((i = 0; i < 600; i++)); do
		kill -0 $qpid 2>/dev/null || break
		sleep 0.1
	done
	kill $qpid 2>/dev/null
	wait $qpid
	rc=$?
	exec 4>&-
	rm -f "$fifo"
}
# dom0_console QEMUPID N NAME: command N is xl console NAME, with a typed line.
dom0_console() {
	local i
	(printf '%s\r' "echo @@dom0-begin-\$((0+$2)); xl console $3; echo @@dom0-end-\$((0+$2))" >&4) 2>/dev/null
	sleep 3
	(printf '\r' >&4) 2>/dev/null
	sleep 1
	(printf '%s\r' "echo typed-\$((6*7))-$3" >&4) 2>/dev/null
	for ((i = 0; i < 300; i++)); do
		tr -d '\r' <"$log" | grep -aq "^typed-42-$3\$" && break
		kill -0 "$1" 2>/dev/null || return
		sleep 0.1
	done
	(printf '\035' >&4) 2>/dev/null # Ctrl-]: xenconsole lets go
	for ((i = 0; i < 300; i++)); do
		tr -d '\r' <"$log" | grep -aq "^@@dom0-end-$2\$" && break
		kill -0 "$1" 2>/dev/null || return
		sleep 0.1
	done
}
dom0_wait_prompt() {
	local i
	for ((i = 0; i < 100; i++)); do
		tail -c 200 "$log" | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | grep -aq '# $' && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
}
dom0_output() {
	tr -d '\r' <"$log" | sed -n "/^@@dom0-begin-$1\$/,/^@@dom0-end-$1\$/p" | sed '1d;$d'
}

# make run EXTRA_INITRD=... as a person types it, with XEN= empty, pv or
# pvh, but no terminal: the appended archive's script is init, and the
# debug-exit port (through QEMU_ARGS) ends QEMU when it exits.
# RUN_EXTRA_INITRD LOGNAME TIMEOUT [pv|pvh]; sets $log and $rc (124 on timeout).
RUN_EXTRA_INITRD() {
	log=$LOGS/$1.log
	timeout "$2" make -s run XEN="${3:-}" EXTRA_INITRD="$LOGS/extra-initrd.cpio" \
		CMDLINE="isa_debug_exit=0xf4 init=/bin/busybox -- sh /etc/extra/check.sh" \
		QEMU_ARGS="-device isa-debug-exit,iobase=0xf4,iosize=4" </dev/null >"$log" 2>&1
	rc=$?
}
# check_extra_initrd NAME: the verdict of RUN_EXTRA_INITRD. make's own
# status says little (QEMU's pass verdict 1 is an error to make): the note
# must be printed and init must end with status 0.
check_extra_initrd() {
	local name=$1
	if [ $rc -eq 124 ]; then
		fail "$name" "no verdict within the time bound (hang)"; show_log "$log"
	elif grep -aq "Kernel panic" "$log"; then
		fail "$name" "the kernel panicked"; show_log "$log" 40
	elif expect_in_log "$name" "initramfs: module 0: .*\(archives appended\)" "$EXTRA_NOTE" \
		"init exited with status 0: boot ends: pass"; then
		pass "$name"
	fi
}

OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
have_uefi() { [ -f $OVMF_CODE ] && [ -d /usr/lib/grub/x86_64-efi ]; }
