/*
 * The PV MMU: page tables hold machine frames and only Xen writes them.
 * make_pte turns a pseudo-physical frame into the machine frame (the p2m
 * list Xen gave us) and pte_val turns it back (the m2p table Xen maps
 * read-only in its hole); set_pte is an mmu_update on the machine address
 * of the entry; a page becomes a page table only once no writable
 * mapping of it is left, so alloc_pt makes its mappings read-only and
 * make_pte never maps a known page-table page writable.
 *
 * Every op that changes Xen's view runs with events masked, from the
 * update of our own bookkeeping (the queue, cur_cr3, xen_user_base_mfn)
 * to the end of its hypercall. Xen may preempt mmu_update and mmuext_op
 * and continue them by re-entering the hypercall instruction; on that way
 * back it delivers pending events unless they are masked. An interrupt
 * there could switch to another process, whose own base pointers Xen
 * would then get before the rest of the continued call (the old user
 * base of 0 of an exiting process, say): Xen's tables and what we believe
 * it has would part, and the next iret to user mode would find no user
 * page tables. Masking also keeps the one queue per CPU consistent.
 */
#define pr_fmt(fmt) "xen-mmu: " fmt

#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/uvm.h>
#include <asm/xen/hypercall.h>
#include <kernel/errno.h>
#include <kernel/init.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "xen-ops.h"

#define MAX_PFNS XEN_PV_MAX_PFNS /* 4 GiB of guest memory */

static const u64 *p2m;
static u64 nr_pfns;
static u64 pt_bitmap[MAX_PFNS / 64];	    /* pfns that are page tables */
static u64 l1_bitmap[MAX_PFNS / 64];	    /* and of those, the last-level ones */
static u64 user_copy_bitmap[MAX_PFNS / 64]; /* top levels with a user-mode copy at pfn + 1 */
static u64 deferred_bitmap[MAX_PFNS / 64];  /* new tables not yet Xen's (commit()) */
static u64 cur_cr3;
/* The user-mode top level Xen has (machine frame), 0 for none: checked before every iret to user mode. */
u64 xen_user_base_mfn;
static u64 si_pt_pfn, si_pt_frames; /* Xen's bootstrap tables */

static const u64 *m2p(void)
{
	return (const u64 *)MACH2PHYS_VIRT_START;
}

static bool is_pt(u64 pfn)
{
	return pfn < MAX_PFNS && (pt_bitmap[pfn / 64] & (1ULL << (pfn % 64)));
}

static void set_bit_in(u64 *map, u64 pfn, bool on)
{
	if (pfn >= MAX_PFNS)
		return;
	if (on)
		map[pfn / 64] |= 1ULL << (pfn % 64);
	else
		map[pfn / 64] &= ~(1ULL << (pfn % 64));
}

static void mark_pt(u64 pfn, bool on)
{
	set_bit_in(pt_bitmap, pfn, on);
}

static bool is_l1(u64 pfn)
{
	return pfn < MAX_PFNS && (l1_bitmap[pfn / 64] & (1ULL << (pfn % 64)));
}

static bool has_user_copy(u64 pfn)
{
	return pfn < MAX_PFNS && (user_copy_bitmap[pfn / 64] & (1ULL << (pfn % 64)));
}

static bool is_deferred(u64 pfn)
{
	return pfn < MAX_PFNS && (deferred_bitmap[pfn / 64] & (1ULL << (pfn % 64)));
}

/* The pfn behind a kernel virtual address (image or direct map). */
static u64 virt_pfn(u64 va)
{
	if (va >= KERNEL_VIRT_BASE)
		return (va - KERNEL_VIRT_BASE) >> PAGE_SHIFT;
	return (va - DIRECT_MAP_BASE) >> PAGE_SHIFT;
}

u64 xen_make_pte(u64 v);
u64 xen_pte_val(u64 v);
void xen_set_pte(u64 *ptep, u64 v);
void xen_flush_tlb_one(unsigned long va);
void xen_flush_tlb_all(void);
void xen_write_cr3(unsigned long pa);
unsigned long xen_read_cr3(void);
void xen_alloc_pt(unsigned long pfn, unsigned long level);
void xen_release_pt(unsigned long pfn);
void xen_write_cr_ignored(unsigned long v);

u64 xen_make_pte(u64 v)
{
	u64 pfn;

	if (!(v & _PAGE_PRESENT))
		return v;
	pfn = (v & PTE_ADDR_MASK) >> PAGE_SHIFT;
	if (pfn >= nr_pfns)
		return v; /* not guest memory: leave the frame as it is */
	return (v & ~PTE_ADDR_MASK) | (p2m[pfn] << PAGE_SHIFT);
}

u64 xen_pte_val(u64 v)
{
	if (!(v & _PAGE_PRESENT))
		return v;
	return (v & ~PTE_ADDR_MASK) | (m2p()[(v & PTE_ADDR_MASK) >> PAGE_SHIFT] << PAGE_SHIFT);
}

/*
 * Lazy-MMU sections: last-level updates are queued and sent as one
 * mmu_update when the section ends (or the queue fills, or a TLB flush or
 * a higher-level update needs them applied first). Higher-level entries
 * go at once, because the code that set them walks through them next.
 * Sections nest; the scheduler flushes before a switch.
 * With lazymmu=off (make bench's comparison) the queue holds one entry,
 * so every update is a hypercall of its own.
 */
/* 512 entries (8 KiB): mprotect or munmap of 1024 pages in 3 hypercalls (128: 9). */
#define QUEUE_LEN 512

static struct mmu_update queue[QUEUE_LEN];
static unsigned int queued, queue_limit = QUEUE_LEN, lazy_depth;

static void queue_flush(void)
{
	long rc;

	if (!queued)
		return;
	rc = HYPERVISOR_mmu_update(queue, queued, NULL, DOMID_SELF);
	if (rc)
		panic("xen-mmu: a batch of %u page-table updates was refused: %ld", queued, rc);
	xen_stats.mmu_hypercalls++;
	xen_stats.mmu_batches++;
	xen_stats.mmu_batched += queued;
	queued = 0;
}

static void queue_add(struct mmu_update u)
{
	queue[queued++] = u;
	if (queued >= queue_limit)
		queue_flush();
}

/*
 * A new page table stays an ordinary writable page, filled with plain
 * stores, until it becomes part of a tree Xen validates: linked into a
 * table Xen holds already, or, a top level, loaded as a base pointer.
 * Then it and the new tables below it lose their write bit in queued
 * updates (which land before the link or the pin), and a top level is
 * pinned. So fork and exec build a process's tables without a hypercall
 * per entry or per table. Stale writable TLB entries of ours for them do
 * no harm: from then on the kernel writes them only through Xen.
 */
static void commit(u64 pfn)
{
	/* A page may be mapped in Xen's bootstrap area and in the direct map, early on in one. */
	u64 va[2] = { KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT), DIRECT_MAP_BASE + (pfn << PAGE_SHIFT) };
	u64 *pte[2];
	const u64 *t = NULL;

	if (!is_deferred(pfn))
		return;
	set_bit_in(deferred_bitmap, pfn, false);
	for (int i = 0; i < 2; i++) {
		pte[i] = kernel_lookup_pte(va[i]);
		if (pte[i] && !(*pte[i] & _PAGE_PRESENT))
			pte[i] = NULL;
		if (pte[i])
			t = (const u64 *)va[i];
	}
	if (t && !is_l1(pfn)) {
		for (int i = 0; i < PTRS_PER_TABLE; i++)
			if (t[i] & _PAGE_PRESENT)
				commit(m2p()[(t[i] & PTE_ADDR_MASK) >> PAGE_SHIFT]);
	}
	for (int i = 0; i < 2; i++) {
		if (pte[i])
			queue_add((struct mmu_update){
				.ptr = (p2m[virt_pfn((u64)pte[i])] << PAGE_SHIFT) |
				       ((u64)pte[i] & (PAGE_SIZE - 1)) | MMU_NORMAL_PT_UPDATE,
				.val = *pte[i] & ~_PAGE_RW,
			});
	}
}

/* Before pfn, a top level, is loaded: its new tables become Xen's, it is pinned. */
static void commit_top(u64 pfn)
{
	struct mmuext_op op[2] = { { .cmd = MMUEXT_PIN_L4_TABLE }, { .cmd = MMUEXT_PIN_L4_TABLE } };
	unsigned int n = 1;

	if (!is_deferred(pfn))
		return;
	commit(pfn);
	op[0].arg1.mfn = p2m[pfn];
	if (has_user_copy(pfn)) {
		commit(pfn + 1);
		op[n++].arg1.mfn = p2m[pfn + 1];
	}
	queue_flush();
	xen_stats.mmu_hypercalls++;
	if (HYPERVISOR_mmuext_op(op, n, NULL, DOMID_SELF))
		panic("xen-mmu: pinning the top level at pfn %#llx was refused", (unsigned long long)pfn);
}

void xen_lazy_enter(void);
void xen_lazy_leave(void);
void xen_lazy_flush(void);

void xen_lazy_enter(void)
{
	lazy_depth++;
}

void xen_lazy_leave(void)
{
	unsigned long flags = arch_local_irq_save();

	if (lazy_depth && --lazy_depth == 0)
		queue_flush();
	arch_local_irq_restore(flags);
}

void xen_lazy_flush(void)
{
	unsigned long flags = arch_local_irq_save();

	queue_flush();
	arch_local_irq_restore(flags);
}

static void set_pte_masked(u64 *ptep, u64 v)
{
	u64 va = (u64)ptep, table = virt_pfn(va);
	long rc;
	struct mmu_update u = {
		.ptr = (p2m[table] << PAGE_SHIFT) | (va & (PAGE_SIZE - 1)) | MMU_NORMAL_PT_UPDATE,
		.val = v,
	};

	/*
	 * A last-level entry that maps a page table must be read-only: Xen
	 * refuses writable mappings of them. (Entries of higher levels point
	 * at tables and keep their write bit: it governs the whole subtree.)
	 */
	if ((v & _PAGE_PRESENT) && is_l1(table) && is_pt(m2p()[(v & PTE_ADDR_MASK) >> PAGE_SHIFT]))
		u.val &= ~_PAGE_RW;

	if (is_deferred(table)) { /* not Xen's yet: a plain store (commit()) */
		*ptep = u.val;
		if (has_user_copy(table) && (va & (PAGE_SIZE - 1)) < 256 * 8)
			*(u64 *)(va + PAGE_SIZE) = u.val;
		return;
	}
	/* A new table linked into one of Xen's becomes Xen's first. */
	if ((v & _PAGE_PRESENT) && !is_l1(table))
		commit(m2p()[(v & PTE_ADDR_MASK) >> PAGE_SHIFT]);

	if (lazy_depth && is_l1(table)) {
		queue_add(u);
		return;
	}
	queue_flush(); /* what came before must land first */
	xen_stats.mmu_hypercalls++;
	xen_stats.mmu_single++;
	if (has_user_copy(table) && (va & (PAGE_SIZE - 1)) < 256 * 8) {
		/* A user-half entry of a process's top level: its user-mode copy too. */
		struct mmu_update both[2] = { u, u };

		both[1].ptr = (p2m[table + 1] << PAGE_SHIFT) | (va & (PAGE_SIZE - 1)) |
			      MMU_NORMAL_PT_UPDATE;
		rc = HYPERVISOR_mmu_update(both, 2, NULL, DOMID_SELF);
	} else {
		rc = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
	}
	if (rc) {
		u64 child = m2p()[(v & PTE_ADDR_MASK) >> PAGE_SHIFT];

		panic("xen-mmu: mmu_update of %p (table pfn %#llx%s) to %#llx (pfn %#llx%s) refused: %ld",
		      ptep, (unsigned long long)table, is_l1(table) ? ", last level" : "",
		      (unsigned long long)u.val, (unsigned long long)child,
		      is_pt(child) ? ", a page table" : "", rc);
	}
}

void xen_set_pte(u64 *ptep, u64 v)
{
	unsigned long flags = arch_local_irq_save();

	set_pte_masked(ptep, v);
	arch_local_irq_restore(flags);
}

u64 xen_pv_pte_maddr(const u64 *ptep)
{
	u64 table = virt_pfn((u64)ptep);
	unsigned long flags = arch_local_irq_save();

	queue_flush(); /* updates queued for the table land before Xen is handed it */
	arch_local_irq_restore(flags);
	/* A table not linked into a tree Xen holds is no page table to Xen yet. */
	if (is_deferred(table) || !is_l1(table))
		return 0;
	return (p2m[table] << PAGE_SHIFT) | ((u64)ptep & (PAGE_SIZE - 1));
}

static void mmuext(unsigned int cmd, u64 arg)
{
	struct mmuext_op op = { .cmd = cmd };
	unsigned long flags = arch_local_irq_save();

	queue_flush(); /* a flush or a new base must see the queued updates */
	xen_stats.mmu_hypercalls++;
	if (cmd == MMUEXT_INVLPG_LOCAL)
		op.arg1.linear_addr = arg;
	else
		op.arg1.mfn = arg;
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
		panic("xen-mmu: mmuext_op %u (%#llx) refused", cmd, (unsigned long long)arg);
	arch_local_irq_restore(flags);
}

void xen_flush_tlb_one(unsigned long va)
{
	mmuext(MMUEXT_INVLPG_LOCAL, va);
}

void xen_flush_tlb_all(void)
{
	mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

/*
 * A new address space is two base pointers: the top level for kernel mode
 * and its user-mode copy (none for the kernel's own table, which never
 * runs user code). In a context switch they join the multicall.
 */
static void write_cr3_masked(unsigned long pa)
{
	u64 pfn = pa >> PAGE_SHIFT;
	struct mmuext_op local[2], *op;
	unsigned int n = 0;
	bool batch = xen_mc_batching();

	commit_top(pfn);
	queue_flush();
	op = batch ? xen_mc_mmuext(2) : local;
	memset(local, 0, sizeof(local));
	if (pa != cur_cr3) {
		op[n].cmd = MMUEXT_NEW_BASEPTR;
		op[n++].arg1.mfn = p2m[pfn];
		op[n].cmd = MMUEXT_NEW_USER_BASEPTR;
		op[n++].arg1.mfn = has_user_copy(pfn) ? p2m[pfn + 1] : 0;
		xen_user_base_mfn = op[n - 1].arg1.mfn;
	} else {
		op[n++].cmd = MMUEXT_TLB_FLUSH_LOCAL;
	}
	cur_cr3 = pa;
	if (batch) {
		xen_mc_add(__HYPERVISOR_mmuext_op, (unsigned long)op, n, 0, DOMID_SELF);
		return;
	}
	xen_stats.mmu_hypercalls++;
	if (HYPERVISOR_mmuext_op(op, n, NULL, DOMID_SELF))
		panic("xen-mmu: new base pointer %#lx refused", pa);
}

void xen_write_cr3(unsigned long pa)
{
	unsigned long flags = arch_local_irq_save();

	write_cr3_masked(pa);
	arch_local_irq_restore(flags);
}

unsigned long xen_read_cr3(void)
{
	return cur_cr3;
}

/* Makes the mapping of pfn at va read-only (or writable again), if va maps it. */
static void remap(u64 va, u64 pfn, bool writable)
{
	u64 pte = (p2m[pfn] << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY |
		  (writable ? _PAGE_RW : 0);

	long rc;

	queue_flush();
	rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
	if (rc)
		panic("xen-mmu: cannot remap pfn %#llx at %#llx %s: %ld (cr3 pfn %#llx)",
		      (unsigned long long)pfn, (unsigned long long)va,
		      writable ? "writable" : "read-only", rc,
		      (unsigned long long)(cur_cr3 >> PAGE_SHIFT));
}

static u64 bootstrap_end_pfn;

/*
 * A page table that becomes an ordinary page again is made writable in
 * both places it may be mapped: Xen's bootstrap area at VIRT_BASE (which
 * reaches a 4 MiB boundary or more past its tables) and the direct map,
 * wherever either maps it by now. (Losing the write bit is commit()'s.)
 */
static void set_pt_writable(unsigned long pfn)
{
	u64 va[2] = { KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT), DIRECT_MAP_BASE + (pfn << PAGE_SHIFT) };

	for (int i = 0; i < 2; i++) {
		u64 *pte = kernel_lookup_pte(va[i]);

		if (pte && (pte_val(*pte) & _PAGE_PRESENT))
			remap(va[i], pfn, true);
	}
}

void xen_alloc_pt(unsigned long pfn, unsigned long level)
{
	unsigned long flags = arch_local_irq_save();

	mark_pt(pfn, true);
	set_bit_in(l1_bitmap, pfn, level == PT_LEVEL_PTE);
	set_bit_in(deferred_bitmap, pfn, true); /* Xen's when linked or loaded: commit() */
	if (level == PT_LEVEL_USER_P4D)
		set_bit_in(user_copy_bitmap, pfn - 1, true);
	if (queue_limit == 1) {
		/* lazymmu=off: Xen's at once, a hypercall per step, as without batching. */
		commit(pfn);
		if (level == PT_LEVEL_P4D || level == PT_LEVEL_USER_P4D)
			mmuext(MMUEXT_PIN_L4_TABLE, p2m[pfn]);
	}
	arch_local_irq_restore(flags);
}

void xen_release_pt(unsigned long pfn)
{
	struct mmuext_op op = { .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = p2m[pfn] };
	unsigned long flags = arch_local_irq_save();
	bool deferred = is_deferred(pfn);

	queue_flush();
	/* Only top-level tables are pinned; unpinning a lower one is refused harmlessly. */
	if (!deferred)
		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (pfn && has_user_copy(pfn - 1) && !has_user_copy(pfn))
		set_bit_in(user_copy_bitmap, pfn - 1, false); /* pfn was that copy */
	mark_pt(pfn, false);
	set_bit_in(l1_bitmap, pfn, false);
	set_bit_in(deferred_bitmap, pfn, false);
	if (!deferred) /* a table never Xen's kept its write bit */
		set_pt_writable(pfn);
	arch_local_irq_restore(flags);
}

void xen_write_cr_ignored(unsigned long v)
{
	(void)v; /* CR0/CR4 belong to Xen; the guest's wishes are moot */
}

PV_THUNK_RET_ARG_RAX(xen_make_pte);
PV_THUNK_RET_ARG_RAX(xen_pte_val);
PV_THUNK_PTEP_VAL(xen_set_pte);
PV_THUNK_ARG_RAX(xen_flush_tlb_one);
PV_CALLEE_SAVE_THUNK(xen_flush_tlb_all);
PV_THUNK_ARG_RAX(xen_write_cr3);
PV_CALLEE_SAVE_THUNK_RET(xen_read_cr3);
PV_CALLEE_SAVE_THUNK(xen_alloc_pt);
PV_CALLEE_SAVE_THUNK(xen_release_pt);
PV_THUNK_ARG_RAX(xen_write_cr_ignored);
PV_CALLEE_SAVE_THUNK(xen_lazy_enter);
PV_CALLEE_SAVE_THUNK(xen_lazy_leave);
PV_CALLEE_SAVE_THUNK(xen_lazy_flush);

/* Marks Xen's bootstrap tables, finding the last-level ones by walking from the top. */
static void classify(u64 pfn, int level)
{
	const u64 *t = (const u64 *)(KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT));

	mark_pt(pfn, true);
	set_bit_in(l1_bitmap, pfn, level == 1);
	if (level == 1)
		return;
	for (int i = 0; i < 512; i++) {
		u64 v = t[i], child;

		if (!(v & _PAGE_PRESENT) || (level == 4 && i >= 256 && i < 272))
			continue; /* Xen's own slots of the top level are not ours */
		if (level > 1 && level < 4 && (v & _PAGE_PSE))
			continue;
		child = m2p()[(v & PTE_ADDR_MASK) >> PAGE_SHIFT];
		if (child < nr_pfns && child >= (si_pt_pfn) && child < si_pt_pfn + si_pt_frames)
			classify(child, level - 1);
	}
}

/* lazymmu=off: every update its own hypercall, for comparison (make bench). */
static int parse_lazymmu(const char *val)
{
	if (!val || (strcmp(val, "on") && strcmp(val, "off")))
		return -EINVAL;
	queue_limit = !strcmp(val, "off") ? 1 : QUEUE_LEN;
	return 0;
}
kernel_param("lazymmu", parse_lazymmu);

bool xen_pv_mmu_batching(void)
{
	return queue_limit > 1;
}

void xen_pv_mmu_init(const struct start_info *si)
{
	u64 pt_pfn = (si->pt_base - KERNEL_VIRT_BASE) >> PAGE_SHIFT;
	struct paging_early e;
	char val[8];

	p2m = (const u64 *)si->mfn_list;
	/* A bigger domain runs on its first MAX_PFNS pages (bootinfo_pv.c says so). */
	nr_pfns = MIN(si->nr_pages, MAX_PFNS);
	/* Xen's bootstrap tables: pinned and read-only already. */
	si_pt_pfn = pt_pfn;
	si_pt_frames = si->nr_pt_frames;
	classify(pt_pfn, 4);
	cur_cr3 = pt_pfn << PAGE_SHIFT;
	/* Xen maps at least 512 KiB past its tables and stack page: early tables come from there. */
	bootstrap_end_pfn = pt_pfn + si->nr_pt_frames + 1 + (512 * 1024 >> PAGE_SHIFT);

	e.existing_pgd = cur_cr3;
	e.va_offset = KERNEL_VIRT_BASE;
	e.alloc_limit = bootstrap_end_pfn << PAGE_SHIFT;
	e.large_pages = false;
	paging_set_early(&e);

	/* The command line is parsed later (start_kernel), after the first page-table updates. */
	if (cmdline_find((const char *)si->cmd_line, "lazymmu", val, sizeof(val)))
		parse_lazymmu(val);
	/* Each process's user mode gets a top level without the kernel half. */
	uvm_pgd_order = 1;
}

/*
 * Machine frames that are not ours (another domain's, granted; firmware
 * tables; I/O memory) mapped into the vmap area, as the frames they are.
 */
void *xen_pv_map_foreign_frames(const xen_pfn_t *mfns, unsigned int n, bool writable)
{
	unsigned long va = vmap_reserve((u64)n << PAGE_SHIFT);
	u64 flags = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | (writable ? _PAGE_RW : 0);
	long rc;

	if (!va)
		return NULL;
	/* Builds the tables down to the last level (mapping pfn 0 for now)... */
	if (kernel_map_range(va, 0, (u64)n << PAGE_SHIFT, PAGE_KERNEL_RO, false))
		return NULL;
	/* ...whose entries then take the machine frames, untranslated. */
	for (unsigned int i = 0; i < n; i++) {
		rc = HYPERVISOR_update_va_mapping(va + ((unsigned long)i << PAGE_SHIFT),
						  (mfns[i] << PAGE_SHIFT) | flags | _PAGE_NX,
						  UVMF_INVLPG);
		if (rc) {
			pr_err("cannot map machine frame %#llx: %ld\n", (unsigned long long)mfns[i], rc);
			return NULL;
		}
	}
	return (void *)va;
}
