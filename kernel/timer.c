/*
 * One-shot timers on the backend's single one-shot timer: a list sorted
 * by deadline, the hardware programmed for the head. Tickless: with no
 * timer pending nothing interrupts an idle CPU (after at most one early
 * interrupt, below).
 *
 * The hardware is reprogrammed only when the head becomes earlier than
 * what it holds. A head that moves later or is cancelled leaves it: the
 * interrupt then comes early, finds nothing due and programs the real
 * head. The scheduler re-arms or cancels its slice timer on nearly every
 * switch, and under Xen each programming is a hypercall.
 */
#include <asm/irqflags.h>
#include <asm/io.h>
#include <kernel/time.h>

static LIST_HEAD(timers);
static bool clock_ready;
static u64 interrupts;

bool time_ready(void)
{
	return clock_ready;
}

void time_set_ready(void)
{
	clock_ready = true;
}

void timer_init(struct timer *t, void (*fn)(struct timer *t))
{
	list_init(&t->list);
	t->fn = fn;
	t->pending = false;
}

static u64 programmed; /* the deadline the hardware holds; 0: none */

/* After the head may have become earlier: program it if the hardware would be late. */
static void reprogram(void)
{
	u64 head;

	if (list_empty(&timers))
		return;
	head = list_first_entry(&timers, struct timer, list)->expires;
	if (!programmed || head < programmed) {
		programmed = head;
		timer_program(head);
	}
}

void timer_arm(struct timer *t, u64 expires_ns)
{
	unsigned long flags = arch_local_irq_save();
	struct timer *pos;

	if (t->pending)
		list_del(&t->list);
	t->expires = expires_ns;
	t->pending = true;
	list_for_each_entry(pos, &timers, list)
		if (pos->expires > expires_ns)
			break;
	list_add_tail(&t->list, &pos->list); /* before pos, or at the end */
	if (timers.next == &t->list)
		reprogram();
	arch_local_irq_restore(flags);
}

bool timer_cancel(struct timer *t)
{
	unsigned long flags = arch_local_irq_save();
	bool was = t->pending;

	if (was) {
		list_del(&t->list); /* the hardware keeps its deadline: see the top */
		t->pending = false;
	}
	arch_local_irq_restore(flags);
	return was;
}

void timer_interrupt(void)
{
	u64 now = clock_ns();

	interrupts++;
	programmed = 0; /* it has fired */
	while (!list_empty(&timers)) {
		struct timer *t = list_first_entry(&timers, struct timer, list);

		if (t->expires > now)
			break;
		list_del(&t->list);
		t->pending = false;
		t->fn(t);
		now = clock_ns();
	}
	reprogram();
}

u64 timer_interrupt_count(void)
{
	return interrupts;
}

void udelay(u64 us)
{
	u64 end = clock_ns() + us * NSEC_PER_USEC;

	while (clock_ns() < end)
		cpu_relax();
}
