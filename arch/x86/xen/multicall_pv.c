/*
 * Multicalls: hypercalls queued during a lazy-CPU section (a context
 * switch) and sent to Xen as one __HYPERVISOR_multicall when the section
 * ends. A queued call has not happened yet, so only updates whose effect
 * nothing inside the section depends on may be queued: the kernel stack
 * for the next entry from user mode, the address space, FS/GS bases.
 * Arguments that are pointers (mmuext_op arrays) live in the batch itself
 * and stay valid until the flush.
 */
#define pr_fmt(fmt) "xen-mc: " fmt

#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "xen-ops.h"

#define MC_MAX	   8
#define MC_EXT_MAX 8

static struct multicall_entry calls[MC_MAX];
static struct mmuext_op ext[MC_EXT_MAX];
static unsigned int nr_calls, nr_ext, depth;

bool xen_mc_batching(void)
{
	return depth != 0;
}

void xen_mc_flush(void)
{
	unsigned int n = nr_calls;
	long rc;

	if (!n)
		return;
	nr_calls = 0;
	nr_ext = 0;
	rc = HYPERVISOR_multicall(calls, n);
	xen_stats.multicalls++;
	xen_stats.mc_entries += n;
	if (rc)
		panic("xen-mc: multicall of %u entries refused: %ld", n, rc);
	for (unsigned int i = 0; i < n; i++) {
		if ((long)calls[i].result < 0)
			panic("xen-mc: hypercall %lu (entry %u of %u) failed: %ld",
			      (unsigned long)calls[i].op, i, n, (long)calls[i].result);
	}
}

void xen_mc_add(unsigned long op, unsigned long a0, unsigned long a1, unsigned long a2,
		unsigned long a3)
{
	struct multicall_entry *e;

	if (nr_calls == MC_MAX)
		xen_mc_flush();
	e = &calls[nr_calls++];
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
	e->args[3] = a3;
}

struct mmuext_op *xen_mc_mmuext(unsigned int n)
{
	struct mmuext_op *op;

	if (nr_ext + n > MC_EXT_MAX)
		xen_mc_flush();
	op = &ext[nr_ext];
	nr_ext += n;
	memset(op, 0, n * sizeof(*op));
	return op;
}

/* pv_ops.cpu.lazy_enter/lazy_leave: sections nest; the outermost end sends the batch. */
void xen_cpu_lazy_enter(void);
void xen_cpu_lazy_leave(void);

void xen_cpu_lazy_enter(void)
{
	depth++;
}

void xen_cpu_lazy_leave(void)
{
	if (depth && --depth == 0)
		xen_mc_flush();
}

PV_CALLEE_SAVE_THUNK(xen_cpu_lazy_enter);
PV_CALLEE_SAVE_THUNK(xen_cpu_lazy_leave);
