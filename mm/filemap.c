/*
 * Shared file mappings: what happens to them when the file shrinks, what
 * a futex in them is, and msync. The pages are the file's own (inode_ops.map_page, mm/fault.c),
 * so stores through a mapping are in the file at once and write() shows
 * through every mapping; nothing is ever copied back.
 */
#define pr_fmt(fmt) "filemap: " fmt

#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/vm.h>

#include "internal.h"

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC	      4

struct unmap_file_arg {
	struct inode *ino;
	u64 from; /* page aligned */
};

static int unmap_file_in(struct process *p, void *arg)
{
	struct unmap_file_arg *a = arg;
	struct vma *v;

	if (!p->mm)
		return 0;
	list_for_each_entry(v, &p->mm->vmas, list) {
		u64 size = v->end - v->start;

		if (!(v->flags & VMA_SHARED) || v->file->inode != a->ino ||
		    a->from >= v->file_off + size)
			continue;
		vm_zap_range(p->mm, v->start + (a->from > v->file_off ? a->from - v->file_off : 0),
			     v->end);
	}
	return 0;
}

void vm_unmap_file(struct inode *ino, u64 from)
{
	struct unmap_file_arg a = { ino, ALIGN_UP(from, PAGE_SIZE) };
	/* One pass over every process: none may fork or unmap meanwhile. */
	unsigned long flags = mm_lock();

	for_each_process(unmap_file_in, &a);
	mm_unlock(flags);
}

void vm_futex_key(struct mm *mm, u64 addr, const void **obj, u64 *off)
{
	unsigned long flags = mm_lock(); /* a sibling thread may munmap the area */
	struct vma *v = vma_find(mm, addr);

	if (v && (v->flags & VMA_SHARED)) {
		*obj = v->file->inode;
		*off = v->file_off + (addr - v->start);
	} else {
		*obj = mm;
		*off = addr;
	}
	mm_unlock(flags);
}

/*
 * msync(start, len, flags). The pages of a shared mapping are the file's
 * data itself (the RAM file system has no other copy), so there is
 * nothing to write back or to invalidate: what is left is Linux's
 * checking of the arguments and of the range, every part of which must
 * be mapped (ENOMEM, found the way Linux walks it).
 */
static long sys_msync(unsigned long start, unsigned long len, unsigned long flags)
{
	struct mm *mm = current_proc()->mm;
	u64 end = start + ALIGN_UP(len, PAGE_SIZE);
	bool unmapped = false;
	struct vma *v;

	if (flags & ~(unsigned long)(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (!IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (end < start)
		return -ENOMEM;
	for (v = vma_from(mm, start); start < end; v = vma_next(mm, v)) {
		if (!v)
			return -ENOMEM;
		if (start < v->start) {
			/* MS_ASYNC alone stops at the first hole; the others go on. */
			if (flags == MS_ASYNC || v->start >= end)
				return -ENOMEM;
			unmapped = true;
		}
		start = v->end;
	}
	return unmapped ? -ENOMEM : 0;
}
SYSCALL(__NR_msync, msync, sys_msync);
