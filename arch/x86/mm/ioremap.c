/* ioremap: uncached mappings of device registers in the vmap area. */
#define pr_fmt(fmt) "ioremap: " fmt

#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <kernel/printk.h>

static unsigned long vmap_next = VMAP_BASE;

unsigned long vmap_reserve(u64 size)
{
	unsigned long va = vmap_next;

	size = ALIGN_UP(size, PAGE_SIZE);
	if (!size || va >= VMAP_END - PAGE_SIZE || size > VMAP_END - PAGE_SIZE - va)
		return 0;
	/* A guard page between reservations catches overruns. */
	vmap_next += size + PAGE_SIZE;
	return va;
}

void *ioremap(u64 pa, u64 size)
{
	u64 off = pa & (PAGE_SIZE - 1);
	u64 len = ALIGN_UP(size + off, PAGE_SIZE);
	unsigned long va = vmap_reserve(len);

	if (!va)
		return NULL;
	if (kernel_map_range(va, pa - off, len, PAGE_KERNEL_IO, false)) {
		pr_err("cannot map %#llx (%llu bytes)\n", (unsigned long long)pa,
		       (unsigned long long)size);
		return NULL;
	}
	return (void *)(va + off);
}
