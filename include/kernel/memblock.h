/*
 * The boot-time allocator: hands out physical memory from the loader's
 * memory map before the buddy allocator exists, then gives everything it
 * did not hand out (or reserve) to the buddy allocator.
 */
#ifndef KERNEL_MEMBLOCK_H
#define KERNEL_MEMBLOCK_H

#include <kernel/types.h>

struct boot_info;

void memblock_init(const struct boot_info *bi);
void memblock_reserve(u64 base, u64 size, const char *what);
/* Physical address of a fresh block below limit, or 0 when none is left. */
u64 memblock_alloc(u64 size, u64 align, u64 limit);
/* Highest usable address + 1. */
u64 memblock_end_of_ram(void);
/* Frees all usable memory not reserved or allocated into the buddy allocator. */
void memblock_hand_over(void);
void memblock_dump(void);

#endif
