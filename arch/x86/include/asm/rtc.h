/* The CMOS real-time clock (arch/x86/kernel/rtc.c). */
#ifndef ASM_RTC_H
#define ASM_RTC_H

#include <kernel/types.h>

/* The RTC's time as seconds since 1970 (it is taken to keep UTC), or 0 without a usable RTC. */
u64 rtc_read_epoch_seconds(void);
/* pv_ops.init.wallclock_ns of the native backends: the RTC, to the second. */
u64 rtc_wallclock_ns(void);

#endif
