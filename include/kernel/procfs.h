/*
 * What /proc shows on behalf of other subsystems (fs/procfs.c owns the
 * tree): a file's text is written once per open with proc_printf.
 */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include <kernel/compiler.h>

struct proc_text;

/* Appends to the text of the file being opened; what does not fit is cut. */
__printf(2, 3) void proc_printf(struct proc_text *t, const char *fmt, ...);

/* /proc/pvops: the pv_ops backend, how its call sites were patched, its hypercalls (arch). */
void arch_proc_pvops(struct proc_text *t);

#endif
