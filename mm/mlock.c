/*
 * mlock, mlock2, munlock, mlockall, munlockall. Nothing is ever swapped
 * out here, so a locked page is one that is there: locking faults the
 * range in (unless MLOCK_ONFAULT/MCL_ONFAULT) and marks its areas
 * VMA_LOCKED, which later growth (mremap, MCL_FUTURE mappings) honours
 * and /proc shows (VmLck). Locks go with munmap and exec, and a child
 * does not inherit them. Unprivileged callers are held to
 * RLIMIT_MEMLOCK, as in Linux: EPERM when it is 0, ENOMEM past it.
 */
#define pr_fmt(fmt) "mlock: " fmt

#include <asm/page.h>
#include <asm/uvm.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/syscall.h>
#include <kernel/vm.h>

#include "internal.h"

#define MLOCK_ONFAULT 0x01

#define MCL_CURRENT 1
#define MCL_FUTURE  2
#define MCL_ONFAULT 4

#define CAP_IPC_LOCK 14

u64 vm_locked_bytes(const struct mm *mm)
{
	const struct vma *v;
	u64 bytes = 0;

	list_for_each_entry(v, &mm->vmas, list)
		if (v->flags & VMA_LOCKED)
			bytes += v->end - v->start;
	return bytes;
}

/* The bytes of [start, end) that are locked already: locking them again costs nothing. */
static u64 locked_in(struct mm *mm, u64 start, u64 end)
{
	u64 bytes = 0;

	for (struct vma *v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v))
		if (v->flags & VMA_LOCKED)
			bytes += MIN(end, v->end) - MAX(start, v->start);
	return bytes;
}

bool mlock_allowed(struct mm *mm, u64 more)
{
	u64 limit = proc_rlimit(current_proc(), RLIMIT_MEMLOCK);

	if (capable(CAP_IPC_LOCK) || limit == RLIM_INFINITY)
		return true;
	return vm_locked_bytes(mm) + more <= limit;
}

bool mlock_can(struct mm *mm __unused)
{
	return proc_rlimit(current_proc(), RLIMIT_MEMLOCK) != 0 || capable(CAP_IPC_LOCK);
}

int vm_populate(struct mm *mm, u64 start, u64 end)
{
	/*
	 * The lock is held throughout (it nests): mmap and brk call this with
	 * interrupts on, and a thread sharing the mm could otherwise run
	 * between two faults and unmap the area being walked.
	 */
	unsigned long flags = mm_lock();
	int rc = 0;

	for (struct vma *v = vma_from(mm, start); v && v->start < end; v = vma_next(mm, v)) {
		/* A private writable page is faulted for writing, so that it is its own. */
		bool write = (v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED);

		if (v->prot == PROT_NONE || (v->flags & VMA_IO))
			continue;
		for (u64 va = MAX(start, v->start); va < MIN(end, v->end); va += PAGE_SIZE) {
			u64 *pte = uvm_pte(mm->pgd, va, false);
			u64 e = pte ? pte_val(*pte) : 0;

			if ((e & _PAGE_PRESENT) && (!write || (e & _PAGE_RW)))
				continue;
			rc = handle_mm_fault(va, write, false);
			if (rc == -ENOMEM)
				goto out;
			/* Past the end of a file (SIGBUS when touched): nothing to lock there. */
			if (rc)
				break;
		}
	}
	rc = 0;
out:
	mm_unlock(flags);
	return rc;
}

/*
 * Sets (or clears) the lock flags on [start, end), which must be mapped
 * throughout (ENOMEM), then faults the range in when locking without
 * MLOCK_ONFAULT.
 */
static long apply_lock(u64 start, u64 len, u32 set)
{
	struct mm *mm = current_proc()->mm;
	u64 end = start + len, at;
	unsigned long flags;
	struct vma *v;
	long rc;

	if (end < start)
		return -EINVAL;
	if (start == end)
		return 0;
	if (set && !mlock_can(mm))
		return -EPERM;
	flags = mm_lock();
	rc = -ENOMEM;
	for (at = start, v = vma_from(mm, start); at < end; at = v->end, v = vma_next(mm, v))
		if (!v || v->start > at)
			goto out;
	if (set && !mlock_allowed(mm, len - locked_in(mm, start, end)))
		goto out;
	rc = vma_set_flags(mm, start, end, set, (VMA_LOCKED | VMA_LOCKONFAULT) & ~set);
	if (rc)
		goto out;
	if (set && !(set & VMA_LOCKONFAULT))
		rc = vm_populate(mm, start, end);
out:
	mm_unlock(flags);
	return rc;
}

/* The page-aligned range an mlock call covers: from addr's page to the page after addr + len. */
static long lock_range(unsigned long addr, unsigned long len, u32 set)
{
	u64 start = ALIGN_DOWN(addr, PAGE_SIZE);
	u64 rlen = ALIGN_UP(len + (addr - start), PAGE_SIZE);

	if (len && !rlen)
		return -ENOMEM;
	return apply_lock(start, rlen, set);
}

static long sys_mlock(unsigned long addr, unsigned long len)
{
	return lock_range(addr, len, VMA_LOCKED);
}
SYSCALL(__NR_mlock, mlock, sys_mlock);

static long sys_mlock2(unsigned long addr, unsigned long len, unsigned long flags)
{
	if (flags & ~(unsigned long)MLOCK_ONFAULT)
		return -EINVAL;
	return lock_range(addr, len, VMA_LOCKED | (flags & MLOCK_ONFAULT ? VMA_LOCKONFAULT : 0));
}
SYSCALL(__NR_mlock2, mlock2, sys_mlock2);

static long sys_munlock(unsigned long addr, unsigned long len)
{
	return lock_range(addr, len, 0);
}
SYSCALL(__NR_munlock, munlock, sys_munlock);

static long sys_mlockall(unsigned long how)
{
	struct mm *mm = current_proc()->mm;
	u32 set = VMA_LOCKED | (how & MCL_ONFAULT ? VMA_LOCKONFAULT : 0);
	unsigned long flags;
	struct vma *v;
	long rc = 0;

	if (!how || (how & ~(unsigned long)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    how == MCL_ONFAULT)
		return -EINVAL;
	if (!mlock_can(mm))
		return -EPERM;
	flags = mm_lock();
	if (how & MCL_CURRENT) {
		u64 total = 0;

		list_for_each_entry(v, &mm->vmas, list)
			total += v->end - v->start;
		rc = -ENOMEM;
		if (!mlock_allowed(mm, total - vm_locked_bytes(mm)))
			goto out;
	}
	mm->def_flags = how & MCL_FUTURE ? set : 0;
	rc = 0;
	if (how & MCL_CURRENT) {
		rc = vma_set_flags(mm, 0, USER_TOP, set, VMA_LOCKONFAULT & ~set);
		if (!rc && !(how & MCL_ONFAULT))
			rc = vm_populate(mm, 0, USER_TOP);
	}
out:
	mm_unlock(flags);
	return rc;
}
SYSCALL(__NR_mlockall, mlockall, sys_mlockall);

static long sys_munlockall(void)
{
	struct mm *mm = current_proc()->mm;
	unsigned long flags = mm_lock();
	long rc;

	mm->def_flags = 0;
	rc = vma_set_flags(mm, 0, USER_TOP, 0, VMA_LOCKED | VMA_LOCKONFAULT);
	mm_unlock(flags);
	return rc;
}
SYSCALL(__NR_munlockall, munlockall, sys_munlockall);
