/*
 * Boot-time memory: the usable ranges of the memory map minus reserved
 * ones (the first MiB, the kernel image, boot modules, early allocations).
 * Allocation is first-fit from the bottom; it lives only until
 * memblock_hand_over() gives the rest to the buddy allocator.
 */
#define pr_fmt(fmt) "memblock: " fmt

#include <asm/page.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/memblock.h>
#include <kernel/mm.h>
#include <kernel/printk.h>

#define MAX_RESERVED 64

struct range {
	u64 start, end;
	const char *what;
};

static struct range usable[BOOT_MAX_MEMRANGES];
static unsigned int nr_usable;
static struct range reserved[MAX_RESERVED];
static unsigned int nr_reserved;
static bool handed_over;

void memblock_init(const struct boot_info *bi)
{
	for (u32 i = 0; i < bi->nr_mem; i++) {
		const struct boot_memrange *m = &bi->mem[i];

		if (m->type != BOOT_MEM_USABLE || !m->len)
			continue;
		usable[nr_usable].start = m->base;
		usable[nr_usable].end = m->base + m->len;
		nr_usable++;
	}
}

/* Keeps reserved[] sorted by start; overlapping entries are allowed. */
void memblock_reserve(u64 base, u64 size, const char *what)
{
	u64 start = ALIGN_DOWN(base, PAGE_SIZE), end = ALIGN_UP(base + size, PAGE_SIZE);
	unsigned int i;

	if (!size)
		return;
	BUG_ON(handed_over);
	/* Early allocations come one after another: grow the range they extend. */
	for (i = 0; i < nr_reserved; i++) {
		if (reserved[i].end == start && reserved[i].what == what &&
		    (i + 1 == nr_reserved || reserved[i + 1].start >= end)) {
			reserved[i].end = end;
			return;
		}
	}
	if (nr_reserved == MAX_RESERVED)
		panic("memblock: more than %d reserved ranges", MAX_RESERVED);
	for (i = nr_reserved; i > 0 && reserved[i - 1].start > base; i--)
		reserved[i] = reserved[i - 1];
	reserved[i].start = ALIGN_DOWN(base, PAGE_SIZE);
	reserved[i].end = ALIGN_UP(base + size, PAGE_SIZE);
	reserved[i].what = what;
	nr_reserved++;
}

/* The first reserved range that overlaps [start, end), or NULL. */
static const struct range *overlap(u64 start, u64 end)
{
	for (unsigned int i = 0; i < nr_reserved; i++)
		if (reserved[i].start < end && start < reserved[i].end)
			return &reserved[i];
	return NULL;
}

u64 memblock_alloc(u64 size, u64 align, u64 limit)
{
	BUG_ON(handed_over);
	size = ALIGN_UP(size, PAGE_SIZE);
	for (unsigned int i = 0; i < nr_usable; i++) {
		u64 start = ALIGN_UP(usable[i].start, align);

		while (start + size <= usable[i].end && start + size <= limit) {
			const struct range *r = overlap(start, start + size);

			if (!r) {
				memblock_reserve(start, size, "early allocation");
				return start;
			}
			start = ALIGN_UP(r->end, align);
		}
	}
	return 0;
}

u64 memblock_end_of_ram(void)
{
	u64 end = 0;

	for (unsigned int i = 0; i < nr_usable; i++)
		end = MAX(end, usable[i].end);
	return end;
}

void memblock_hand_over(void)
{
	for (unsigned int i = 0; i < nr_usable; i++) {
		u64 start = usable[i].start;

		while (start < usable[i].end) {
			const struct range *r = overlap(start, usable[i].end);
			u64 stop = r ? MAX(r->start, start) : usable[i].end;

			if (stop > start)
				buddy_free_range(start, stop);
			if (!r)
				break;
			start = MAX(start, r->end);
		}
	}
	handed_over = true;
}

void memblock_dump(void)
{
	for (unsigned int i = 0; i < nr_reserved; i++)
		pr_debug("reserved [0x%09llx-0x%09llx) %s\n",
			 (unsigned long long)reserved[i].start,
			 (unsigned long long)reserved[i].end, reserved[i].what);
}
