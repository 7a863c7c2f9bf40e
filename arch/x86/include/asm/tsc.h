/* The TSC as the native clock source, calibrated against the PIT. */
#ifndef ASM_TSC_H
#define ASM_TSC_H

#include <kernel/types.h>

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	/* clang-format off */
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	/* clang-format on */
	return ((u64)hi << 32) | lo;
}

/* Measured TSC frequency in kHz (0 before calibration). */
extern u64 tsc_khz;
/* Measured local APIC timer rate in kHz. */
extern u64 lapic_timer_khz;
extern u64 tsc_base, tsc_ns_mult;

void native_time_init(void);

#endif
