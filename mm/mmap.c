/* brk, mmap, munmap, mprotect: the system calls that shape an address space. */
#define pr_fmt(fmt) "mmap: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/vm.h>

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
		if (vma_map(mm, old_end, new_end, PROT_READ | PROT_WRITE, VMA_HEAP, NULL, 0, 0))
			return mm->brk;
	} else if (new_end < old_end) {
		if (vm_unmap(mm, new_end, old_end - new_end))
			return mm->brk;
	}
	mm->brk = addr;
	return addr;
}
SYSCALL(__NR_brk, brk, sys_brk);

static long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, unsigned long fd, unsigned long off)
{
	struct process *p = current_proc();
	struct file *f = NULL;
	u64 file_len = 0;
	int rc;

	if (!len || len > USER_TOP || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (!(flags & (MAP_PRIVATE | MAP_SHARED)))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	/* Pages are never shared between address spaces except copy-on-write. */
	if ((flags & MAP_SHARED) && (flags & MAP_ANONYMOUS))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_get(p->files, (int)fd);
		if (!f || (f->flags & O_PATH))
			return -EBADF;
		if (!f->inode || !S_ISREG(f->inode->mode))
			return -ENODEV;
		if ((f->flags & O_ACCMODE) == O_WRONLY)
			return -EACCES;
		/* Shared file mappings would need write-back; only private ones are offered. */
		if (flags & MAP_SHARED && (prot & PROT_WRITE))
			return -EINVAL;
		file_len = f->inode->size > off ? MIN(len, f->inode->size - off) : 0;
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1) || addr + len > USER_TOP || addr + len < addr)
			return -EINVAL;
		if (flags & MAP_FIXED_NOREPLACE) {
			struct vma *v;

			list_for_each_entry(v, &p->mm->vmas, list)
				if (v->start < addr + len && v->end > addr)
					return -EEXIST;
		}
	} else {
		addr = vm_find_free(p->mm, len);
		if (!addr)
			return -ENOMEM;
	}
	rc = vma_map(p->mm, addr, addr + len, (u32)prot, flags & MAP_GROWSDOWN ? VMA_STACK : 0,
		     f, off, file_len);
	return rc ? rc : (long)addr;
}
SYSCALL(__NR_mmap, mmap, sys_mmap);

static long sys_munmap(unsigned long addr, unsigned long len)
{
	return vm_unmap(current_proc()->mm, addr, len);
}
SYSCALL(__NR_munmap, munmap, sys_munmap);

static long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot)
{
	if (!len)
		return 0;
	return vm_protect(current_proc()->mm, addr, len, (u32)prot);
}
SYSCALL(__NR_mprotect, mprotect, sys_mprotect);

static long sys_madvise(unsigned long addr, unsigned long len, unsigned long advice)
{
	return 0; /* advice only */
}
SYSCALL(__NR_madvise, madvise, sys_madvise);
