/* kmalloc: small objects carved from one-page slabs, large ones as whole buddy blocks. */
#define pr_fmt(fmt) "kmalloc: " fmt

#include <kernel/compiler.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/types.h>

#define KMALLOC_MIN_SHIFT  4
#define KMALLOC_NR_CLASSES 8
#define KMALLOC_MAX_SMALL  (1UL << (KMALLOC_MIN_SHIFT + KMALLOC_NR_CLASSES - 1))
#define KMALLOC_MAX_LARGE  (PAGE_SIZE << (MAX_ORDER - 1))

/* Freed objects are filled with this so a use after free shows up as junk. */
#define POISON_FREE 0x6b

_Static_assert(KMALLOC_MAX_SMALL == 2048, "size classes are 16 .. 2048");
_Static_assert(PAGE_SIZE / (1UL << KMALLOC_MIN_SHIFT) <= 0xffff,
	       "slab_inuse must hold a full slab");

/*
 * Per class, the slabs that still have a free object. Full slabs are on no
 * list; kfree() puts them back when their first object comes home.
 */
#define P(i) LIST_HEAD_INIT(slab_partial[i])
static struct list_head slab_partial[KMALLOC_NR_CLASSES] = {
	/* clang-format off */
	P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7),
	/* clang-format on */
};
#undef P

static spinlock_t kmalloc_lock = SPINLOCK_INIT;

static inline size_t class_size(unsigned int c)
{
	return 1UL << (KMALLOC_MIN_SHIFT + c);
}

static unsigned int size_to_class(size_t size)
{
	unsigned int c = 0;

	while (class_size(c) < size)
		c++;
	return c;
}

static inline unsigned long long ull(u64 v)
{
	return v;
}

/*
 * Turns a fresh page into a slab whose free list runs through the objects
 * in address order. Caller holds kmalloc_lock.
 */
static struct page *slab_new(unsigned int c)
{
	size_t size = class_size(c);
	struct page *page = alloc_pages(0);
	char *base;
	size_t off;

	if (!page)
		return NULL;
	base = page_address(page);
	memset(base, POISON_FREE, PAGE_SIZE);
	for (off = 0; off < PAGE_SIZE; off += size)
		*(void **)(base + off) =
			off + size < PAGE_SIZE ? base + off + size : NULL;

	page->flags |= PG_SLAB;
	page->slab_class = c;
	page->slab_inuse = 0;
	page->slab_free = base;
	return page;
}

static void *slab_alloc(unsigned int c)
{
	struct page *page;
	unsigned long flags;
	void *obj, *next;
	uintptr_t base;

	spin_lock_irqsave(&kmalloc_lock, flags);
	if (list_empty(&slab_partial[c])) {
		page = slab_new(c);
		if (!page) {
			spin_unlock_irqrestore(&kmalloc_lock, flags);
			return NULL;
		}
		list_add(&page->list, &slab_partial[c]);
	}
	page = list_first_entry(&slab_partial[c], struct page, list);
	obj = page->slab_free;
	next = *(void **)obj;

	/*
	 * The link lives in freed memory, so a write after free lands here
	 * first; following it blindly would hand out arbitrary memory.
	 */
	base = (uintptr_t)page_address(page);
	if (next && ((uintptr_t)next - base >= PAGE_SIZE ||
		     ((uintptr_t)next - base) % class_size(c)))
		panic("kmalloc: slab pfn 0x%llx: free object %p links to %p (written after free?)",
		      ull(page_to_pfn(page)), obj, next);

	page->slab_free = next;
	page->slab_inuse++;
	if (!next)
		list_del(&page->list);
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return obj;
}

static void *large_alloc(size_t size)
{
	unsigned int order = 0;
	struct page *page;

	if (size > KMALLOC_MAX_LARGE)
		return NULL;
	while ((PAGE_SIZE << order) < size)
		order++;
	/* alloc_pages() records PG_HEAD and the order for kfree(). */
	page = alloc_pages(order);
	return page ? page_address(page) : NULL;
}

void *kmalloc(size_t size)
{
	if (size <= KMALLOC_MAX_SMALL)
		return slab_alloc(size_to_class(size));
	return large_alloc(size);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/*
 * Finds the page a kmalloc pointer lives in, and its offset there, without
 * indexing page_map with a wild pfn.
 */
static struct page *kmalloc_page(const void *ptr, const char *who,
				 size_t *offset)
{
	phys_addr_t pa = virt_to_phys(ptr);

	if (PFN_DOWN(pa) >= max_pfn)
		panic("%s: bad pointer %p (outside the page map)", who, ptr);
	*offset = pa & ~PAGE_MASK;
	return pfn_to_page(PFN_DOWN(pa));
}

/*
 * Returns the slab page when it has become empty and should go back to the
 * buddy allocator. Caller holds kmalloc_lock.
 */
static struct page *slab_put(struct page *page, const void *ptr,
			     size_t offset)
{
	unsigned int c = page->slab_class;
	size_t size = class_size(c);
	bool was_full = !page->slab_free;
	void *obj = (void *)ptr;

	if (offset % size)
		panic("kfree: bad pointer %p", ptr);
	if (!page->slab_inuse)
		panic("kfree: %p: slab pfn 0x%llx has no objects in use (double free?)",
		      ptr, ull(page_to_pfn(page)));

	memset(obj, POISON_FREE, size);
	*(void **)obj = page->slab_free;
	page->slab_free = obj;
	page->slab_inuse--;
	if (was_full)
		list_add(&page->list, &slab_partial[c]);

	/*
	 * An empty slab that is its class's only partial slab stays, so a
	 * single object allocated and freed in a loop does not bounce a page
	 * through the buddy allocator.
	 */
	if (!page->slab_inuse &&
	    slab_partial[c].next != slab_partial[c].prev) {
		list_del(&page->list);
		page->flags &= ~PG_SLAB;
		page->slab_free = NULL;
		return page;
	}
	return NULL;
}

void kfree(const void *ptr)
{
	struct page *page, *empty;
	unsigned long flags;
	size_t offset;

	if (!ptr)
		return;
	page = kmalloc_page(ptr, "kfree", &offset);

	spin_lock_irqsave(&kmalloc_lock, flags);
	if (page->flags & PG_SLAB) {
		empty = slab_put(page, ptr, offset);
		spin_unlock_irqrestore(&kmalloc_lock, flags);
		if (empty)
			free_pages(empty, 0);
		return;
	}
	spin_unlock_irqrestore(&kmalloc_lock, flags);

	if (!(page->flags & PG_HEAD) || offset)
		panic("kfree: bad pointer %p (not a kmalloc object, flags 0x%x)",
		      ptr, page->flags);
	free_pages(page, page->order);
}

size_t ksize(const void *ptr)
{
	struct page *page;
	size_t offset;

	if (!ptr)
		return 0;
	page = kmalloc_page(ptr, "ksize", &offset);
	if (page->flags & PG_SLAB) {
		if (offset % class_size(page->slab_class))
			panic("ksize: bad pointer %p", ptr);
		return class_size(page->slab_class);
	}
	if (!(page->flags & PG_HEAD) || offset)
		panic("ksize: bad pointer %p (not a kmalloc object, flags 0x%x)",
		      ptr, page->flags);
	return PAGE_SIZE << page->order;
}

void kmalloc_shrink(void)
{
	struct page *page, *n;
	unsigned long flags;
	LIST_HEAD(empty);

	spin_lock_irqsave(&kmalloc_lock, flags);
	for (unsigned int c = 0; c < KMALLOC_NR_CLASSES; c++) {
		list_for_each_entry_safe(page, n, &slab_partial[c], list) {
			if (page->slab_inuse)
				continue;
			list_del(&page->list);
			page->flags &= ~PG_SLAB;
			page->slab_free = NULL;
			list_add(&page->list, &empty);
		}
	}
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	list_for_each_entry_safe(page, n, &empty, list) {
		list_del(&page->list);
		free_pages(page, 0);
	}
}
