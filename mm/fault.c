/*
 * User page faults: a page appears on first touch (zeroed, or read from
 * the file behind a private mapping, or the file's own page for a shared
 * one), and a write to a private page shared copy-on-write gets its own
 * copy, or just the write bit when nobody else holds the page any more.
 * Faults run with interrupts off, which is mm_lock() (mm/internal.h).
 */
#define pr_fmt(fmt) "fault: " fmt

#include <asm/paravirt.h>
#include <asm/uvm.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/string.h>
#include <kernel/vm.h>

/*
 * A fresh page for a first touch at va in a private area v: zeros, or the
 * file's bytes; -EIO (SIGBUS) at or past the end of the file of a
 * VMA_FILE_SIZED area.
 */
static struct page *fill_page(struct vma *v, u64 va)
{
	u64 off = va - v->start, len = v->file_len;
	struct page *p;
	void *mem;

	if (v->file && (v->flags & VMA_FILE_SIZED)) {
		u64 size = v->file->inode->size;

		if (v->file_off + off >= size)
			return ERR_PTR(-EIO);
		len = size - v->file_off;
	}
	p = alloc_pages(0);
	if (!p)
		return ERR_PTR(-ENOMEM);
	mem = page_address(p);
	memset(mem, 0, PAGE_SIZE);
	if (v->file && off < len) {
		u64 n = MIN(PAGE_SIZE, len - off);

		if (kernel_read(v->file, mem, n, v->file_off + off) < 0) {
			put_page(p);
			return ERR_PTR(-ENOMEM);
		}
	}
	return p;
}

/*
 * The file's own page at va in a shared area v, with a reference for the
 * entry: stores through any mapping of the file, and write(), all reach
 * the same page. -EIO (SIGBUS) when it lies at or beyond the end of the file.
 */
static struct page *file_page(struct vma *v, u64 va)
{
	struct inode *ino = v->file->inode;
	void *mem = ino->iops->map_page(ino, (v->file_off + va - v->start) >> PAGE_SHIFT);

	if (IS_ERR(mem))
		return PTR_ERR(mem) == -ENXIO ? ERR_PTR(-EIO) : mem;
	return virt_to_page(mem);
}

static int do_mm_fault(u64 addr, bool write, bool exec)
{
	struct process *proc = current_proc();
	u64 va = ALIGN_DOWN(addr, PAGE_SIZE), *pte, v;
	struct mm *mm;
	struct vma *vma;

	if (!proc || !proc->mm || addr >= USER_TOP)
		return -EFAULT;
	mm = proc->mm;
	vma = vma_find(mm, addr);
	if (!vma || vma->prot == PROT_NONE)
		return -EFAULT;
	if ((write && !(vma->prot & PROT_WRITE)) || (exec && !(vma->prot & PROT_EXEC)))
		return -EFAULT;
	/* A device's page is there or not: none is faulted in (SIGBUS), as Linux's privcmd has it. */
	if (vma->flags & VMA_IO)
		return -EIO;

	pte = uvm_pte(mm->pgd, va, true);
	if (!pte)
		return -ENOMEM;
	v = pte_val(*pte);

	if (!(v & (_PAGE_PRESENT | _PAGE_PROTNONE))) {
		struct page *p = vma->flags & VMA_SHARED ? file_page(vma, va) : fill_page(vma, va);

		if (IS_ERR(p))
			return (int)PTR_ERR(p);
		set_pte(pte, make_pte(page_to_phys(p) | uvm_prot_flags(vma->prot, cpu_has_nx())));
		mm->pages++;
		return 0;
	}

	/* Present (or protnone after mprotect): rights come from the area now. */
	if (write && !(v & _PAGE_RW)) {
		struct page *old = pfn_to_page((v & PTE_ADDR_MASK) >> PAGE_SHIFT);

		/* A shared area's page is written in place, however many map it. */
		if (!(vma->flags & VMA_SHARED) && old->refcount > 1) {
			struct page *copy = alloc_pages(0);

			if (!copy)
				return -ENOMEM;
			memcpy(page_address(copy), page_address(old), PAGE_SIZE);
			put_page(old);
			v = page_to_phys(copy);
		}
		v = (v & PTE_ADDR_MASK) | uvm_prot_flags(vma->prot, cpu_has_nx());
	} else {
		/* A read of a protnone page made accessible again, or a stale TLB entry. */
		v = (v & PTE_ADDR_MASK) |
		    uvm_prot_flags(vma->prot & ~(write ? 0 : PROT_WRITE), cpu_has_nx()) |
		    (v & _PAGE_RW);
	}
	set_pte(pte, make_pte(v));
	flush_tlb_one(va);
	return 0;
}

/* The fault's updates are in place when the access is retried, even inside a lazy-MMU section. */
int handle_mm_fault(u64 addr, bool write, bool exec)
{
	int rc = do_mm_fault(addr, write, exec);

	arch_flush_lazy_mmu();
	return rc;
}
