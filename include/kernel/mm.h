/*
 * Physical memory: the page frame array, the buddy allocator (mm/buddy.c)
 * and kmalloc (mm/kmalloc.c).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <asm/page.h>
#include <kernel/list.h>
#include <kernel/types.h>

#define MAX_ORDER 11 /* blocks of 1 .. 2^10 pages (4 MiB) */

enum page_flags {
	PG_FREE = 1 << 0,     /* head of a free buddy block */
	PG_RESERVED = 1 << 1, /* never given to the allocator */
	PG_SLAB = 1 << 2,     /* kmalloc slab page */
	PG_HEAD = 1 << 3,     /* head of an allocated block (order valid) */
};

struct page {
	struct list_head list; /* free list, or the slab's class list */
	u32 flags;
	u8 order;	 /* with PG_FREE or PG_HEAD */
	u8 slab_class;	 /* with PG_SLAB: index of the size class */
	u16 slab_inuse;	 /* with PG_SLAB: objects handed out */
	void *slab_free; /* with PG_SLAB: first free object */
	/*
	 * References to a page that user space can see: one per page-table
	 * entry that maps it, one while a file holds it as its data (ramfs).
	 * alloc_pages() starts it at 1; put_page() frees at 0.
	 */
	u32 refcount;
};

struct boot_info;
/* Memory map to page tables to page allocator (mm/init.c). */
void mem_init(struct boot_info *bi);

/* Array of struct page covering pfns [0, max_pfn). */
extern struct page *page_map;
extern u64 max_pfn;

static inline struct page *pfn_to_page(u64 pfn) { return &page_map[pfn]; }
static inline u64 page_to_pfn(const struct page *p) { return (u64)(p - page_map); }
static inline phys_addr_t page_to_phys(const struct page *p)
{
	return page_to_pfn(p) << PAGE_SHIFT;
}
static inline void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_phys(p));
}
static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT);
}

/*
 * Sets up the allocator over map[0..nr_pfns), every page reserved; then
 * buddy_free_range() hands usable memory to it.
 */
void buddy_init(struct page *map, u64 nr_pfns);
/* Frees the whole pages inside [start, end) into the allocator. */
void buddy_free_range(phys_addr_t start, phys_addr_t end);

/* Returns the head page of 2^order contiguous pages, or NULL. */
struct page *alloc_pages(unsigned int order);
void free_pages(struct page *p, unsigned int order);
/* One page's kernel address (direct map), zeroed; NULL when out of memory. */
void *alloc_page_zeroed(void);
void free_page_va(void *va);

/*
 * Counted pages (struct page refcount): get_page() takes a reference,
 * put_page() drops one and frees the page with the last. A private
 * page mapped by more than one entry is shared copy-on-write; a file's
 * page stays alive under a mapping after the file let go of it.
 */
static inline void get_page(struct page *p)
{
	p->refcount++;
}
void put_page(struct page *p);
/* The same for the page at the direct-map address va (a file's data page). */
void get_page_va(void *va);
void put_page_va(void *va);

u64 nr_free_pages(void);
u64 nr_managed_pages(void);
/* Free blocks per order, for /proc and tests. */
void buddy_free_counts(u64 counts[MAX_ORDER]);

/*
 * kmalloc: power-of-two classes 16..2048 bytes carved from single pages;
 * larger sizes get whole pages of the buddy allocator. Memory is 16-byte
 * aligned. kfree(NULL) does nothing.
 */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(const void *p);
/* Usable size of an allocation (the class size, or the block size). */
size_t ksize(const void *p);
/* Gives the cached empty slabs back to the buddy allocator (leak checks). */
void kmalloc_shrink(void);

#endif
