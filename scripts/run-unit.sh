#!/bin/sh
# Runs the host unit-test programs given as arguments; prints each one's
# output and a total line. Exit status 1 if any failed or crashed.
# usage: scripts/run-unit.sh PROGRAM[:CASE]...
# PROGRAM:CASE runs only that case of the program (its -k option: the
# case's name, or a glob); a CASE that names no case is a failure.
passed=0
failed=0
for arg in "$@"; do
	t=$arg
	kase=
	# A ':' after the last '/' separates the case (paths may hold ':' before it).
	case ${arg##*/} in
	*:*) kase=${arg##*:}; t=${arg%:*} ;;
	esac
	if [ -n "$kase" ]; then
		out=$("$t" -k "$kase" 2>&1)
	else
		out=$("$t" 2>&1)
	fi
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | tail -n 1 | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$out" | tail -n 1 | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "$(basename "$t"): crashed (exit $rc) before its summary"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || { echo "$(basename "$t"): exit $rc"; failed=$((failed + 1)); }
done
echo "unit tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
