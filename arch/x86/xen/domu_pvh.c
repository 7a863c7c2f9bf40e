/*
 * What a PVH domU has instead of start_info's console and store fields:
 * HVM parameters (HVM_PARAM_CONSOLE_PFN/EVTCHN, HVM_PARAM_STORE_PFN/EVTCHN)
 * naming guest frames the toolstack set aside, which the guest maps like
 * any of its physical memory. Grant-table frames are placed by the guest
 * itself, with XENMEM_add_to_physmap, over pages it gives up for them.
 * Pages are named to Xen and to peers by their own frame numbers: in an
 * HVM container the guest's physical address space is Xen's translation.
 * Everything above (console ring, xenbus, grants, the front-ends) is the
 * same code as for a PV domU.
 */
#define pr_fmt(fmt) "xen-pvh: " fmt

#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/xen/hypercall.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/xen-console.h>
#include <kernel/xenbus.h>

#include "xen-ops.h"

static long hvm_param(unsigned int index, u64 *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return rc;
}

/* A guest frame outside our RAM (the toolstack's special pages) at a kernel address. */
static void *map_guest_frame(u64 pfn)
{
	u64 pa = pfn << PAGE_SHIFT;

	if (!pfn)
		return NULL;
	return direct_map_covers(pa, PAGE_SIZE) ? phys_to_virt(pa) : ioremap(pa, PAGE_SIZE);
}

static u64 pvh_page_gfn(u64 pfn)
{
	return pfn;
}

/*
 * The grant table over pages of our own: each add_to_physmap replaces
 * the RAM behind one frame with a grant-table frame (Xen frees the RAM),
 * so those pages are never given back to the allocator.
 */
static void *pvh_grant_table_map(unsigned int want, unsigned int *got)
{
	unsigned int order = 0;
	struct page *p;
	u64 pfn;

	while ((1U << order) < want)
		order++;
	if (order > 4)
		return NULL;
	p = alloc_pages(order);
	if (!p)
		return NULL;
	pfn = page_to_pfn(p);
	for (unsigned int i = 0; i < want; i++) {
		struct xen_add_to_physmap x = {
			.domid = DOMID_SELF,
			.space = XENMAPSPACE_grant_table,
			.idx = i,
			.gpfn = pfn + i,
		};
		long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);

		if (rc) {
			pr_err("XENMEM_add_to_physmap of grant frame %u at pfn %#llx: %ld\n", i,
			       (unsigned long long)(pfn + i), rc);
			if (i == 0)
				return NULL;
			want = i; /* Xen allows fewer: use what we have */
			break;
		}
	}
	*got = want;
	return page_address(p);
}

static const struct xen_domu_ops pvh_domu_ops = {
	.page_gfn = pvh_page_gfn,
	.grant_table_map = pvh_grant_table_map,
};

void xen_pvh_grant_ops_init(void)
{
	xen_domu_ops = &pvh_domu_ops;
}

/* Once the direct map and the events are up: console ring, store, grants. */
void xen_pvh_domu_init(void)
{
	u64 cons_pfn = 0, cons_port = 0, store_pfn = 0, store_port = 0;
	void *cons, *store;

	if (hvm_param(HVM_PARAM_CONSOLE_PFN, &cons_pfn) ||
	    hvm_param(HVM_PARAM_CONSOLE_EVTCHN, &cons_port) ||
	    hvm_param(HVM_PARAM_STORE_PFN, &store_pfn) ||
	    hvm_param(HVM_PARAM_STORE_EVTCHN, &store_port))
		pr_err("cannot read the console and store HVM parameters\n");
	cons = map_guest_frame(cons_pfn);
	store = map_guest_frame(store_pfn);
	if (cons)
		xen_console_ring_register(cons, (unsigned int)cons_port, true);
	else
		pr_warn("no console page (pfn %#llx); no console\n", (unsigned long long)cons_pfn);
	if (store)
		xenbus_set_store(store, (unsigned int)store_port);
	else
		pr_err("no xenstore page (pfn %#llx); no xenstore, no devices\n",
		       (unsigned long long)store_pfn);
	xen_pvh_grant_ops_init();
	pr_info("console ring at pfn %#llx port %llu, xenstore at pfn %#llx port %llu\n",
		(unsigned long long)cons_pfn, (unsigned long long)cons_port,
		(unsigned long long)store_pfn, (unsigned long long)store_port);
}
