/*
 * Another domain's frames in a process of a PVH dom0 (privcmd, gntdev).
 *
 * A PVH domain's entries name its own guest-physical frames, which Xen
 * translates through the domain's p2m. So a foreign frame is first given
 * a guest-physical frame of ours (XENMEM_add_to_physmap_batch with
 * XENMAPSPACE_gmfn_foreign; a grant: GNTTABOP_map_grant_ref with that
 * frame's address as host_addr; a resource: XENMEM_acquire_resource with
 * our frames in frame_list), and the entry names that frame, like any
 * other. Taking it out: the entry goes, then the frame leaves the p2m
 * again (XENMEM_remove_from_physmap, or GNTTABOP_unmap_grant_ref) and is
 * free for the next mapping.
 *
 * The frames come from a window of guest-physical space that holds
 * neither RAM nor anything else in the memory map Xen gave us: 1 GiB of
 * frames from the first 1 GiB boundary above the map's end, and no lower
 * than 64 GiB, above where QEMU and most firmware put 64-bit PCI BARs
 * (nothing enumerates PCI yet; Documentation/xen-dom0.md). The window
 * must also lie below the CPU's physical address width, or an entry
 * naming its frames has reserved bits set (a page fault, never the
 * frame): where the map reaches that far (an AMD host's reserved range
 * just below 1 TiB, with 40 address bits), the window is the highest
 * free 1 GiB below the limit instead. The window costs no memory: the
 * frames have no RAM behind them while free.
 */
#define pr_fmt(fmt) "xen-foreign: " fmt

#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <asm/xen/hypercall.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/vm.h>

#include "xen-ops.h"

#define WINDOW_PAGES (1UL << 18) /* 1 GiB */
#define WINDOW_MIN   (64ULL << 30)
#define GIB	     (1ULL << 30)
#define BATCH	     64

static u64 window_base; /* first frame */
static u64 window_map[WINDOW_PAGES / 64];
static u64 window_hint; /* where the next search starts */

/* The CPU's physical address width, from CPUID (36 bits where it does not say). */
static u64 phys_limit(void)
{
	u32 r[4];

	cpuid(0x80000000, r);
	if (r[0] < 0x80000008)
		return 1ULL << 36;
	cpuid(0x80000008, r);
	return 1ULL << (r[0] & 0xff);
}

/* Whether [base, base + len) meets an entry of the memory map. */
static bool map_overlaps(const struct boot_info *bi, u64 base, u64 len)
{
	for (u32 i = 0; i < bi->nr_mem; i++)
		if (bi->mem[i].base < base + len && base < bi->mem[i].base + bi->mem[i].len)
			return true;
	return false;
}

void xen_pvh_user_map_init(const struct boot_info *bi)
{
	u64 top = 0, limit = phys_limit(), base, size = (u64)WINDOW_PAGES << PAGE_SHIFT;

	for (u32 i = 0; i < bi->nr_mem; i++)
		top = MAX(top, bi->mem[i].base + bi->mem[i].len);
	base = MAX(ALIGN_UP(top, GIB), WINDOW_MIN);
	if (base + size > limit) {
		for (base = ALIGN_DOWN(limit - size, GIB); base >= GIB; base -= GIB)
			if (!map_overlaps(bi, base, size))
				break;
		if (base < GIB) {
			pr_err("no room for the window below %#llx: no foreign or grant mappings\n",
			       (unsigned long long)limit);
			return;
		}
	}
	window_base = base >> PAGE_SHIFT;
	xen_user_map_stats.window_pages = WINDOW_PAGES;
	pr_info("foreign and grant mappings at guest frames %#llx-%#llx\n",
		(unsigned long long)window_base, (unsigned long long)(window_base + WINDOW_PAGES - 1));
}

/* A free frame of the window, or 0 when it is full. */
static u64 window_get(void)
{
	if (!window_base)
		return 0; /* no window: xen_pvh_user_map_init() found no room */
	for (u64 n = 0; n < WINDOW_PAGES; n++) {
		u64 i = (window_hint + n) % WINDOW_PAGES;

		if (window_map[i / 64] == ~0ULL) {
			n += 63 - i % 64; /* the rest of a full word */
			continue;
		}
		if (!(window_map[i / 64] & (1ULL << (i % 64)))) {
			window_map[i / 64] |= 1ULL << (i % 64);
			window_hint = i + 1;
			xen_user_map_stats.window_used++;
			return window_base + i;
		}
	}
	return 0;
}

static void window_put(u64 gpfn)
{
	u64 i = gpfn - window_base;

	if (gpfn < window_base || i >= WINDOW_PAGES || !(window_map[i / 64] & (1ULL << (i % 64)))) {
		pr_err("frame %#llx is not one of the window's in use\n", (unsigned long long)gpfn);
		return;
	}
	window_map[i / 64] &= ~(1ULL << (i % 64));
	xen_user_map_stats.window_used--;
}

static bool in_window(u64 gpfn)
{
	return gpfn >= window_base && gpfn - window_base < WINDOW_PAGES;
}

/* Points va's entry at our frame gpfn; false when the tables could not be made. */
static bool set_entry(struct mm *mm, u64 va, u64 gpfn, bool writable)
{
	u64 *pte = uvm_pte(mm->pgd, va, true);

	if (!pte)
		return false;
	set_pte(pte, make_pte((gpfn << PAGE_SHIFT) |
			      uvm_prot_flags(PROT_READ | (writable ? PROT_WRITE : 0), cpu_has_nx())));
	return true;
}

/* Takes gpfn out of the p2m again and gives it back to the window. */
static void physmap_remove(u64 gpfn)
{
	struct xen_remove_from_physmap r = { .domid = DOMID_SELF, .gpfn = gpfn };
	long rc = HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &r);

	if (rc)
		pr_warn("removing frame %#llx from the physmap: %ld\n", (unsigned long long)gpfn,
			rc);
	window_put(gpfn);
}

/* Clears va's entry and returns the window frame it named, or 0. */
static u64 clear_entry(struct mm *mm, u64 va)
{
	u64 *pte = uvm_pte(mm->pgd, va, false), gpfn;

	if (!pte || !(*pte & _PAGE_PRESENT))
		return 0;
	gpfn = (pte_val(*pte) & PTE_ADDR_MASK) >> PAGE_SHIFT;
	set_pte(pte, make_pte(0));
	flush_tlb_one(va);
	if (!in_window(gpfn)) {
		pr_err("entry at %#llx names frame %#llx, outside the window\n",
		       (unsigned long long)va, (unsigned long long)gpfn);
		return 0;
	}
	return gpfn;
}

static int pvh_map_frames(struct mm *mm, u64 va, const xen_pfn_t *gfns, unsigned int n,
			  domid_t dom, bool writable, int *errs)
{
	xen_ulong_t idxs[BATCH];
	xen_pfn_t gpfns[BATCH];
	int xerrs[BATCH];
	unsigned int at[BATCH];
	int mapped = 0;

	for (unsigned int i = 0; i < n;) {
		struct xen_add_to_physmap_batch b = {
			.domid = DOMID_SELF,
			.space = XENMAPSPACE_gmfn_foreign,
			.u.foreign_domid = dom,
		};
		unsigned int k = 0;
		long rc;

		for (; i < n && k < BATCH; i++) {
			u64 gpfn = window_get();

			if (!gpfn) {
				errs[i] = -ENOMEM;
				continue;
			}
			idxs[k] = gfns[i];
			gpfns[k] = gpfn;
			xerrs[k] = 0;
			at[k++] = i;
		}
		if (!k)
			continue;
		b.size = (u16)k;
		set_xen_guest_handle(b.idxs, idxs);
		set_xen_guest_handle(b.gpfns, gpfns);
		set_xen_guest_handle(b.errs, xerrs);
		rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b);
		for (unsigned int j = 0; j < k; j++) {
			int err = rc ? (int)rc : xerrs[j];
			u64 va_j = va + ((u64)at[j] << PAGE_SHIFT);

			if (!err && !set_entry(mm, va_j, gpfns[j], writable)) {
				err = -ENOMEM;
				physmap_remove(gpfns[j]);
			} else if (err) {
				xen_user_map_stats.errors++;
				window_put(gpfns[j]);
			}
			if (!err)
				mapped++;
			errs[at[j]] = err;
		}
	}
	xen_user_map_stats.frames += mapped;
	return mapped;
}

static int pvh_map_resource(struct mm *mm, u64 va, domid_t dom, u32 type, u32 id, u64 frame,
			    unsigned int n, bool writable)
{
	xen_pfn_t gpfns[BATCH];

	for (unsigned int i = 0; i < n; i += BATCH) {
		struct xen_mem_acquire_resource r = {
			.domid = dom,
			.type = (u16)type,
			.id = id,
			.nr_frames = MIN(n - i, BATCH),
			.frame = frame + i,
		};
		bool placed = false;
		unsigned int k;
		long rc = 0;

		for (k = 0; k < r.nr_frames; k++) {
			gpfns[k] = window_get();
			if (!gpfns[k]) {
				rc = -ENOMEM;
				break;
			}
		}
		/* Xen places the frames at the guest frames we name; -EIO: some of them. */
		set_xen_guest_handle(r.frame_list, gpfns);
		if (!rc) {
			rc = HYPERVISOR_memory_op(XENMEM_acquire_resource, &r);
			placed = !rc || rc == -EIO;
		}
		for (unsigned int j = 0; j < k; j++) {
			u64 va_j = va + ((u64)(i + j) << PAGE_SHIFT);

			if (!rc && set_entry(mm, va_j, gpfns[j], writable)) {
				xen_user_map_stats.frames++;
				continue;
			}
			if (!rc)
				rc = -ENOMEM;
			if (placed)
				physmap_remove(gpfns[j]);
			else
				window_put(gpfns[j]);
		}
		if (rc)
			return (int)rc;
	}
	return 0;
}

static void pvh_unmap_frames(struct mm *mm, u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 gpfn = clear_entry(mm, va);

		if (!gpfn)
			continue;
		physmap_remove(gpfn);
		xen_user_map_stats.frames--;
	}
}

static int pvh_map_grant(struct mm *mm, u64 va, domid_t dom, grant_ref_t ref, bool readonly,
			 grant_handle_t *handle)
{
	u64 gpfn = window_get();
	struct gnttab_map_grant_ref op = {
		.host_addr = gpfn << PAGE_SHIFT,
		.flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
		.ref = ref,
		.dom = dom,
	};
	struct gnttab_unmap_grant_ref un = { .host_addr = op.host_addr };
	long rc;

	/*
	 * A grant of our own (dom0 is domain 0): Xen would add our page at the
	 * window frame by taking it away from the frame it has in our memory
	 * (one frame per page in a translated domain's p2m), leaving a hole
	 * in RAM the kernel uses. Refused, as a grant Xen refuses is.
	 */
	if (dom == DOMID_SELF || dom == 0) {
		if (gpfn)
			window_put(gpfn);
		xen_user_map_stats.errors++;
		return -EINVAL;
	}
	if (!gpfn)
		return -ENOMEM;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
	if (rc || op.status) {
		xen_user_map_stats.errors++;
		window_put(gpfn);
		/* The call itself refused (status untouched, 0): its error, not success. */
		return rc ? (int)rc : xen_gntst_errno(op.status);
	}
	if (!set_entry(mm, va, gpfn, !readonly)) {
		un.handle = op.handle;
		HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1);
		window_put(gpfn);
		return -ENOMEM;
	}
	*handle = op.handle;
	xen_user_map_stats.grants++;
	return 0;
}

static int pvh_unmap_grant(struct mm *mm, u64 va, grant_handle_t handle)
{
	u64 gpfn = clear_entry(mm, va);
	struct gnttab_unmap_grant_ref op = { .host_addr = gpfn << PAGE_SHIFT, .handle = handle };
	long rc;

	if (!gpfn)
		return -EINVAL;
	xen_user_map_stats.grants--;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
	if (rc || op.status) {
		pr_warn("unmapping grant handle %u at %#llx: %ld, status %d\n", handle,
			(unsigned long long)va, rc, op.status);
		/* Xen still has the frame: it stays out of the window for good. */
		return rc ? (int)rc : xen_gntst_errno(op.status);
	}
	window_put(gpfn);
	return 0;
}

const struct xen_user_map_ops xen_pvh_user_map_ops = {
	.map_frames = pvh_map_frames,
	.map_resource = pvh_map_resource,
	.unmap_frames = pvh_unmap_frames,
	.map_grant = pvh_map_grant,
	.unmap_grant = pvh_unmap_grant,
};
