#!/bin/sh
# Runs the host unit-test programs given as arguments; prints each one's
# output and a total line. Exit status 1 if any failed or crashed.
passed=0
failed=0
for t in "$@"; do
	out=$("$t" 2>&1)
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
