#!/bin/bash
# The test suite: host unit tests, the formatting of the C files, a build of
# every tests/configs/*.config, and boots in QEMU (PVH entry, GRUB BIOS and
# UEFI, Xen 4.17 PV and PVH dom0, PV and PVH domUs under xl on a Linux
# dom0, KVM where it is real) that read what the kernel printed. Every boot
# has a time bound. Each area is a file, tests/area/AREA.sh; tests/lib.sh
# has the helpers. Documentation/testing.md tells how to run a part.
#
# usage: tests/run.sh [--quick] [-k PATTERN]... [--list] [AREA...]
#   AREA      run only these areas (in the suite's order), e.g. xen-pv; a
#             glob (domu-*), comma-separated lists, and the names quick
#             (unit format build native user: make check) and xen (every
#             Xen area) work too; default: every area (make test) but
#             those of OPTIONAL_AREAS (none today), which run only when named
#   --quick   the areas of make check (as the AREA quick)
#   -k PAT    run only the checks whose name holds PAT (a glob, any case;
#             several -k add up); the others are not run or counted
#   --list    list the areas and their checks, run nothing
# Results: PASS, FAIL (the kernel is wrong), ERROR (the test could not
# run as written), SKIP (not applicable here, with the reason). The last
# line is "N passed, N failed, N skipped"; the exit status is non-zero
# when anything failed.
set -u
cd "$(dirname "$0")/.."
# The same run from make (make test T=...) or from a shell: no variables
# of the calling make (its command line's T, K, U among them: make puts
# them in the environment) reach the makes started here.
unset MAKEFLAGS MFLAGS MAKELEVEL T K U

. tests/lib.sh

ALL_AREAS="unit format build native user pvops configs edge grub xen-pv net kvm xen-pvh domu-pv domu-pvh dom0"
# Areas that run only when named (tests/run.sh NAME, make test T=NAME), not
# in a whole run: none today.
OPTIONAL_AREAS=""
QUICK_AREAS="unit format build native user"
XEN_AREAS="xen-pv net xen-pvh domu-pv domu-pvh dom0"

usage() { sed -n '9,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }

wanted=()
while [ $# -gt 0 ]; do
	case $1 in
	--quick) wanted+=(quick) ;;
	--list) LIST=1 ;;
	-k) [ $# -ge 2 ] || usage; PATTERNS+=("$2"); shift ;;
	-k*) PATTERNS+=("${1#-k}") ;;
	-h|--help) usage 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) for a in ${1//,/ }; do wanted+=("$a"); done ;;
	esac
	shift
done

# The selected areas, in the suite's order.
selected=" "
for w in "${wanted[@]}"; do
	case $w in
	quick) list=$QUICK_AREAS ;;
	xen) list=$XEN_AREAS ;;
	all) list=$ALL_AREAS ;;
	*) list=""; for a in $ALL_AREAS $OPTIONAL_AREAS; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $a == $w ]] && list="$list $a"
	   done ;;
	esac
	if [ -z "$list" ]; then
		echo "run.sh: no area '$w'; the areas: $ALL_AREAS, when named: $OPTIONAL_AREAS (and quick, xen)" >&2
		exit 2
	fi
	selected="$selected$list "
done
areas=""
for a in $ALL_AREAS; do
	[ ${#wanted[@]} -eq 0 ] || [[ $selected == *" $a "* ]] && areas="$areas $a"
done
for a in $OPTIONAL_AREAS; do
	[[ $selected == *" $a "* ]] && areas="$areas $a"
done

if [ $LIST -eq 1 ]; then
	for AREA in $areas; do
		. tests/area/$AREA.sh
	done
	exit 0
fi

mkdir -p "$LOGS"
for AREA in $areas; do
	before=$((passed + failed + skipped))
	start=$(date +%s)
	. tests/area/$AREA.sh
	n=$((passed + failed + skipped - before))
	[ $n -eq 0 ] || echo "      ($AREA: $n checks in $(($(date +%s) - start)) s)"
done

# A pattern that selects nothing must not pass as an empty success.
if [ ${#PATTERNS[@]} -gt 0 ] && [ $((passed + failed + skipped)) -eq 0 ]; then
	error "-k ${PATTERNS[*]}" "no check of the areas$areas matches (tests/run.sh --list names them)"
fi
finish
