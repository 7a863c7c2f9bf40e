/*
 * mem_init(): from the loader's memory map to a running page allocator.
 * Reserves what must survive (low memory, the kernel, boot modules), builds
 * the page tables, then hands every other usable page to the buddy
 * allocator.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <asm/pgtable.h>
#include <kernel/bootinfo.h>
#include <kernel/init.h>
#include <kernel/memblock.h>
#include <kernel/mm.h>
#include <kernel/printk.h>

#define MIN_MEMORY_MB 8

extern const char _text[], _end[];

static const char *const type_names[] = {
	/* clang-format off */
	[BOOT_MEM_USABLE] = "usable", [BOOT_MEM_RESERVED] = "reserved",
	[BOOT_MEM_ACPI] = "ACPI data", [BOOT_MEM_NVS] = "ACPI NVS",
	/* clang-format on */
	[BOOT_MEM_BAD] = "bad",
};

static void print_memmap(const struct boot_info *bi)
{
	for (u32 i = 0; i < bi->nr_mem; i++) {
		const struct boot_memrange *m = &bi->mem[i];
		u32 t = m->type <= BOOT_MEM_BAD ? m->type : BOOT_MEM_RESERVED;

		pr_info("[mem 0x%012llx-0x%012llx] %s\n", (unsigned long long)m->base,
			(unsigned long long)(m->base + m->len - 1), type_names[t]);
	}
}

void mem_init(struct boot_info *bi)
{
	u64 usable, map_bytes, map_pa;

	bootinfo_sanitize_memmap(bi);
	print_memmap(bi);
	usable = bootinfo_usable_bytes(bi);
	if (!bi->nr_mem || usable < ((u64)MIN_MEMORY_MB << 20))
		boot_fail("%llu KiB of usable memory in the loader's memory map; this kernel needs at least %d MiB",
			  (unsigned long long)(usable >> 10), MIN_MEMORY_MB);

	memblock_init(bi);
	memblock_reserve(0, 1 << 20, "low memory (BIOS, EBDA)");
	memblock_reserve(__pa_symbol(_text), _end - _text, "kernel image");
	for (u32 i = 0; i < bi->nr_modules; i++)
		memblock_reserve(bi->modules[i].base, bi->modules[i].len, "boot module");
	memblock_reserve(bi->keep_base, bi->keep_len, "boot loader information");

	paging_init(bi);
	memblock_dump();

	max_pfn = PFN_UP(memblock_end_of_ram());
	map_bytes = max_pfn * sizeof(struct page);
	map_pa = memblock_alloc(map_bytes, PAGE_SIZE, ~0ULL);
	if (!map_pa)
		boot_fail("no memory for the page array (%llu KiB)",
			  (unsigned long long)(map_bytes >> 10));
	buddy_init(phys_to_virt(map_pa), max_pfn);
	memblock_hand_over();
	pr_info("%llu KiB usable, %llu KiB free for the page allocator, %llu KiB reserved\n",
		(unsigned long long)(usable >> 10),
		(unsigned long long)(nr_free_pages() * (PAGE_SIZE >> 10)),
		(unsigned long long)((usable >> 10) - nr_free_pages() * (PAGE_SIZE >> 10)));
}
