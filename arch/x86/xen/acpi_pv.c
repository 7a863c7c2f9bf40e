/*
 * ACPI for a PV dom0. The kernel's physical addresses are pseudo-physical
 * there, but the firmware's tables lie at machine addresses: the RSDP in
 * the BIOS area, the others in ranges the machine's memory map reserves,
 * none of them in dom0's memory. So the parser's reader maps what it asks
 * for as the machine frames they are, read-only, and keeps the mappings:
 * a boot reads a few dozen small ranges. A domU has no firmware tables.
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/page.h>
#include <asm/xen/hypervisor.h>
#include <kernel/printk.h>

#include "xen-ops.h"

#define MAX_WINDOWS 32
#define MAX_PAGES   64 /* the BIOS area scanned for the RSDP is 32 */

static struct {
	u64 pa, len;
	const u8 *va;
} windows[MAX_WINDOWS];
static unsigned int nr_windows;

const void *xen_pv_acpi_map(u64 pa, u64 len)
{
	xen_pfn_t mfns[MAX_PAGES];
	u64 first, n;
	const u8 *va;

	if (!xen_dom0 || !len || pa + len < pa)
		return NULL;
	for (unsigned int i = 0; i < nr_windows; i++)
		if (pa >= windows[i].pa && pa + len <= windows[i].pa + windows[i].len)
			return windows[i].va + (pa - windows[i].pa);
	first = pa >> PAGE_SHIFT;
	n = ((pa + len - 1) >> PAGE_SHIFT) - first + 1;
	if (n > MAX_PAGES) {
		pr_warn("ACPI range %#llx+%#llx is too large to map\n", (unsigned long long)pa,
			(unsigned long long)len);
		return NULL;
	}
	for (u64 i = 0; i < n; i++)
		mfns[i] = first + i;
	va = xen_pv_map_foreign_frames(mfns, (unsigned int)n, false);
	if (!va)
		return NULL;
	if (nr_windows < MAX_WINDOWS)
		windows[nr_windows++] = (typeof(windows[0])){ first << PAGE_SHIFT, n << PAGE_SHIFT, va };
	return va + (pa & (PAGE_SIZE - 1));
}
