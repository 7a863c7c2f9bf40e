/*
 * Address spaces: the list of areas (vmas) and the operations that change
 * it: map, unmap, protect, fork, destroy. Page-table changes that come in
 * bulk run inside a lazy-MMU section, so a paravirtual backend can batch
 * them; the TLB is flushed once at the end. Everything that changes the
 * list, the entries or the page counts holds mm_lock() (mm/internal.h).
 */
#define pr_fmt(fmt) "vm: " fmt

#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#include "internal.h"

#define MMAP_BASE 0x00007f0000000000ULL

u64 kernel_pgd(void)
{
	return kernel_pgd_phys();
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgd = uvm_pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	list_init(&mm->vmas);
	mm->mmap_base = MMAP_BASE;
	return mm;
}

struct vma *vma_next(struct mm *mm, struct vma *v)
{
	return v->list.next == &mm->vmas ? NULL : list_entry(v->list.next, struct vma, list);
}

struct vma *vma_from(struct mm *mm, u64 addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, list)
		if (v->end > addr)
			return v;
	return NULL;
}

struct vma *vma_find(struct mm *mm, u64 addr)
{
	struct vma *v = vma_from(mm, addr);

	return v && v->start <= addr ? v : NULL;
}

static void vma_free(struct mm *mm, struct vma *v)
{
	list_del(&v->list);
	mm->map_count--;
	if (v->file)
		file_put(v->file);
	kfree(v);
}

/* Drops one mapping of the page an entry holds, and clears the entry. */
static void unmap_pte(u64 *pte, u64 va, void *arg)
{
	struct mm *mm = arg;
	u64 v = pte_val(*pte);

	set_pte(pte, make_pte(0));
	put_page(pfn_to_page((v & PTE_ADDR_MASK) >> PAGE_SHIFT));
	mm->pages--;
}

/* A device's pages in [start, end) of area v go back to its driver. */
static void io_unmap(struct mm *mm, struct vma *v, u64 start, u64 end)
{
	v->file->ops->unmap(v->file, mm, v, MAX(start, v->start), MIN(end, v->end));
}

int vm_io_insert(struct mm *mm, const struct vma *v, u64 va, void *page)
{
	u64 *pte = uvm_pte(mm->pgd, va, true);

	if (!pte)
		return -ENOMEM;
	set_pte(pte, make_pte(virt_to_phys(page) | uvm_prot_flags(v->prot, cpu_has_nx())));
	return 0;
}

bool vm_io_remove(struct mm *mm, u64 va)
{
	u64 *pte = uvm_pte(mm->pgd, va, false);

	if (!pte || !(*pte & _PAGE_PRESENT))
		return false;
	set_pte(pte, make_pte(0));
	flush_tlb_one(va);
	return true;
}

void vm_zap_range(struct mm *mm, u64 start, u64 end)
{
	unsigned long flags = mm_lock();
	struct vma *v;

	/* Device areas first: their entries are no pages of ours to put. */
	for (v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v))
		if (v->flags & VMA_IO)
			io_unmap(mm, v, start, end);
	lazy_mmu_enter();
	for (v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v))
		if (!(v->flags & VMA_IO))
			uvm_walk(mm->pgd, MAX(start, v->start), MIN(end, v->end), unmap_pte, mm);
	lazy_mmu_leave();
	/* Only the running address space can have the entries cached (no PCIDs). */
	flush_tlb_all();
	mm_unlock(flags);
}

/*
 * Splits the area holding addr so that a boundary lies there. With limit,
 * refuses to go beyond MAX_MAP_COUNT areas, as Linux's split_vma() does.
 */
static int split_at(struct mm *mm, u64 addr, bool limit)
{
	struct vma *v = vma_find(mm, addr), *n;

	if (!v || v->start == addr)
		return 0;
	if (limit && mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	n = kmalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = addr;
	if (v->file) {
		u64 off = addr - v->start;

		n->file_off = v->file_off + off;
		n->file_len = v->file_len > off ? v->file_len - off : 0;
		v->file_len = MIN(v->file_len, off);
		file_get(v->file);
	}
	v->end = addr;
	list_add(&n->list, &v->list);
	mm->map_count++;
	return 0;
}

static int split_range(struct mm *mm, u64 start, u64 end, bool limit)
{
	int rc = split_at(mm, start, limit);

	return rc ? rc : split_at(mm, end, limit);
}

int vma_split_range(struct mm *mm, u64 start, u64 end)
{
	return split_range(mm, start, end, true);
}

/*
 * Whether b takes up where a ends and behaves the same, so that the two
 * can be one area. Only private anonymous memory: a file area's offsets
 * and length would have to line up too, and it is rarely worth it.
 */
static bool vma_continues(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags && !a->file &&
	       !b->file;
}

void vma_merge_range(struct mm *mm, u64 start, u64 end)
{
	/* From the neighbour below start (the area that ends at it), if any. */
	struct vma *v = vma_from(mm, start ? start - 1 : 0), *n;

	/* Up to the pair of the last area in the range and the one above it. */
	for (; v && v->start < end; v = n) {
		n = vma_next(mm, v);
		if (n && vma_continues(v, n)) {
			v->end = n->end;
			vma_free(mm, n);
			n = v;
		}
	}
}

int vma_set_flags(struct mm *mm, u64 start, u64 end, u32 set, u32 clear)
{
	struct vma *v;
	int rc;

	for (v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v)) {
		u64 from = MAX(start, v->start);

		/* An area that already behaves so is left whole, as Linux leaves it. */
		if (((v->flags & ~clear) | set) == v->flags)
			continue;
		rc = split_range(mm, from, MIN(end, v->end), true);
		if (rc)
			return rc;
		v = vma_find(mm, from);
		v->flags = (v->flags & ~clear) | set;
	}
	vma_merge_range(mm, start, end);
	return 0;
}

int vm_unmap(struct mm *mm, u64 start, u64 len)
{
	u64 end = start + ALIGN_UP(len, PAGE_SIZE);
	struct vma *v, *n;
	unsigned long flags;
	int rc;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || end > USER_TOP || end <= start)
		return -EINVAL;
	flags = mm_lock();
	/*
	 * Cutting the middle out of one area leaves one area more, which must
	 * stay within the limit; other cuts end with no more areas than before,
	 * so their splits may pass it for a moment (as in Linux).
	 */
	v = vma_find(mm, start);
	rc = -ENOMEM;
	if (v && v->start < start && v->end > end && mm->map_count >= MAX_MAP_COUNT)
		goto out;
	rc = split_range(mm, start, end, false);
	if (rc)
		goto out;
	vm_zap_range(mm, start, end);
	for (v = vma_from(mm, start); v && v->start < end; v = n) {
		n = vma_next(mm, v);
		vma_free(mm, v);
	}
out:
	mm_unlock(flags);
	return rc;
}

int vma_map(struct mm *mm, u64 start, u64 end, u32 prot, u32 flags, struct file *file,
	    u64 file_off, u64 file_len)
{
	struct vma *v, *pos;
	unsigned long lock;
	int rc;

	if (!IS_ALIGNED(start | end, PAGE_SIZE) || end <= start || end > USER_TOP)
		return -EINVAL;
	lock = mm_lock();
	/* Linux's do_mmap() test: one more area is fine at the limit, not beyond. */
	rc = -ENOMEM;
	if (mm->map_count > MAX_MAP_COUNT)
		goto out;
	pos = vma_from(mm, start);
	if (pos && pos->start < end) {
		rc = vm_unmap(mm, start, end - start);
		if (rc)
			goto out;
	}
	rc = -ENOMEM;
	v = kzalloc(sizeof(*v));
	if (!v)
		goto out;
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->file = file ? file_get(file) : NULL;
	v->file_off = file_off;
	v->file_len = file ? file_len : 0;
	pos = vma_from(mm, start);
	list_add_tail(&v->list, pos ? &pos->list : &mm->vmas); /* before pos, or at the end */
	mm->map_count++;
	vma_merge_range(mm, start, end);
	rc = 0;
out:
	mm_unlock(lock);
	return rc;
}

struct protect_arg {
	u32 prot;
	bool nx_ok;
	bool changed;
};

/* Up to this many pages, TLB entries are flushed one by one; beyond, all at once. */
#define FLUSH_ONE_BY_ONE 16

/*
 * Sets an entry's rights for a new protection. Write access is never
 * granted here: the next write faults and the fault handler decides
 * between copying (a private page shared copy-on-write) and just
 * allowing it.
 */
static void protect_pte(u64 *pte, u64 va, void *arg)
{
	struct protect_arg *a = arg;
	u64 v = pte_val(*pte), frame = v & PTE_ADDR_MASK, nv;

	if (a->prot == PROT_NONE)
		nv = frame | _PAGE_PROTNONE;
	else
		nv = frame | (uvm_prot_flags(a->prot & ~PROT_WRITE, a->nx_ok));
	if (nv != v) {
		set_pte(pte, make_pte(nv));
		a->changed = true;
	}
}

int vm_protect(struct mm *mm, u64 start, u64 len, u32 prot)
{
	u64 end = start + ALIGN_UP(len, PAGE_SIZE), at;
	struct protect_arg a = { prot, true, false };
	unsigned long flags;
	struct vma *v;
	int rc;

	if (!IS_ALIGNED(start, PAGE_SIZE) || end < start)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	flags = mm_lock();
	/*
	 * The whole range must be mapped (ENOMEM), a shared mapping of a
	 * file opened read-only never becomes writable and a device's mapping
	 * keeps its protection (EACCES): whichever
	 * comes first going up, as Linux finds them.
	 */
	for (at = start, v = vma_from(mm, start); at < end; at = v->end, v = vma_next(mm, v)) {
		rc = -ENOMEM;
		if (!v || v->start > at)
			goto out;
		rc = -EACCES;
		if ((prot & PROT_WRITE) && (v->flags & VMA_NOWRITE))
			goto out;
		/* A device's entries are its driver's (foreign frames under PV): never rewritten here. */
		if (v->flags & VMA_IO)
			goto out;
	}
	rc = vma_split_range(mm, start, end);
	if (rc)
		goto out;
	for (v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v))
		v->prot = prot;
	a.nx_ok = cpu_has_nx();
	/* The TLB is flushed after the section, so the updates can go as one batch. */
	lazy_mmu_enter();
	uvm_walk(mm->pgd, start, end, protect_pte, &a);
	lazy_mmu_leave();
	if (a.changed && (end - start) / PAGE_SIZE > FLUSH_ONE_BY_ONE)
		flush_tlb_all();
	else if (a.changed)
		for (u64 va = start; va < end; va += PAGE_SIZE)
			flush_tlb_one(va);
	vma_merge_range(mm, start, end);
	rc = 0;
out:
	mm_unlock(flags);
	return rc;
}

/* Below this, mmap without MAP_FIXED leaves the address space alone. */
#define MMAP_MIN 0x10000000ULL

u64 vm_find_free(struct mm *mm, u64 len)
{
	u64 top = mm->mmap_base;
	struct list_head *pos;

	len = ALIGN_UP(len, PAGE_SIZE);
	/* Areas from the highest down, once each: the first gap of len below top wins. */
	for (pos = mm->vmas.prev; pos != &mm->vmas; pos = pos->prev) {
		struct vma *v = list_entry(pos, struct vma, list);

		if (v->start >= top)
			continue;
		if (v->end <= top && top - v->end >= len)
			break;
		top = v->start;
	}
	if (top < MMAP_MIN + len)
		return 0;
	return top - len;
}

/*
 * fork: private pages are shared copy-on-write, writable ones becoming
 * read-only in both; pages of a shared area stay as they are, writable
 * included, since parent and child are to see each other's stores.
 */
struct fork_arg {
	struct mm *child;
	bool shared;
	int err;
};

static void fork_pte(u64 *pte, u64 va, void *arg)
{
	struct fork_arg *a = arg;
	u64 v = pte_val(*pte), *cpte;

	if (a->err)
		return;
	cpte = uvm_pte(a->child->pgd, va, true);
	if (!cpte) {
		a->err = -ENOMEM;
		return;
	}
	if ((v & _PAGE_RW) && !a->shared) {
		v &= ~_PAGE_RW;
		set_pte(pte, make_pte(v));
	}
	set_pte(cpte, make_pte(v));
	get_page(pfn_to_page((v & PTE_ADDR_MASK) >> PAGE_SHIFT));
	a->child->pages++;
}

struct mm *mm_fork(struct mm *src)
{
	unsigned long flags = mm_lock();
	struct mm *mm = mm_create();
	struct fork_arg a = { mm, false, 0 };
	struct vma *v;

	if (!mm)
		goto out;
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->mmap_base = src->mmap_base;
	mm->stack_top = src->stack_top;
	mm->exe_file = file_get(src->exe_file);
	list_for_each_entry(v, &src->vmas, list) {
		struct vma *c;

		/* A device's mapping stays with the process that made it, as in Linux. */
		if (v->flags & (VMA_DONTFORK | VMA_IO))
			continue;
		c = kmalloc(sizeof(*c));
		if (!c)
			goto fail;
		*c = *v;
		/* Locks belong to the process that made them (Linux: not inherited). */
		c->flags &= ~(VMA_LOCKED | VMA_LOCKONFAULT);
		if (c->file)
			file_get(c->file);
		list_add_tail(&c->list, &mm->vmas);
		mm->map_count++;
	}
	lazy_mmu_enter();
	list_for_each_entry(v, &src->vmas, list) {
		/* A wiped area starts empty in the child: its first touch faults in zeros. */
		if (v->flags & (VMA_DONTFORK | VMA_WIPEONFORK | VMA_IO))
			continue;
		a.shared = v->flags & VMA_SHARED;
		uvm_walk(src->pgd, v->start, v->end, fork_pte, &a);
	}
	lazy_mmu_leave();
	/* The parent's entries lost their write bit: drop the stale TLB entries. */
	flush_tlb_all();
	if (a.err)
		goto fail;
out:
	mm_unlock(flags);
	return mm;
fail:
	mm_destroy(mm);
	mm = NULL;
	goto out;
}

void mm_destroy(struct mm *mm)
{
	unsigned long flags;
	struct vma *v, *n;

	/* Never free the tables the CPU is walking. */
	if (read_cr3() == mm->pgd)
		write_cr3(kernel_pgd());
	flags = mm_lock();
	list_for_each_entry(v, &mm->vmas, list)
		if (v->flags & VMA_IO)
			io_unmap(mm, v, v->start, v->end);
	lazy_mmu_enter();
	uvm_walk(mm->pgd, 0, USER_TOP, unmap_pte, mm);
	lazy_mmu_leave();
	uvm_pgd_free(mm->pgd);
	list_for_each_entry_safe(v, n, &mm->vmas, list)
		vma_free(mm, v);
	mm_unlock(flags);
	file_put(mm->exe_file);
	kfree(mm);
}
