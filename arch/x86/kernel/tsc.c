/*
 * Native time: the TSC is the clock, calibrated against PIT channel 2 (a
 * known 1.193182 MHz); the local APIC timer in one-shot mode is the timer,
 * its rate measured against the calibrated TSC.
 */
#define pr_fmt(fmt) "tsc: " fmt

#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq_vectors.h>
#include <asm/native_ops.h>
#include <asm/tsc.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/time.h>

#define PIT_HZ	     1193182ULL
#define PIT_CH2	     0x42
#define PIT_CMD	     0x43
#define PIT_GATE     0x61
#define CALIBRATE_MS 10

u64 tsc_khz;
u64 lapic_timer_khz;
/* Read by native_clock_ns (native_ops.S): ns = (tsc - tsc_base) * tsc_ns_mult >> 32. */
u64 tsc_base;
u64 tsc_ns_mult;
static u64 lapic_ticks_per_ms;
static u64 lapic_ns_mult; /* timer ticks = ns * lapic_ns_mult >> 32 */

void native_timer_program(u64 deadline_ns)
{
	u64 now, ticks;

	if (!deadline_ns) {
		lapic_timer_set(0);
		return;
	}
	now = native_clock_ns();
	ticks = deadline_ns > now ?
			/* clang-format off */
		(u64)(((unsigned __int128)(deadline_ns - now) * lapic_ns_mult) >> 32) : 0;
	/* clang-format on */
	if (ticks == 0)
		ticks = 1; /* already due: fire as soon as possible */
	if (ticks > 0xffffffffULL)
		ticks = 0xffffffffULL; /* the handler re-arms for the rest */
	lapic_timer_set((u32)ticks);
}

/* TSC ticks over CALIBRATE_MS of PIT channel 2 counting down once. */
static u64 pit_calibrate_once(void)
{
	u32 latch = (u32)(PIT_HZ * CALIBRATE_MS / 1000);
	u64 t0, t1;
	long spins = 0;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01); /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);				/* channel 2, lo/hi byte, mode 0 */
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20)) {
		if (++spins > 100000000L)
			return 0; /* no PIT: the output never rose */
	}
	t1 = rdtsc();
	return t1 - t0;
}

static void lapic_timer_irq(unsigned int irq, void *data)
{
	timer_interrupt();
}

void native_time_init(void)
{
	u64 best = ~0ULL, ticks, start;
	u32 lapic_start;

	for (int i = 0; i < 3; i++) {
		ticks = pit_calibrate_once();
		if (ticks && ticks < best)
			best = ticks;
	}
	if (best == ~0ULL)
		boot_fail("cannot calibrate the TSC: PIT channel 2 does not count");
	tsc_khz = best / CALIBRATE_MS;
	tsc_ns_mult = (NSEC_PER_MSEC << 32) / tsc_khz;
	tsc_base = rdtsc();
	time_set_ready();

	/* Local APIC timer rate, against the TSC over the same interval. */
	lapic_timer_set(0xffffffff);
	lapic_start = lapic_timer_current();
	start = native_clock_ns();
	while (native_clock_ns() - start < CALIBRATE_MS * NSEC_PER_MSEC)
		cpu_relax();
	lapic_ticks_per_ms = (lapic_start - lapic_timer_current()) / CALIBRATE_MS;
	lapic_timer_set(0);
	if (!lapic_ticks_per_ms)
		boot_fail("the local APIC timer does not count");
	lapic_timer_khz = lapic_ticks_per_ms;
	lapic_ns_mult = (lapic_ticks_per_ms << 32) / NSEC_PER_MSEC;

	if (request_irq(IRQ_LAPIC_TIMER, lapic_timer_irq, "timer", NULL))
		boot_fail("cannot install the local APIC timer interrupt");
	pr_info("TSC %llu.%03llu MHz (PIT-calibrated), local APIC timer %llu kHz, one-shot\n",
		(unsigned long long)(tsc_khz / 1000), (unsigned long long)(tsc_khz % 1000),
		(unsigned long long)lapic_timer_khz);
}
