/* brk, mmap, munmap, mprotect: the system calls that shape an address space. */
#define pr_fmt(fmt) "mmap: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/vm.h>

#include "internal.h"

#define BRK_MAX (1ULL << 30) /* a heap of at most 1 GiB */

static long sys_brk(unsigned long addr)
{
	struct mm *mm = current_proc()->mm;
	u64 old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end;

	if (addr < mm->brk_start || addr > mm->brk_start + BRK_MAX)
		return mm->brk;
	new_end = ALIGN_UP(addr, PAGE_SIZE);
	if (new_end > old_end) {
		/* Growing must not run into another mapping. */
		for (u64 a = old_end; a < new_end; a += PAGE_SIZE)
			if (vma_find(mm, a))
				return mm->brk;
		if (vma_map(mm, old_end, new_end, PROT_READ | PROT_WRITE, VMA_HEAP | mm->def_flags,
			    NULL, 0, 0))
			return mm->brk;
		if ((mm->def_flags & (VMA_LOCKED | VMA_LOCKONFAULT)) == VMA_LOCKED)
			vm_populate(mm, old_end, new_end);
	} else if (new_end < old_end) {
		if (vm_unmap(mm, new_end, old_end - new_end))
			return mm->brk;
	}
	mm->brk = addr;
	return addr;
}
SYSCALL(__NR_brk, brk, sys_brk);

/* The flags MAP_SHARED_VALIDATE accepts: Linux's LEGACY_MAP_MASK. */
#define MAP_VALIDATED                                                                      \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE |            \
	 MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | \
	 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

/*
 * What a file mapping may become, checked in Linux's order once the
 * length is known to be fine: offset and length within a file's reach,
 * the mapping type, EACCES for a shared writable mapping of a file not
 * opened for writing or any mapping of a file not opened for reading,
 * ENODEV for what cannot be mapped. Sets the area's VMA_* flags.
 */
static int check_file_mapping(struct file *f, unsigned long off, unsigned long len,
			      unsigned long prot, unsigned long flags, u32 *vma_flags)
{
	u32 acc = f->flags & O_ACCMODE;

	/* No file reaches beyond Linux's largest offset, 2^63 - 1. */
	if (off > (1ULL << 63) - len)
		return -EOVERFLOW;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~(unsigned long)MAP_VALIDATED)
			return -EOPNOTSUPP;
		/* fall through */
	case MAP_SHARED:
		if ((prot & PROT_WRITE) && acc == O_RDONLY)
			return -EACCES;
		*vma_flags |= VMA_SHARED | (acc == O_RDONLY ? VMA_NOWRITE : 0);
		break;
	case MAP_PRIVATE:
		*vma_flags |= VMA_FILE_SIZED;
		break;
	default:
		return -EINVAL;
	}
	if (acc == O_WRONLY)
		return -EACCES;
	/* A device's mapping: its driver fills it (io_mmap()). */
	if (f->ops && f->ops->mmap) {
		*vma_flags = (*vma_flags & ~VMA_FILE_SIZED) | VMA_IO;
		return flags & MAP_GROWSDOWN ? -EINVAL : 0;
	}
	/* Private mappings read the file; shared ones need its pages. */
	if (!f->inode || !S_ISREG(f->inode->mode))
		return -ENODEV;
	if ((*vma_flags & VMA_SHARED) && !(f->inode->iops && f->inode->iops->map_page))
		return -ENODEV;
	if (flags & MAP_GROWSDOWN)
		return -EINVAL;
	return 0;
}

/*
 * Hands the new device area at addr to its driver; if the driver refuses
 * it, the area goes again and the driver's error is mmap's.
 */
static int io_mmap(struct mm *mm, struct file *f, u64 addr, u64 len)
{
	unsigned long flags = mm_lock();
	int rc = f->ops->mmap(f, mm, vma_find(mm, addr));

	if (rc)
		vm_unmap(mm, addr, len);
	mm_unlock(flags);
	return rc;
}

/*
 * mmap, with Linux's order of checks: the offset's alignment, the
 * descriptor, the length, the number of areas, the address, then what
 * the mapping may be (check_file_mapping(), or the type of an anonymous
 * one).
 */
static long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, unsigned long fd, unsigned long off)
{
	struct process *p = current_proc();
	struct file *f = NULL, *anon = NULL;
	u32 vma_flags = 0;
	long rc;

	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fget((int)fd); /* NULL for an O_PATH descriptor too */
		if (!f)
			return -EBADF;
	}
	rc = -EINVAL;
	if (!len)
		goto out;
	rc = -ENOMEM;
	if (len > USER_TOP || p->mm->map_count > MAX_MAP_COUNT)
		goto out;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		rc = -ENOMEM;
		if (addr + len > USER_TOP || addr + len < addr)
			goto out;
		rc = -EINVAL;
		if (addr & (PAGE_SIZE - 1))
			goto out;
		if (flags & MAP_FIXED_NOREPLACE) {
			struct vma *v = vma_from(p->mm, addr);

			rc = -EEXIST;
			if (v && v->start < addr + len)
				goto out;
		}
	}
	rc = -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC))
		goto out;
	if (f) {
		rc = check_file_mapping(f, off, len, prot, flags, &vma_flags);
		if (rc)
			goto out;
	} else if ((flags & MAP_TYPE) == MAP_SHARED) {
		/* Memory shared with children: a file with no name holds the pages. */
		rc = -EINVAL;
		if (flags & MAP_GROWSDOWN)
			goto out;
		anon = ramfs_anon_file(len);
		if (IS_ERR(anon)) {
			rc = PTR_ERR(anon);
			anon = NULL;
			goto out;
		}
		vma_flags |= VMA_SHARED | VMA_ANON_SHARED;
		off = 0;
	} else if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		rc = -EINVAL;
		goto out;
	}
	if (flags & MAP_GROWSDOWN)
		vma_flags |= VMA_STACK;
	/* MAP_LOCKED is mlock() at once; mlockall(MCL_FUTURE) locks every new mapping. */
	vma_flags |= p->mm->def_flags;
	if (flags & MAP_LOCKED)
		vma_flags |= VMA_LOCKED;
	rc = -EPERM;
	if ((flags & MAP_LOCKED) && !mlock_can(p->mm))
		goto out;
	rc = -EAGAIN;
	if ((vma_flags & VMA_LOCKED) && !mlock_allowed(p->mm, len))
		goto out;
	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		addr = vm_find_free(p->mm, len);
		rc = -ENOMEM;
		if (!addr)
			goto out;
	}
	rc = vma_map(p->mm, addr, addr + len, (u32)prot, vma_flags, f ? f : anon, off, 0);
	if (!rc && (vma_flags & VMA_IO))
		rc = io_mmap(p->mm, f, addr, len);
	if (rc)
		goto out;
	/* MAP_POPULATE faults the pages in now (MAP_NONBLOCK makes it a hint Linux ignores). */
	if (((vma_flags & VMA_LOCKED) && !(vma_flags & VMA_LOCKONFAULT)) ||
	    (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		vm_populate(p->mm, addr, addr + len);
	rc = (long)addr;
out:
	file_put(anon);
	file_put(f);
	return rc;
}
SYSCALL(__NR_mmap, mmap, sys_mmap);

static long sys_munmap(unsigned long addr, unsigned long len)
{
	return vm_unmap(current_proc()->mm, addr, len);
}
SYSCALL(__NR_munmap, munmap, sys_munmap);

static long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot)
{
	/* Linux's order: alignment, then an empty range is done, then the rest. */
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return 0;
	if (ALIGN_UP(len, PAGE_SIZE) == 0 || addr + ALIGN_UP(len, PAGE_SIZE) < addr)
		return -ENOMEM;
	return vm_protect(current_proc()->mm, addr, len, (u32)prot);
}
SYSCALL(__NR_mprotect, mprotect, sys_mprotect);
