/*
 * madvise: what a process tells the kernel about its memory. Some advice
 * changes what the memory holds (MADV_DONTNEED, MADV_FREE) or what a
 * child gets of it (MADV_DONTFORK, MADV_WIPEONFORK and their inverses);
 * the access-pattern hints have nothing to steer here (every page is in
 * memory) and are only checked. fadvise, the same hints about a file's
 * pages, is only checked too.
 */
#define pr_fmt(fmt) "madvise: " fmt

#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/vm.h>

#include "internal.h"

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_DONTFORK	10
#define MADV_DOFORK	11
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19

static bool advice_known(unsigned long advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		return true;
	default:
		return false;
	}
}

/*
 * Whether area v may take the advice: wiping on fork and lazy freeing
 * only make sense for private anonymous memory (Linux: EINVAL), and
 * dropping pages not for a device's mapping.
 */
static bool advice_fits(const struct vma *v, unsigned long advice)
{
	if (advice == MADV_WIPEONFORK || advice == MADV_FREE)
		return !v->file && !(v->flags & VMA_SHARED);
	/* A device's pages are its driver's to drop (Linux: EINVAL for VM_PFNMAP). */
	if (advice == MADV_DONTNEED)
		return !(v->flags & VMA_IO);
	return true;
}

static int advise(struct mm *mm, u64 start, u64 end, unsigned long advice)
{
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		/*
		 * The pages go now; the next touch faults in zeros (private
		 * anonymous), the file's bytes (private file) or the file's page
		 * with the data still in it (shared). MADV_FREE may be lazier in
		 * Linux, but dropping at once is one of the things it allows.
		 */
		vm_zap_range(mm, start, end);
		return 0;
	case MADV_DONTFORK:
		return vma_set_flags(mm, start, end, VMA_DONTFORK, 0);
	case MADV_DOFORK:
		return vma_set_flags(mm, start, end, 0, VMA_DONTFORK);
	case MADV_WIPEONFORK:
		return vma_set_flags(mm, start, end, VMA_WIPEONFORK, 0);
	case MADV_KEEPONFORK:
		return vma_set_flags(mm, start, end, 0, VMA_WIPEONFORK);
	default:
		return 0; /* a hint about the access pattern */
	}
}

static long sys_madvise(unsigned long start, unsigned long len, unsigned long advice)
{
	struct mm *mm = current_proc()->mm;
	u64 end = start + ALIGN_UP(len, PAGE_SIZE), at;
	bool unmapped = false;
	unsigned long flags;
	struct vma *v;
	long rc;

	if (!advice_known(advice) || !IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if ((len && !ALIGN_UP(len, PAGE_SIZE)) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	flags = mm_lock();
	/*
	 * Holes are skipped and reported (ENOMEM) once the mapped parts have
	 * the advice, as in Linux; an area that cannot take it fails the call
	 * before anything changed.
	 */
	rc = -EINVAL;
	for (at = start, v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v)) {
		if (v->start > at)
			unmapped = true;
		if (!advice_fits(v, advice))
			goto out;
		at = v->end;
	}
	if (at < end)
		unmapped = true;
	rc = advise(mm, start, end, advice);
	/* Linux's word for a split that found no room: try again later. */
	if (rc == -ENOMEM)
		rc = -EAGAIN;
	if (!rc && unmapped)
		rc = -ENOMEM;
out:
	mm_unlock(flags);
	return rc;
}
SYSCALL(__NR_madvise, madvise, sys_madvise);

#define POSIX_FADV_NOREUSE 5 /* the last of NORMAL, RANDOM, SEQUENTIAL, WILLNEED, DONTNEED, NOREUSE */

/* fadvise64: Linux's checks (the descriptor, a pipe, a negative length, the advice), then nothing to do. */
static long sys_fadvise64(unsigned long fd, unsigned long off, unsigned long len,
			  unsigned long advice)
{
	struct file *f = fget((int)fd);
	long rc = 0;

	if (!f)
		return -EBADF;
	if (!f->inode || S_ISFIFO(f->inode->mode))
		rc = -ESPIPE;
	else if ((long)len < 0 || advice > POSIX_FADV_NOREUSE)
		rc = -EINVAL;
	file_put(f);
	return rc;
}
SYSCALL(__NR_fadvise64, fadvise64, sys_fadvise64);
