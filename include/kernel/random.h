/*
 * The kernel's random numbers (kernel/random.c): RDRAND where the CPU has
 * it, else xorshift64* over the TSC. For seeds, canaries and address-space
 * randomisation; not cryptographic.
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <kernel/types.h>

u64 get_random_u64(void);

#endif
