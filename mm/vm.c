/*
 * Address spaces: the list of areas (vmas) and the operations that change
 * it: map, unmap, protect, fork, destroy. Page-table changes that come in
 * bulk run inside a lazy-MMU section, so a paravirtual backend can batch
 * them; the TLB is flushed once at the end.
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

struct vma *vma_find(struct mm *mm, u64 addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, list)
		if (addr >= v->start && addr < v->end)
			return v;
	return NULL;
}

static void vma_free(struct vma *v)
{
	if (v->file)
		file_put(v->file);
	kfree(v);
}

/* Drops one mapping of the page an entry holds, and clears the entry. */
static void unmap_pte(u64 *pte, u64 va, void *arg)
{
	struct mm *mm = arg;
	u64 v = pte_val(*pte);
	struct page *p = pfn_to_page((v & PTE_ADDR_MASK) >> PAGE_SHIFT);

	set_pte(pte, make_pte(0));
	if (--p->mapcount == 0)
		free_pages(p, 0);
	mm->pages--;
}

/* Splits v so that a boundary lies at addr (start < addr < end). */
static int vma_split(struct vma *v, u64 addr)
{
	struct vma *n = kmalloc(sizeof(*n));

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
	return 0;
}

/* Splits areas so that none straddles start or end: the range is whole areas. */
static int vma_split_range(struct mm *mm, u64 start, u64 end)
{
	struct vma *v, *n;

	list_for_each_entry_safe(v, n, &mm->vmas, list) {
		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start && vma_split(v, start))
			return -ENOMEM;
	}
	list_for_each_entry_safe(v, n, &mm->vmas, list) {
		if (v->end <= start || v->start >= end)
			continue;
		if (v->end > end && vma_split(v, end))
			return -ENOMEM;
	}
	return 0;
}

int vm_unmap(struct mm *mm, u64 start, u64 len)
{
	u64 end = start + ALIGN_UP(len, PAGE_SIZE);
	struct vma *v, *n;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || end > USER_TOP || end < start)
		return -EINVAL;
	if (vma_split_range(mm, start, end))
		return -ENOMEM;
	lazy_mmu_enter();
	uvm_walk(mm->pgd, start, end, unmap_pte, mm);
	lazy_mmu_leave();
	list_for_each_entry_safe(v, n, &mm->vmas, list) {
		if (v->start >= start && v->end <= end) {
			list_del(&v->list);
			vma_free(v);
		}
	}
	flush_tlb_all();
	return 0;
}

int vma_map(struct mm *mm, u64 start, u64 end, u32 prot, u32 flags, struct file *file,
	    u64 file_off, u64 file_len)
{
	struct vma *v, *pos;
	int rc;

	if (!IS_ALIGNED(start | end, PAGE_SIZE) || end <= start || end > USER_TOP)
		return -EINVAL;
	if (vma_find(mm, start) || vma_find(mm, end - 1)) {
		rc = vm_unmap(mm, start, end - start);
		if (rc)
			return rc;
	}
	/* An area wholly inside the new one is not caught by the two lookups. */
	list_for_each_entry(pos, &mm->vmas, list) {
		if (pos->start >= start && pos->end <= end) {
			rc = vm_unmap(mm, start, end - start);
			if (rc)
				return rc;
			break;
		}
	}
	v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->file = file ? file_get(file) : NULL;
	v->file_off = file_off;
	v->file_len = file ? file_len : 0;
	list_for_each_entry(pos, &mm->vmas, list)
		if (pos->start > start)
			break;
	list_add_tail(&v->list, &pos->list); /* before pos, or at the end */
	return 0;
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
 * between copying (a shared page) and just allowing it.
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
	u64 end = start + ALIGN_UP(len, PAGE_SIZE);
	struct protect_arg a = { prot, true, false };
	struct vma *v;

	if (!IS_ALIGNED(start, PAGE_SIZE) || end > USER_TOP || end < start)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	/* The whole range must be mapped. */
	for (u64 a2 = start; a2 < end;) {
		v = vma_find(mm, a2);
		if (!v)
			return -ENOMEM;
		a2 = v->end;
	}
	if (vma_split_range(mm, start, end))
		return -ENOMEM;
	list_for_each_entry(v, &mm->vmas, list)
		if (v->start >= start && v->end <= end)
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
	return 0;
}

u64 vm_find_free(struct mm *mm, u64 len)
{
	u64 top = mm->mmap_base;
	struct vma *v;

	len = ALIGN_UP(len, PAGE_SIZE);
	/* Walk areas from the highest down, looking for a gap below top. */
	for (;;) {
		u64 candidate = top - len;
		bool clash = false;

		if (len > top || candidate < 0x10000000ULL)
			return 0;
		list_for_each_entry(v, &mm->vmas, list) {
			if (v->start < top && v->end > candidate) {
				top = v->start;
				clash = true;
				break;
			}
		}
		if (!clash)
			return candidate;
	}
}

/* fork: share every page copy-on-write, writable ones becoming read-only in both. */
struct fork_arg {
	struct mm *child;
	int err;
};

static void fork_pte(u64 *pte, u64 va, void *arg)
{
	struct fork_arg *a = arg;
	u64 v = pte_val(*pte), *cpte;
	struct page *p = pfn_to_page((v & PTE_ADDR_MASK) >> PAGE_SHIFT);

	if (a->err)
		return;
	cpte = uvm_pte(a->child->pgd, va, true);
	if (!cpte) {
		a->err = -ENOMEM;
		return;
	}
	if (v & _PAGE_RW) {
		v &= ~_PAGE_RW;
		set_pte(pte, make_pte(v));
	}
	set_pte(cpte, make_pte(v));
	p->mapcount++;
	a->child->pages++;
}

struct mm *mm_fork(struct mm *src)
{
	struct mm *mm = mm_create();
	struct fork_arg a = { mm, 0 };
	struct vma *v;

	if (!mm)
		return NULL;
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->mmap_base = src->mmap_base;
	mm->stack_top = src->stack_top;
	list_for_each_entry(v, &src->vmas, list) {
		struct vma *c = kmalloc(sizeof(*c));

		if (!c)
			goto fail;
		*c = *v;
		if (c->file)
			file_get(c->file);
		list_add_tail(&c->list, &mm->vmas);
	}
	lazy_mmu_enter();
	uvm_walk(src->pgd, 0, USER_TOP, fork_pte, &a);
	lazy_mmu_leave();
	/* The parent's entries lost their write bit: drop the stale TLB entries. */
	flush_tlb_all();
	if (a.err)
		goto fail;
	return mm;
fail:
	mm_destroy(mm);
	return NULL;
}

void mm_destroy(struct mm *mm)
{
	struct vma *v, *n;

	/* Never free the tables the CPU is walking. */
	if (read_cr3() == mm->pgd)
		write_cr3(kernel_pgd());
	lazy_mmu_enter();
	uvm_walk(mm->pgd, 0, USER_TOP, unmap_pte, mm);
	lazy_mmu_leave();
	uvm_pgd_free(mm->pgd);
	list_for_each_entry_safe(v, n, &mm->vmas, list) {
		list_del(&v->list);
		vma_free(v);
	}
	kfree(mm);
}
