/* Boot sequence entry points. */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#include <kernel/compiler.h>
#include <kernel/printk.h>

struct boot_info;

/* The one portable start, called by every entry once boot_info is filled. */
__noreturn void start_kernel(struct boot_info *bi);

/*
 * Stops the boot with a message when the machine or the loader gave us
 * something we cannot run with (too little memory, no memory map). Not a
 * panic: nothing in the kernel is broken.
 */
__noreturn __printf(1, 2) void boot_fail(const char *fmt, ...);

extern struct boot_info boot_info;

#endif
