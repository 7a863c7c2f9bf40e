/* Ending a boot: power-off, reboot, and the verdict for test harnesses. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include <kernel/compiler.h>
#include <kernel/types.h>

/* Verdicts, as written to QEMU's isa-debug-exit (QEMU exits with 2v+1). */
#define EXIT_PASS  0
#define EXIT_FAIL  1
#define EXIT_PANIC 2

__noreturn void machine_power_off(void);
__noreturn void machine_reboot(void);
__noreturn void machine_halt(void);
/*
 * Ends a test boot: with isa_debug_exit=PORT on the command line, QEMU
 * exits with the verdict as its status; otherwise the machine powers off.
 */
__noreturn void machine_exit(int verdict);
/* Whether isa_debug_exit= named a port (a test harness is listening). */
bool machine_has_debug_exit(void);
/* For panics: exit QEMU with EXIT_PANIC when a test harness asked for it, else halt. */
__noreturn void machine_panic_exit(void);

#endif
