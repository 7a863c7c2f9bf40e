/* Fatal errors, backtraces and symbol names. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/types.h>

struct pt_regs;

__noreturn __printf(2, 3) void panic_with_regs(struct pt_regs *regs, const char *fmt, ...);

/* Prints the frame-pointer chain starting at (rip, rbp). */
void dump_backtrace(unsigned long rip, unsigned long rbp);
void dump_stack(void);

/*
 * Writes "name+0xoff/0xsize" for a kernel text address into buf, or the
 * bare address when no symbol covers it. Returns buf.
 */
const char *symbolize(unsigned long addr, char *buf, size_t size);

#endif
