/*
 * Boot-time initialisation of drivers and the buses they sit on. Each one
 * is registered in the file that defines it, the way system calls are:
 *
 *	static int xenbus_init(void) { ... }
 *	initcall(xenbus_init, INITCALL_BUS);
 *
 * so that start-up code (kernel/main.c) names no driver. kernel_main()
 * runs them once, in the first kernel thread (they may sleep, take
 * interrupts and start threads), after the initramfs check and before the
 * self-tests: every INITCALL_BUS one, then every INITCALL_DRIVER one, then
 * every INITCALL_LATE one. Within a level they run in link order (the
 * order of the Makefiles), which no initcall may rely on: one that needs
 * another's work belongs to a later level.
 *
 * An initcall returns 0, or -errno when its subsystem could not start,
 * which is logged with its name; the boot goes on either way. "Nothing to
 * do on this machine" (no xenstore: not a Xen domU) is 0, not an error.
 */
#ifndef KERNEL_INITCALL_H
#define KERNEL_INITCALL_H

#include <kernel/compiler.h>

enum initcall_level {
	INITCALL_BUS,	 /* what drivers find devices through: the xenstore connection */
	INITCALL_DRIVER, /* drivers and services on a bus: they find and start devices */
	INITCALL_LATE,	 /* what needs the devices started: the boot's wait for them */
	NR_INITCALL_LEVELS,
};

struct initcall {
	int (*fn)(void);
	const char *name;
	enum initcall_level level;
};

#define initcall(fn_, level_)                         \
	static const struct initcall __initcall_##fn_ \
		__section("initcalls") __used __aligned(8) = { fn_, #fn_, level_ }

#endif
