#!/bin/sh
# Boots a kernel image in QEMU on this terminal (serial console on stdio).
# usage: run-qemu.sh KERNEL "CMDLINE" [QEMU ARGS...]; quit with Ctrl-A X.
set -eu
kernel=$1
cmdline=$2
shift 2
echo "Booting $kernel in QEMU (TCG). Quit with Ctrl-A X."
exec qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot \
	-kernel "$kernel" -append "$cmdline" "$@"
