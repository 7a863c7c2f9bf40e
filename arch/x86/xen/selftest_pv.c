/*
 * Self-tests of the PV backend, run with selftest=all; on any other
 * backend they pass after saying there is nothing to check. The generic
 * lazy-MMU test (kernel/selftest/paging.c) checks that updates made in a
 * section land; this one checks what the section is for under PV: the
 * updates reach Xen batched, not one hypercall each.
 */
#define pr_fmt(fmt) "selftest: " fmt

#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/xen/hypercall.h>
#include <kernel/mm.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#include "xen-ops.h"

/* 64 last-level entries written in one section: one mmu_update carries them all. */
static int test_xen_pv_batching(void)
{
	enum { N = 64 };
	struct xen_hypercall_stats before;
	unsigned long va;
	struct page *p;
	u64 *pte[N];

	if (strcmp(pv_ops.init.name, "xen-pv") || !xen_pv_mmu_batching()) {
		pr_info("xen_pv_batching: not the xen-pv backend with lazymmu=on, nothing to check\n");
		return 0;
	}
	va = vmap_reserve(N * PAGE_SIZE);
	p = alloc_pages(0);
	EXPECT(va && p);
	for (int i = 0; i < N; i++) {
		EXPECT(kernel_map_range(va + i * PAGE_SIZE, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL,
					false) == 0);
		pte[i] = kernel_lookup_pte(va + i * PAGE_SIZE);
		EXPECT(pte[i]);
	}
	before = xen_stats;
	lazy_mmu_enter();
	for (int i = 0; i < N; i++)
		set_pte(pte[i], 0);
	lazy_mmu_leave();
	pr_info("xen_pv_batching: %lu entries in %lu page-table hypercalls (%lu batches)\n",
		xen_stats.mmu_batched - before.mmu_batched,
		xen_stats.mmu_hypercalls - before.mmu_hypercalls,
		xen_stats.mmu_batches - before.mmu_batches);
	EXPECT(xen_stats.mmu_batched - before.mmu_batched == N);
	EXPECT(xen_stats.mmu_hypercalls - before.mmu_hypercalls == 1);
	flush_tlb_all();
	free_pages(p, 0);
	return 0;
}
DEFINE_SELFTEST(xen_pv_batching, test_xen_pv_batching, 0);
