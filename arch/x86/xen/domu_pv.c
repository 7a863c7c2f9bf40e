/*
 * What a PV domU finds in start_info besides memory: the console page and
 * the xenstore page, each a machine frame of our own memory that the
 * toolstack shares with a daemon in dom0, and the event channel that goes
 * with it. Our own frames are reached through the m2p table: the toolstack
 * put them among the pages Xen's bootstrap area maps at VIRT_BASE + pfn,
 * and bootinfo_pv.c keeps that area out of the page allocator, so that
 * address stays valid for good (the kernel's top level is Xen's, extended).
 *
 * Also the PV way to see frames that are not ours (grant-table frames):
 * map them by machine address into the vmap area.
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/xen/hypercall.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/xen-console.h>
#include <kernel/xenbus.h>

#include "xen-ops.h"

/* One of our own frames at its bootstrap-area address, or NULL if the mfn is not ours. */
u64 xen_pv_pfn_to_mfn(u64 pfn)
{
	return ((const u64 *)xen_start_info->mfn_list)[pfn];
}

void *xen_pv_own_mfn_to_virt(u64 mfn)
{
	const struct start_info *si = xen_start_info;
	const u64 *p2m = (const u64 *)si->mfn_list;
	u64 pfn = ((const u64 *)MACH2PHYS_VIRT_START)[mfn];

	if (pfn >= si->nr_pages || p2m[pfn] != mfn)
		return NULL;
	return (void *)(KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT));
}

static const struct xen_domu_ops pv_domu_ops;

void xen_pv_grant_ops_init(void)
{
	xen_domu_ops = &pv_domu_ops;
}

void xen_pv_domu_init(const struct start_info *si)
{
	void *cons = xen_pv_own_mfn_to_virt(si->console.domU.mfn);
	void *store = xen_pv_own_mfn_to_virt(si->store_mfn);

	/* No console yet to complain on: without its page a domU stays silent. */
	if (cons)
		xen_console_ring_register(cons, si->console.domU.evtchn, false);
	if (!cons)
		pr_warn("console page mfn %#lx is not one of ours; no console\n",
			(unsigned long)si->console.domU.mfn);
	if (store)
		xenbus_set_store(store, si->store_evtchn);
	else
		pr_err("xenstore page mfn %#lx is not one of ours; no xenstore, no devices\n",
		       (unsigned long)si->store_mfn);
	xen_pv_grant_ops_init();
	pr_info("console ring at mfn %#lx port %u, xenstore at mfn %#lx port %u\n",
		(unsigned long)si->console.domU.mfn, si->console.domU.evtchn,
		(unsigned long)si->store_mfn, si->store_evtchn);
}

/* The PV grant table: Xen names its frames (GNTTABOP_setup_table); we map them by machine address. */
static void *pv_grant_table_map(unsigned int want, unsigned int *got)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table st = { .dom = DOMID_SELF };
	xen_pfn_t frames[16];
	unsigned int n;
	long rc;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (rc || q.status != GNTST_okay) {
		pr_err("GNTTABOP_query_size failed: %ld, status %d\n", rc, q.status);
		return NULL;
	}
	n = MIN(MIN(want, q.max_nr_frames), (unsigned int)ARRAY_SIZE(frames));
	st.nr_frames = n;
	set_xen_guest_handle(st.frame_list, frames);
	rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
	if (rc || st.status != GNTST_okay) {
		pr_err("GNTTABOP_setup_table of %u frames failed: %ld, status %d\n", n, rc, st.status);
		return NULL;
	}
	*got = n;
	return xen_pv_map_foreign_frames(frames, n, true);
}

static const struct xen_domu_ops pv_domu_ops = {
	.page_gfn = xen_pv_pfn_to_mfn,
	.grant_table_map = pv_grant_table_map,
};
