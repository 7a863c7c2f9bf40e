/*
 * Another domain's frames in a process of a PV dom0 (privcmd, gntdev).
 *
 * A PV entry holds a machine frame, and Xen checks every entry against
 * the frame's owner. Our own set_pte() names DOMID_SELF and translates a
 * pseudo-physical frame first (p2m), which is wrong twice for a foreign
 * frame: so these entries are written with mmu_update naming the owning
 * domain as foreigndom, with the machine address of the entry and the
 * frame as it is. A grant goes into the entry directly: GNTTABOP_map_grant_ref
 * with GNTMAP_contains_pte and the entry's machine address, and Xen
 * writes the entry itself. Taking a foreign entry out is an ordinary
 * update to 0 (Xen drops its reference to the frame); a grant's entry
 * goes with GNTTABOP_unmap_grant_ref at the same address.
 *
 * These entries must never be read back through pte_val(), which
 * translates machine to pseudo-physical with our M2P view: only the
 * present bit is looked at here.
 */
#define pr_fmt(fmt) "xen-foreign: " fmt

#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <asm/xen/hypercall.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/vm.h>

#include "xen-ops.h"

/* mmu_update requests per hypercall: 512 entries in 8 KiB on the stack would be too much. */
#define BATCH 64

/* The flags of a user entry for a frame that is not ours (no NX without the CPU's support). */
static u64 entry_flags(bool writable)
{
	return uvm_prot_flags(PROT_READ | (writable ? PROT_WRITE : 0), cpu_has_nx());
}

/* The machine address of va's entry in mm, the tables made as needed; 0 if that fails. */
static u64 entry_maddr(struct mm *mm, u64 va)
{
	u64 *pte = uvm_pte(mm->pgd, va, true);

	return pte ? xen_pv_pte_maddr(pte) : 0;
}

/*
 * The frames as dom names them: its machine frames if it is PV, its
 * guest frames if it is translated (HVM, PVH), which Xen looks up in its
 * p2m. cmd MMU_PT_UPDATE_NO_TRANSLATE says they are machine frames
 * whatever dom is: what XENMEM_acquire_resource hands a PV caller.
 */
static int map_frames(struct mm *mm, u64 va, const xen_pfn_t *mfns, unsigned int n, domid_t dom,
		      bool writable, int *errs, unsigned int cmd)
{
	struct mmu_update req[BATCH];
	unsigned int idx[BATCH];
	u64 flags = entry_flags(writable);
	int mapped = 0;

	/* Xen refuses a domain's own id as foreigndom; dom0 is domain 0. */
	if (dom == 0)
		dom = DOMID_SELF;

	for (unsigned int i = 0; i < n;) {
		unsigned int k = 0, done = 0;

		/* A batch of the entries that could be found; one that could not is -ENOMEM. */
		for (; i < n && k < BATCH; i++) {
			u64 ma = entry_maddr(mm, va + ((u64)i << PAGE_SHIFT));

			if (!ma) {
				errs[i] = -ENOMEM;
				continue;
			}
			req[k].ptr = ma | cmd;
			req[k].val = ((u64)mfns[i] << PAGE_SHIFT) | flags;
			idx[k++] = i;
		}
		/* Xen stops at the first refused entry: note it, go on after it. */
		while (done < k) {
			unsigned int ok = 0;
			long rc = HYPERVISOR_mmu_update(req + done, k - done, &ok, dom);

			for (unsigned int j = done; j < done + ok; j++)
				errs[idx[j]] = 0;
			mapped += ok;
			done += ok;
			if (rc >= 0)
				break;
			errs[idx[done]] = (int)rc;
			xen_user_map_stats.errors++;
			done++;
		}
	}
	xen_user_map_stats.frames += mapped;
	return mapped;
}

static int pv_map_frames(struct mm *mm, u64 va, const xen_pfn_t *gfns, unsigned int n,
			 domid_t dom, bool writable, int *errs)
{
	return map_frames(mm, va, gfns, n, dom, writable, errs, MMU_NORMAL_PT_UPDATE);
}

static int pv_map_resource(struct mm *mm, u64 va, domid_t dom, u32 type, u32 id, u64 frame,
			   unsigned int n, bool writable)
{
	xen_pfn_t mfns[BATCH];
	int errs[BATCH];

	/* Under PV Xen returns the frames' machine numbers, mapped as such even for a translated dom. */
	for (unsigned int i = 0; i < n; i += BATCH) {
		struct xen_mem_acquire_resource r = {
			.domid = dom,
			.type = (u16)type,
			.id = id,
			.nr_frames = MIN(n - i, BATCH),
			.frame = frame + i,
		};
		long rc;
		int got;

		set_xen_guest_handle(r.frame_list, mfns);
		rc = HYPERVISOR_memory_op(XENMEM_acquire_resource, &r);
		if (rc)
			return (int)rc;
		got = map_frames(mm, va + ((u64)i << PAGE_SHIFT), mfns, r.nr_frames, dom, writable,
				 errs, MMU_PT_UPDATE_NO_TRANSLATE);
		if (got != (int)r.nr_frames) {
			for (unsigned int j = 0; j < r.nr_frames; j++)
				if (errs[j])
					return errs[j];
		}
	}
	return 0;
}

/* Every present entry in [start, end) goes; Xen drops the foreign frame with it. */
static void pv_unmap_frames(struct mm *mm, u64 start, u64 end)
{
	lazy_mmu_enter();
	for (u64 va = start; va < end; va += PAGE_SIZE) {
		u64 *pte = uvm_pte(mm->pgd, va, false);

		if (!pte || !(*pte & _PAGE_PRESENT))
			continue;
		set_pte(pte, 0);
		xen_user_map_stats.frames--;
	}
	lazy_mmu_leave();
	flush_tlb_all();
}

static int pv_map_grant(struct mm *mm, u64 va, domid_t dom, grant_ref_t ref, bool readonly,
			grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = entry_maddr(mm, va),
		.flags = GNTMAP_host_map | GNTMAP_application_map | GNTMAP_contains_pte |
			 (readonly ? GNTMAP_readonly : 0),
		.ref = ref,
		.dom = dom,
	};
	long rc;

	if (!op.host_addr)
		return -ENOMEM;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
	if (rc || op.status) {
		xen_user_map_stats.errors++;
		/* The call itself refused (status untouched, 0): its error, not success. */
		return rc ? (int)rc : xen_gntst_errno(op.status);
	}
	*handle = op.handle;
	xen_user_map_stats.grants++;
	return 0;
}

static int pv_unmap_grant(struct mm *mm, u64 va, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .handle = handle };
	u64 *pte = uvm_pte(mm->pgd, va, false);
	long rc;

	op.host_addr = pte ? xen_pv_pte_maddr(pte) : 0;
	if (!op.host_addr)
		return -EINVAL;
	xen_user_map_stats.grants--;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
	flush_tlb_one(va); /* Xen cleared the entry: our stale TLB entry goes after it */
	if (rc || op.status) {
		pr_warn("unmapping grant handle %u at %#llx: %ld, status %d\n", handle,
			(unsigned long long)va, rc, op.status);
		return rc ? (int)rc : xen_gntst_errno(op.status);
	}
	return 0;
}

const struct xen_user_map_ops xen_pv_user_map_ops = {
	.map_frames = pv_map_frames,
	.map_resource = pv_map_resource,
	.unmap_frames = pv_unmap_frames,
	.map_grant = pv_map_grant,
	.unmap_grant = pv_unmap_grant,
};
