/*
 * Time: a monotonic clock in nanoseconds since boot (pv_ops time.clock_ns)
 * and one-shot timers multiplexed on the backend's timer (kernel/timer.c).
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <asm/paravirt.h>
#include <kernel/list.h>
#include <kernel/types.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

struct timer {
	struct list_head list;
	u64 expires;		     /* clock_ns() deadline */
	void (*fn)(struct timer *t); /* runs in interrupt context */
	bool pending;
};

/* True once the clock source is calibrated and clock_ns() means something. */
bool time_ready(void);
void time_set_ready(void);

void timer_init(struct timer *t, void (*fn)(struct timer *t));
/* Arms (or re-arms) t for an absolute deadline. */
void timer_arm(struct timer *t, u64 expires_ns);
/* Returns true if t was pending. */
bool timer_cancel(struct timer *t);
/* Called from the backend's timer interrupt: runs due timers, reprograms. */
void timer_interrupt(void);
u64 timer_interrupt_count(void);

/* Busy-waits on the clock; for short hardware delays only. */
void udelay(u64 us);

/* The wall clock (kernel/time_sys.c): reads the real-time clock once, at boot. */
void time_sys_init(void);
/* CLOCK_REALTIME minus clock_ns(), in nanoseconds. */
u64 realtime_offset_ns(void);

#endif
