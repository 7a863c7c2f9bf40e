/*
 * The virtual layout (Documentation/memory.md) and physical/virtual conversion.
 *
 *   0x0000000000000000 - 0x00007fffffffffff  user space
 *   0xffff800000000000 - 0xffff87ffffffffff  reserved for Xen, never used
 *   0xffff888000000000 -                     direct map of physical memory
 *   0xffffc90000000000 - 0xffffc9ffffffffff  vmap area: ioremap, text-patching alias
 *   0xffffffff80000000 -                     kernel image (phys + this)
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <kernel/types.h>

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1UL << PAGE_SHIFT)
#define PAGE_MASK   (~(PAGE_SIZE - 1))
#define PFN_UP(x)   (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

#define USER_TOP	 0x0000800000000000UL
#define XEN_HOLE_START	 0xffff800000000000UL
#define XEN_HOLE_END	 0xffff880000000000UL
#define DIRECT_MAP_BASE	 0xffff888000000000UL
#define DIRECT_MAP_MAX	 (64UL << 40) /* 64 TiB of RAM at most */
#define VMAP_BASE	 0xffffc90000000000UL
#define VMAP_END	 0xffffca0000000000UL /* 1 TiB: two top-level entries */
#define KERNEL_VIRT_BASE 0xffffffff80000000UL
/* The lowest address of kernel memory, for portable checks of a kernel pointer. */
#define KERNEL_SPACE_START DIRECT_MAP_BASE

#ifdef UNIT_TEST
/* Host unit tests back "physical memory" with an array of their own. */
void *phys_to_virt(phys_addr_t pa);
phys_addr_t virt_to_phys(const void *va);
#else
static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

/* Valid for direct-map and kernel-image addresses. */
static inline phys_addr_t virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= KERNEL_VIRT_BASE)
		return v - KERNEL_VIRT_BASE;
	return v - DIRECT_MAP_BASE;
}
#endif

/* Kernel image symbols, before and after the direct map exists. */
#define __pa_symbol(x) ((phys_addr_t)((unsigned long)(x)-KERNEL_VIRT_BASE))

#endif
