/*
 * mincore: which pages of a range are in memory. A file's pages always are
 * (the RAM file system is the page cache); anonymous memory is, once a page
 * has been touched. libsigsegv (Debian's gawk) asks it while probing its
 * stack.
 */
#define pr_fmt(fmt) "mincore: " fmt

#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <kernel/errno.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#include "internal.h"

#define CHUNK 256 /* pages looked at under the lock, then copied out */

/*
 * Fills vec with one byte per page of [start, start + n pages), 1 when it
 * is in memory; -ENOMEM when a page lies in no area, as in Linux.
 */
static int fill(struct mm *mm, u64 start, unsigned int n, u8 *vec)
{
	unsigned long flags = mm_lock();
	int rc = 0;

	for (unsigned int i = 0; i < n; i++) {
		u64 va = start + (u64)i * PAGE_SIZE, *pte;
		struct vma *v = vma_find(mm, va);

		if (!v) {
			rc = -ENOMEM;
			break;
		}
		pte = uvm_pte(mm->pgd, va, false);
		vec[i] = v->file || (pte && pte_val(*pte)) ? 1 : 0;
	}
	mm_unlock(flags);
	return rc;
}

static long sys_mincore(unsigned long start, unsigned long len, unsigned char *uvec)
{
	struct mm *mm = current_proc()->mm;
	u64 pages = ALIGN_UP(len, PAGE_SIZE) / PAGE_SIZE;
	u8 vec[CHUNK];

	if (!IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (start + pages * PAGE_SIZE > USER_TOP || start + pages * PAGE_SIZE < start)
		return -ENOMEM;
	for (u64 done = 0; done < pages;) {
		unsigned int n = MIN(pages - done, (u64)CHUNK);
		int rc = fill(mm, start + done * PAGE_SIZE, n, vec);

		if (rc)
			return rc;
		if (copy_to_user(uvec + done, vec, n))
			return -EFAULT;
		done += n;
	}
	return 0;
}
SYSCALL(__NR_mincore, mincore, sys_mincore);
