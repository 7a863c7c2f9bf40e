/*
 * The kernel's page tables: a direct map of every range in the memory
 * map, and the kernel image with text read-only, read-only data and data
 * no-execute. Built while still on head.S's identity-mapped tables, then
 * loaded; from there on every table is reached through the direct map.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <kernel/bootinfo.h>
#include <kernel/errno.h>
#include <kernel/memblock.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define SZ_2M		(2ULL << 20)
#define SZ_1G		(1ULL << 30)
#define EARLY_MAP_LIMIT (4ULL << 30) /* head.S identity-maps this much */

extern const char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

static phys_addr_t kernel_pgd_pa;
/*
 * How the tables are reached before the direct map exists. Natively:
 * head.S's identity map of 4 GiB, a new top-level table, large pages.
 * A Xen PV backend changes all three (paging_set_early()).
 */
static struct paging_early early = {
	.existing_pgd = 0,
	.va_offset = 0,
	.alloc_limit = EARLY_MAP_LIMIT,
	.large_pages = true,
};

/* Below this physical address the direct map already works (built in slices for PV). */
static u64 direct_mapped_end;

void paging_set_early(const struct paging_early *e)
{
	early = *e;
}
static bool on_kernel_tables;
static bool has_gbpages;
static u64 pte_mask = ~0ULL; /* drops NX where the CPU has none */

#define MAX_DIRECT_RANGES BOOT_MAX_MEMRANGES
/* clang-format off */
static struct { u64 start, end; } direct[MAX_DIRECT_RANGES];
/* clang-format on */
static unsigned int nr_direct;

static void *table_va(phys_addr_t pa)
{
	if (on_kernel_tables || pa < direct_mapped_end)
		return phys_to_virt(pa);
	return (void *)(unsigned long)(pa + early.va_offset);
}

static phys_addr_t table_alloc(int level)
{
	phys_addr_t pa;

	if (on_kernel_tables && page_map) {
		struct page *p = alloc_pages(0);

		pa = p ? page_to_phys(p) : 0;
	} else {
		pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE, MAX(early.alloc_limit, direct_mapped_end));
	}
	if (!pa)
		return 0;
	memset(table_va(pa), 0, PAGE_SIZE);
	paravirt_alloc_pt(pa >> PAGE_SHIFT, level);
	return pa;
}

phys_addr_t kernel_pgd_phys(void)
{
	return kernel_pgd_pa;
}

/*
 * Walks from the top to the table of the given level that maps va,
 * creating missing tables. Returns NULL on allocation failure, or when a
 * large page already maps va (then *large_hit is set).
 */
static u64 *walk_create(unsigned long va, int level, bool *large_hit)
{
	u64 *table = table_va(kernel_pgd_pa);

	*large_hit = false;
	for (int l = 4; l > level; l--) {
		u64 *e = &table[pt_index(va, l)];
		u64 v = pte_val(*e);

		if (!(v & _PAGE_PRESENT)) {
			phys_addr_t pa = table_alloc(l - 1);

			if (!pa)
				return NULL;
			v = pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
			set_pte(e, make_pte(v));
		} else if (v & _PAGE_PSE) {
			*large_hit = true;
			return NULL;
		}
		table = table_va(v & PTE_ADDR_MASK);
	}
	return table;
}

int kernel_map_range(unsigned long va, u64 pa, u64 size, u64 prot, bool large)
{
	u64 end = pa + size;

	prot &= pte_mask;
	while (pa < end) {
		u64 left = end - pa, step = PAGE_SIZE, flags = prot;
		int level = 1;
		bool hit;
		u64 *table;

		if (large && has_gbpages && IS_ALIGNED(pa | va, SZ_1G) && left >= SZ_1G) {
			level = 3;
			step = SZ_1G;
		} else if (large && IS_ALIGNED(pa | va, SZ_2M) && left >= SZ_2M) {
			level = 2;
			step = SZ_2M;
		}
		if (level > 1)
			flags |= _PAGE_PSE;
		table = walk_create(va, level, &hit);
		if (!table) {
			if (hit)
				return -EEXIST;
			return -ENOMEM;
		}
		set_pte(&table[pt_index(va, level)], make_pte(pa | flags));
		pa += step;
		va += step;
	}
	return 0;
}

u64 *kernel_lookup_pte(unsigned long va)
{
	u64 *table = table_va(kernel_pgd_pa);

	for (int l = 4; l > 1; l--) {
		u64 v = pte_val(table[pt_index(va, l)]);

		if (!(v & _PAGE_PRESENT) || (v & _PAGE_PSE))
			return NULL;
		table = table_va(v & PTE_ADDR_MASK);
	}
	return &table[pt_index(va, 1)];
}

bool direct_map_covers(u64 pa, u64 len)
{
	for (unsigned int i = 0; i < nr_direct; i++)
		if (pa >= direct[i].start && pa + len <= direct[i].end && pa + len >= pa)
			return true;
	return false;
}

/* Page-rounded, merged list of what the direct map covers. */
static void collect_direct_ranges(const struct boot_info *bi)
{
	direct[0].start = 0;
	direct[0].end = 1 << 20; /* BIOS data, EBDA, ACPI RSDP area */
	nr_direct = 1;
	for (u32 i = 0; i < bi->nr_mem; i++) {
		u64 s = ALIGN_DOWN(bi->mem[i].base, PAGE_SIZE);
		u64 e = ALIGN_UP(bi->mem[i].base + bi->mem[i].len, PAGE_SIZE);

		/*
		 * Reserved ranges above 4 GiB are holes the chipset claims (QEMU
		 * reserves one at 1 TiB), never memory we read.
		 */
		if (bi->mem[i].type == BOOT_MEM_BAD || e <= s ||
		    (bi->mem[i].type == BOOT_MEM_RESERVED && s >= EARLY_MAP_LIMIT))
			continue;
		/* bi->mem is sorted, so merging with the last entry suffices. */
		if (s <= direct[nr_direct - 1].end) {
			direct[nr_direct - 1].end = MAX(direct[nr_direct - 1].end, e);
		} else if (nr_direct < MAX_DIRECT_RANGES) {
			direct[nr_direct].start = s;
			direct[nr_direct].end = e;
			nr_direct++;
		} else {
			pr_warn("more than %d separate memory ranges; [%#llx-%#llx) is not mapped\n",
				MAX_DIRECT_RANGES, (unsigned long long)s, (unsigned long long)e);
		}
	}
}

static void map_or_fail(unsigned long va, u64 pa, u64 size, u64 prot, bool large,
			const char *what)
{
	int rc = kernel_map_range(va, pa, size, prot, large);

	if (rc)
		panic("mm: cannot map %s (%#lx, %llu bytes): %d", what, va,
		      (unsigned long long)size, rc);
}

void paging_init(struct boot_info *bi)
{
	u32 r[4];

	cpuid(0x80000001, r);
	has_gbpages = r[3] & (1U << 26);
	if (!(r[3] & (1U << 20)))
		pte_mask &= ~_PAGE_NX;

	kernel_pgd_pa = early.existing_pgd ? early.existing_pgd : table_alloc(4);
	if (!kernel_pgd_pa)
		panic("mm: no memory for the top-level page table");

	collect_direct_ranges(bi);
	for (unsigned int i = 0; i < nr_direct; i++) {
		/*
		 * Without large pages the tables outgrow any early mapping:
		 * map in 2 MiB slices, and let each slice's memory serve the
		 * next slices' tables.
		 */
		u64 step = early.large_pages ? direct[i].end - direct[i].start : (2ULL << 20);

		for (u64 s = direct[i].start; s < direct[i].end; s += step) {
			u64 e = MIN(s + step, direct[i].end);

			map_or_fail(DIRECT_MAP_BASE + s, s, e - s, PAGE_KERNEL, early.large_pages,
				    "direct map");
			if (!early.large_pages && s == direct_mapped_end)
				direct_mapped_end = e;
		}
	}

	map_or_fail((unsigned long)_text, __pa_symbol(_text), _etext - _text,
		    PAGE_KERNEL_RX, false, "kernel text");
	map_or_fail((unsigned long)_rodata, __pa_symbol(_rodata),
		    ALIGN_UP((unsigned long)_erodata, PAGE_SIZE) - (unsigned long)_rodata,
		    PAGE_KERNEL_RO, false, "kernel rodata");
	map_or_fail((unsigned long)_data, __pa_symbol(_data), _end - _data,
		    PAGE_KERNEL, false, "kernel data");

	/*
	 * Every process's top-level table copies the kernel half once, so the
	 * kernel's top-level entries must never change after boot: create the
	 * vmap area's now.
	 */
	for (unsigned long va = VMAP_BASE; va < VMAP_END; va += 1UL << 39) {
		bool hit;

		if (!walk_create(va, 3, &hit))
			panic("mm: no memory for the vmap area's tables");
	}

	write_cr4(read_cr4() | (1UL << 7)); /* PGE: kernel entries are global */
	write_cr3(kernel_pgd_pa);
	on_kernel_tables = true;
	pr_info("direct map: %u ranges up to %#llx%s; kernel text RX, rodata RO, data NX%s\n",
		nr_direct, (unsigned long long)direct[nr_direct - 1].end,
		/* clang-format off */
		!early.large_pages ? " (4 KiB pages)" : has_gbpages ? " (1 GiB pages)" : " (2 MiB pages)",
		/* clang-format on */
		pte_mask & _PAGE_NX ? "" : " (no NX on this CPU)");
}
