/*
 * mremap: an area grows or shrinks where it is, or moves. A move takes
 * the page-table entries along (no page is copied, counts stay), so a
 * private page keeps its contents and a shared one stays the file's.
 * The checks and their order are Linux's: the flags, the address, the
 * lengths; the old range must lie in one area (EFAULT); growth without
 * MREMAP_MAYMOVE into a used range is ENOMEM.
 */
#define pr_fmt(fmt) "mremap: " fmt

#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/vm.h>

#include "internal.h"

#define MREMAP_MAYMOVE	 1
#define MREMAP_FIXED	 2
#define MREMAP_DONTUNMAP 4

/* The span one last-level table covers. */
#define PT_SPAN (PAGE_SIZE * 512)

struct move_arg {
	struct mm *mm;
	u64 delta; /* new address - old address, modulo 2^64 */
};

/* Moves one entry to its place in the new range, whose tables exist already. */
static void move_pte(u64 *pte, u64 va, void *arg)
{
	struct move_arg *a = arg;
	u64 *dst = uvm_pte(a->mm->pgd, va + a->delta, false);

	set_pte(dst, make_pte(pte_val(*pte)));
	set_pte(pte, make_pte(0));
}

/*
 * Moves the entries of [from, from + len) to to. The tables of the new
 * range are made first, so that running out of memory leaves everything
 * where it was (-ENOMEM) and the move itself cannot fail half-way.
 */
static int move_ptes(struct mm *mm, u64 from, u64 len, u64 to)
{
	struct move_arg a = { mm, to - from };

	if (!len)
		return 0;
	for (u64 va = to; va < to + len; va = ALIGN_DOWN(va, PT_SPAN) + PT_SPAN)
		if (!uvm_pte(mm->pgd, va, true))
			return -ENOMEM;
	lazy_mmu_enter();
	uvm_walk(mm->pgd, from, from + len, move_pte, &a);
	lazy_mmu_leave();
	flush_tlb_all();
	return 0;
}

/*
 * The area [addr, addr + old_len) may become new_len long: Linux's
 * vma_to_resize(). EFAULT when addr is not mapped or the range runs
 * past its area, EINVAL for "duplicating" a private area (old_len 0),
 * EAGAIN when a locked area would grow past RLIMIT_MEMLOCK.
 */
static struct vma *vma_to_resize(struct mm *mm, u64 addr, u64 old_len, u64 new_len)
{
	struct vma *v = vma_find(mm, addr);

	if (!v)
		return ERR_PTR(-EFAULT);
	if (old_len > v->end - addr)
		return ERR_PTR(-EFAULT);
	if (!old_len && !(v->flags & VMA_SHARED))
		return ERR_PTR(-EINVAL);
	/* A device's mapping may shrink, not grow (Linux: VM_DONTEXPAND); move_vma() refuses moving it. */
	if ((v->flags & VMA_IO) && new_len > old_len)
		return ERR_PTR(-EFAULT);
	if (new_len > old_len && (v->flags & VMA_LOCKED) &&
	    !mlock_allowed(mm, new_len - old_len))
		return ERR_PTR(-EAGAIN);
	return v;
}

/*
 * Gives [old, old + old_len) of area v a new area [to, to + new_len)
 * (free by now) with the same protection, flags and file, and moves its
 * entries there. Without MREMAP_DONTUNMAP the old range goes; with it,
 * the old range stays mapped, empty and unlocked. The new address, or
 * -errno with nothing changed.
 */
static long move_vma(struct mm *mm, struct vma *v, u64 old, u64 old_len, u64 to, u64 new_len,
		     unsigned long flags)
{
	u64 off = old - v->start;
	u64 file_len = v->file_len > off ? v->file_len - off : 0;
	int rc;

	/* A device's entries are its driver's: they do not move. */
	if (v->flags & VMA_IO)
		return -EINVAL;
	/* The split and the new area may need three more (Linux's test). */
	if (mm->map_count >= MAX_MAP_COUNT - 3)
		return -ENOMEM;
	rc = vma_map(mm, to, to + new_len, v->prot, v->flags, v->file, v->file_off + off, file_len);
	if (rc)
		return rc;
	rc = move_ptes(mm, old, MIN(old_len, new_len), to);
	if (rc) {
		vm_unmap(mm, to, new_len);
		return rc;
	}
	if (flags & MREMAP_DONTUNMAP)
		vma_set_flags(mm, old, old + old_len, 0, VMA_LOCKED | VMA_LOCKONFAULT);
	else if (old_len)
		vm_unmap(mm, old, old_len); /* its entries are gone: this only drops the area */
	v = vma_find(mm, to);
	if (new_len > old_len && v && (v->flags & VMA_LOCKED) && !(v->flags & VMA_LOCKONFAULT))
		vm_populate(mm, to + old_len, to + new_len);
	return (long)to;
}

/* MREMAP_FIXED or MREMAP_DONTUNMAP: the area goes to new_addr (or a free place), Linux's mremap_to(). */
static long mremap_to(struct mm *mm, u64 addr, u64 old_len, u64 new_addr, u64 new_len,
		      unsigned long flags)
{
	struct vma *v;
	long rc;

	if (flags & MREMAP_FIXED) {
		if (!IS_ALIGNED(new_addr, PAGE_SIZE))
			return -EINVAL;
		if (new_len > USER_TOP || new_addr > USER_TOP - new_len)
			return -EINVAL;
		/* The two ranges must not overlap. */
		if (addr + old_len > new_addr && new_addr + new_len > addr)
			return -EINVAL;
	}
	if ((flags & MREMAP_DONTUNMAP) && mm->map_count + 2 >= MAX_MAP_COUNT)
		return -ENOMEM;
	if (flags & MREMAP_FIXED) {
		rc = vm_unmap(mm, new_addr, new_len);
		if (rc)
			return rc;
	}
	if (old_len > new_len) {
		rc = vm_unmap(mm, addr + new_len, old_len - new_len);
		if (rc)
			return rc;
		old_len = new_len;
	}
	v = vma_to_resize(mm, addr, old_len, new_len);
	if (IS_ERR(v))
		return PTR_ERR(v);
	if (!(flags & MREMAP_FIXED)) {
		new_addr = vm_find_free(mm, new_len);
		if (!new_addr)
			return -ENOMEM;
	}
	return move_vma(mm, v, addr, old_len, new_addr, new_len, flags);
}

/* Whether the area ending at end can grow by delta where it is. */
static bool expandable(struct mm *mm, u64 end, u64 delta)
{
	struct vma *next = vma_from(mm, end);

	if (end + delta > USER_TOP || end + delta < end)
		return false;
	return !next || next->start >= end + delta;
}

static long do_mremap(struct mm *mm, u64 addr, u64 old_len, u64 new_len, unsigned long flags,
		      u64 new_addr)
{
	struct vma *v;
	long rc;

	if (!vma_find(mm, addr))
		return -EFAULT;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(mm, addr, old_len, new_addr, new_len, flags);
	/* Shrinking (or staying): cut the tail, whatever areas it spans. */
	if (old_len >= new_len) {
		if (old_len > new_len) {
			rc = vm_unmap(mm, addr + new_len, old_len - new_len);
			if (rc)
				return rc;
		}
		return (long)addr;
	}
	v = vma_to_resize(mm, addr, old_len, new_len);
	if (IS_ERR(v))
		return PTR_ERR(v);
	/* Growing in place: the range ends where its area does, and room follows. */
	if (old_len == v->end - addr && expandable(mm, v->end, new_len - old_len)) {
		u64 old_end = v->end;

		v->end = addr + new_len;
		if ((v->flags & VMA_LOCKED) && !(v->flags & VMA_LOCKONFAULT))
			vm_populate(mm, old_end, v->end);
		vma_merge_range(mm, v->start, v->end);
		return (long)addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	new_addr = vm_find_free(mm, new_len);
	if (!new_addr)
		return -ENOMEM;
	return move_vma(mm, v, addr, old_len, new_addr, new_len, flags);
}

static long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		       unsigned long flags, unsigned long new_addr)
{
	struct mm *mm = current_proc()->mm;
	unsigned long lock;
	long rc;

	if (flags & ~(unsigned long)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	/* A zero new length, or one so large that rounding it up wrapped. */
	if (!new_len)
		return -EINVAL;
	lock = mm_lock();
	rc = do_mremap(mm, addr, old_len, new_len, flags, new_addr);
	mm_unlock(lock);
	return rc;
}
SYSCALL(__NR_mremap, mremap, sys_mremap);
