/*
 * What /proc (and /sys) show on behalf of other subsystems (fs/procfs*.c
 * own the trees): a file's text is written once per open with
 * proc_printf, and grows as needed (up to 64 KiB).
 */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct proc_text;

/* Appends to the text of the file being opened; what does not fit is cut. */
__printf(2, 3) void proc_printf(struct proc_text *t, const char *fmt, ...);
void proc_putc(struct proc_text *t, char c);

/* /proc/pvops: the pv_ops backend, how its call sites were patched, its hypercalls (arch). */
void arch_proc_pvops(struct proc_text *t);

/* /proc/cpuinfo: one block per CPU, as Linux formats it, from CPUID and the TSC (arch). */
void arch_proc_cpuinfo(struct proc_text *t);

/* /sys/hypervisor/type: "xen" under Xen; NULL (no such file) elsewhere (arch). */
const char *arch_hypervisor_type(void);
/* The hypervisor's version (Xen: XENVER_version, XENVER_extraversion): 0, or -ENOENT without one. */
int arch_hypervisor_version(unsigned int *major, unsigned int *minor, char *extra, size_t size);
/* The kernel's command line as the loader gave it: /proc/cmdline. */
const char *arch_kernel_cmdline(void);
/* /proc/xen/capabilities: whether this is Xen's control domain, dom0 (arch). */
bool arch_xen_control_domain(void);
/* dom0's foreign and grant mappings into processes, one "name count" a line: /proc/xen/mappings. */
void arch_xen_proc_mappings(struct proc_text *t);

#ifdef CONFIG_NET
/* /proc/net/dev: each interface's counters (net/). */
void net_proc_dev(struct proc_text *t);
/* /proc/net/route: the IPv4 routes, as Linux's fib lists them (net/). */
void net_proc_route(struct proc_text *t);
#else
static inline void net_proc_dev(struct proc_text *t __unused)
{
}
static inline void net_proc_route(struct proc_text *t __unused)
{
}
#endif

#endif
