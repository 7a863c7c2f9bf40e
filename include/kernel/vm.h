/*
 * User address spaces (mm/vm.c, mm/fault.c, mm/mmap.c, mm/filemap.c,
 * mm/madvise.c): a top-level page table whose kernel half is shared with
 * every other, and a sorted list of areas that say what may be mapped
 * where. Pages arrive on first touch (demand paging); fork shares private
 * pages copy-on-write and shared ones as they are.
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <asm/irqflags.h>
#include <kernel/list.h>
#include <kernel/types.h>

struct file;

#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

#define MAP_SHARED	    0x01
#define MAP_PRIVATE	    0x02
#define MAP_SHARED_VALIDATE 0x03 /* MAP_SHARED, and unknown flags are an error */
#define MAP_TYPE	    0x0f
#define MAP_FIXED	    0x10
#define MAP_ANONYMOUS	    0x20
#define MAP_GROWSDOWN	    0x0100
#define MAP_DENYWRITE	    0x0800
#define MAP_EXECUTABLE	    0x1000
#define MAP_LOCKED	    0x2000
#define MAP_NORESERVE	    0x4000
#define MAP_POPULATE	    0x8000
#define MAP_NONBLOCK	    0x10000
#define MAP_STACK	    0x20000
#define MAP_HUGETLB	    0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_UNINITIALIZED   0x4000000

/* Linux's vm.max_map_count default: mmap, mprotect and munmap stop splitting there (ENOMEM). */
#define MAX_MAP_COUNT 65530

#define VMA_STACK      0x01 /* grows down on faults below it */
#define VMA_HEAP       0x02 /* the brk area */
#define VMA_SHARED     0x04 /* MAP_SHARED: the pages are the file's, never copied */
#define VMA_NOWRITE    0x08 /* shared, of a file opened read-only: PROT_WRITE never allowed */
#define VMA_DONTFORK   0x10 /* MADV_DONTFORK: a child does not get the area */
#define VMA_WIPEONFORK 0x20 /* MADV_WIPEONFORK: a child gets the area empty (zeros) */
/*
 * Private file area sized by the file when touched, as mmap's are: past
 * the end of the file is SIGBUS. Without it (exec's segments), zeros
 * after file_len.
 */
#define VMA_FILE_SIZED	0x40
#define VMA_LOCKED	0x80  /* mlock: faulted in and kept (no swapping exists, so nothing more) */
#define VMA_LOCKONFAULT 0x100 /* with VMA_LOCKED: pages are locked as they are touched, not before */
#define VMA_ANON_SHARED 0x200 /* MAP_SHARED|MAP_ANONYMOUS: the file behind it never had a name */
/*
 * A device's mapping (mmap of a file whose file_ops have mmap): its
 * driver puts the pages in (foreign frames, granted pages, pages of its
 * own) and takes them out again through file_ops->unmap. Such pages are
 * never faulted in (a touch where there is none is SIGBUS), never
 * counted as the process's, never copied to a child, moved or reprotected.
 */
#define VMA_IO 0x400

struct vma {
	struct list_head list;
	u64 start, end; /* page aligned, [start, end) */
	u32 prot;	/* PROT_* */
	u32 flags;	/* VMA_* */
	/*
	 * The file mapped, or NULL for private anonymous memory. Shared
	 * anonymous memory is a file too, with no name (ramfs_anon_file()).
	 */
	struct file *file;
	u64 file_off; /* file offset of start */
	/* Private: bytes backed by the file from start, zeros after. Unused with VMA_SHARED or VMA_FILE_SIZED. */
	u64 file_len;
	/* VMA_IO: the driver's own word about the area, copied when the area is split. */
	void *io_priv;
};

struct mm {
	u64 pgd;	       /* physical address of the top-level table */
	struct list_head vmas; /* sorted by start */
	u32 map_count;	       /* areas on the list */
	u64 brk_start, brk;
	u64 mmap_base; /* where mmap without a hint searches down from */
	u64 stack_top;
	u64 pages;	      /* user pages mapped, for /proc */
	unsigned int sharers; /* processes using it besides the first (CLONE_VM) */
	u32 def_flags;	      /* mlockall(MCL_FUTURE): VMA_LOCKED (and VMA_LOCKONFAULT) for new areas */
	/* The program execve ran (not its ELF interpreter), referenced: /proc/PID/exe. */
	struct file *exe_file;
};

/*
 * Lazy-MMU sections (mm/lazy_mmu.c): page-table updates inside may be
 * queued by the backend until the outermost leave; per thread, carried
 * across context switches by the scheduler.
 */
struct thread;
void lazy_mmu_enter(void);
void lazy_mmu_leave(void);
void lazy_mmu_switch_out(struct thread *prev);
void lazy_mmu_switch_in(struct thread *next);

/*
 * An address space is changed by its own process, with one exception: a
 * truncate takes the file's pages out of every process that maps them
 * shared (vm_unmap_file()), walking other processes' areas and page
 * tables. So whatever changes areas, page-table entries or page counts
 * does it under mm_lock(), and so does that walk: with one CPU, turning
 * interrupts off keeps the other out, and it nests. Page faults run with
 * interrupts off already. Taken before vfs_lock() when both are held.
 * Device drivers that fill their areas (VMA_IO) take it around the
 * lookup of the area and their page-table changes.
 */
static inline unsigned long mm_lock(void)
{
	return arch_local_irq_save();
}

static inline void mm_unlock(unsigned long flags)
{
	arch_local_irq_restore(flags);
}

/*
 * Faults in what is not there yet of [start, end) in the current
 * process's mm (mlock, MAP_POPULATE, a
 * driver about to hand user buffers to a hypervisor): private writable pages for writing,
 * so each is its own. Stops at the end of a file; -ENOMEM when memory ran out.
 */
int vm_populate(struct mm *mm, u64 start, u64 end);

/*
 * For drivers that put pages of their own (kernel memory they keep) into
 * their device areas (VMA_IO): the page at kernel address page goes in at
 * va of area v with v's protection (0 or -ENOMEM), and comes out again
 * with its TLB entry (true if it was there). The page stays the driver's.
 */
int vm_io_insert(struct mm *mm, const struct vma *v, u64 va, void *page);
bool vm_io_remove(struct mm *mm, u64 va);

struct mm *mm_create(void);
/* Another process shares mm (CLONE_VM); the last mm_put() destroys it (kernel/thread_group.c). */
struct mm *mm_get(struct mm *mm);
void mm_put(struct mm *mm);
/*
 * The child's copy of src (fork): private pages shared copy-on-write,
 * shared ones as they are; MADV_DONTFORK areas left out, MADV_WIPEONFORK
 * ones empty.
 */
struct mm *mm_fork(struct mm *src);
void mm_destroy(struct mm *mm);
struct vma *vma_find(struct mm *mm, u64 addr);
/*
 * Adds [start, end) with prot (after unmapping whatever was there). 0 or
 * -errno (-ENOMEM beyond MAX_MAP_COUNT areas).
 */
int vma_map(struct mm *mm, u64 start, u64 end, u32 prot, u32 flags, struct file *file,
	    u64 file_off, u64 file_len);
int vm_unmap(struct mm *mm, u64 start, u64 len);
int vm_protect(struct mm *mm, u64 start, u64 len, u32 prot);
/* A free range of len bytes below mm->mmap_base, or 0. */
u64 vm_find_free(struct mm *mm, u64 len);

/*
 * Resolves a fault at addr (write or not) in the current process's address
 * space: 0 when the page is now there, -EFAULT when addr is not mapped
 * for that access, -EIO when a file mapping has no page there (at
 * or beyond the end of the file: SIGBUS), -ENOMEM when memory ran out.
 */
int handle_mm_fault(u64 addr, bool write, bool exec);

/*
 * Shared file mappings (mm/filemap.c). A file system that keeps its data
 * in pages (ramfs) maps those very pages: inode_ops.map_page hands one
 * out with a reference, and after a truncate the file system calls
 * vm_unmap_file() so that no process keeps the pages past the new end
 * (the next access faults, and gets SIGBUS).
 */
struct inode;
/* Unmaps ino's pages from byte offset from (rounded up to a page) on, in every process. */
void vm_unmap_file(struct inode *ino, u64 from);
/*
 * What a futex word at addr is, for waiters in other processes too: in a
 * shared mapping, the file and the offset in it; elsewhere, the address
 * space and the address.
 */
void vm_futex_key(struct mm *mm, u64 addr, const void **obj, u64 *off);

/* The kernel's own top-level table, for kernel threads and dying processes. */
u64 kernel_pgd(void);

#endif
