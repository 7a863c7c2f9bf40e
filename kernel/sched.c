/*
 * The scheduler: a round-robin run queue, a time slice armed only while
 * someone else is waiting to run, and the boot thread as the idle thread.
 * Runs with interrupts off inside; a switch happens only in schedule().
 */
#define pr_fmt(fmt) "sched: " fmt

#include <asm/boot.h>
#include <asm/irqflags.h>
#include <asm/process.h>
#include <kernel/cputime.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/rseq.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#define SLICE_NS (10 * NSEC_PER_MSEC)

extern char boot_stack[];
void switch_stack(unsigned long *save_rsp, unsigned long new_rsp);

static struct thread idle_thread = { .name = "idle" };
struct thread *current = &idle_thread;
static LIST_HEAD(run_queue);
static LIST_HEAD(all_threads);
static LIST_HEAD(dead_threads);
static bool need_resched;
static struct timer slice_timer;
static int next_tid = 1;
static unsigned int thread_count = 1;
static unsigned int nr_queued; /* threads on run_queue */

/*
 * What /proc/stat and /proc/loadavg report (sched_get_stats()): the
 * time the CPU spent halted in cpu_idle(), context switches, threads
 * started, and the user time of the processes that ran, taken from
 * their utime_ns between switches (whoever accounts it), so that it
 * survives the processes.
 */
static u64 idle_ns;
static u64 nr_switches;
static u64 nr_forks;
static int last_pid;
static u64 user_ns;
static u64 user_mark; /* current's utime_ns when it got the CPU */

/*
 * The load average as Linux computes it: every 5 s the number of
 * runnable threads is folded into three exponentially decaying averages
 * (1, 5 and 15 minutes) in fixed point with FSHIFT fraction bits. The
 * kernel is tickless, so the samples are taken late: load_update() runs
 * before every change of that number and applies each 5-second boundary
 * passed since the last change with the number that held then (up to
 * the last switch's time, see load_now()).
 */
#define LOAD_FREQ_NS (5 * NSEC_PER_SEC)
/* Samples after which any history is gone. */
#define LOAD_CONVERGED 4096
/* 2048 / e^(5 s / period) for periods of 1, 5 and 15 minutes. */
static const unsigned long load_exp[3] = { 1884, 2014, 2037 };
static unsigned long load_avg[3];
static u64 load_next_ns = LOAD_FREQ_NS;

static unsigned int nr_active(void)
{
	return nr_queued + (current != &idle_thread);
}

/*
 * The time for load_update() when the number of runnable threads grows
 * (a wake-up, a new thread): read afresh in the idle thread, whose time
 * costs nothing, and otherwise the last switch's. Running threads switch
 * often, and under Xen a clock read may trap (<kernel/cputime.h>). The
 * cost: a 5 s boundary passed since that switch is applied at the next
 * switch, with the number of runnable threads then. Interrupts off.
 */
static u64 switch_ns;

static u64 load_now(void)
{
	return current == &idle_thread ? clock_ns() : switch_ns;
}

/* Interrupts off. */
static void load_update(u64 now)
{
	unsigned long active = (unsigned long)nr_active() << SCHED_FSHIFT;
	unsigned int samples = 0;

	while (now >= load_next_ns) {
		for (int i = 0; i < 3; i++) {
			unsigned long e = load_exp[i];
			unsigned long v = load_avg[i] * e + active * ((1UL << SCHED_FSHIFT) - e);

			/* Round up while rising, so a constant load is reached, not only approached. */
			if (active >= load_avg[i])
				v += (1UL << SCHED_FSHIFT) - 1;
			load_avg[i] = v >> SCHED_FSHIFT;
		}
		load_next_ns += LOAD_FREQ_NS;
		if (++samples == LOAD_CONVERGED) {
			for (int i = 0; i < 3; i++)
				load_avg[i] = active;
			load_next_ns = now - now % LOAD_FREQ_NS + LOAD_FREQ_NS;
		}
	}
}

static inline u64 proc_utime(const struct thread *t)
{
	return t->proc ? t->proc->utime_ns : 0;
}

/* prev hands the CPU to next: its user time since it got the CPU counts. Interrupts off. */
static void account_switch(struct thread *prev, struct thread *next)
{
	u64 u = proc_utime(prev);

	if (u > user_mark)
		user_ns += u - user_mark;
	user_mark = proc_utime(next);
	nr_switches++;
}

void sched_get_stats(struct sched_stats *st)
{
	unsigned long flags = arch_local_irq_save();
	u64 u = proc_utime(current);

	load_update(clock_ns());
	st->idle_ns = idle_ns;
	st->user_ns = user_ns + (u > user_mark ? u - user_mark : 0);
	st->switches = nr_switches;
	st->forks = nr_forks;
	st->running = nr_active();
	st->threads = thread_count;
	st->last_pid = last_pid;
	for (int i = 0; i < 3; i++)
		st->load[i] = load_avg[i];
	arch_local_irq_restore(flags);
}

static void slice_expired(struct timer *t)
{
	if (!list_empty(&run_queue))
		need_resched = true;
}

static void sleep_timer_fn(struct timer *t)
{
	wake_up_thread(container_of(t, struct thread, sleep_timer));
}

void sched_init(void)
{
	idle_thread.stack = boot_stack;
	idle_thread.stack_size = BOOT_STACK_SIZE;
	idle_thread.state = THREAD_RUNNABLE;
	list_init(&idle_thread.run_list);
	list_add_tail(&idle_thread.all_list, &all_threads);
	timer_init(&idle_thread.sleep_timer, sleep_timer_fn);
	timer_init(&slice_timer, slice_expired);
}

static void kthread_entry(void);

static void kthread_entry(void)
{
	arch_local_irq_enable(); /* schedule() switched here with them off */
	current->fn(current->arg);
	kthread_exit();
}

/*
 * A thread joined the run queue: the idle thread yields at once; a busy
 * thread gets a time slice, so the newcomer runs within SLICE_NS even if
 * the current one never sleeps. Interrupts are off.
 */
static void runnable_added(void)
{
	if (current == &idle_thread)
		need_resched = true;
	else if (!slice_timer.pending)
		timer_arm(&slice_timer, clock_ns() + SLICE_NS);
}

/*
 * A thread with its stack, not yet runnable. The top of every stack holds
 * the user register frame (thread_regs()); the thread's first frame, which
 * switch_stack() pops (six registers, then entry), sits below it.
 */
struct thread *thread_alloc(void (*entry)(void), const char *name)
{
	struct thread *t = kzalloc(sizeof(*t));
	struct page *stack = alloc_pages(THREAD_STACK_ORDER);
	unsigned long *sp;

	if (!t || !stack) {
		kfree(t);
		if (stack)
			free_pages(stack, THREAD_STACK_ORDER);
		return NULL;
	}
	t->stack = page_address(stack);
	t->stack_size = PAGE_SIZE << THREAD_STACK_ORDER;
	strlcpy(t->name, name, sizeof(t->name));
	timer_init(&t->sleep_timer, sleep_timer_fn);
	list_init(&t->run_list);

	sp = (unsigned long *)thread_regs(t, t->stack, t->stack_size);
	*--sp = 0; /* end of the backtrace */
	*--sp = (unsigned long)entry;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (unsigned long)sp;
	return t;
}

/* A forked user thread's first switch lands in fork_ret, right on its register frame. */
struct thread *thread_alloc_user(const char *name)
{
	struct thread *t = thread_alloc(fork_ret, name);
	unsigned long *sp;

	if (!t)
		return NULL;
	/* No backtrace end here: after the ret, %rsp must be the register frame. */
	sp = (unsigned long *)thread_regs(t, t->stack, t->stack_size);
	*--sp = (unsigned long)fork_ret;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (unsigned long)sp;
	return t;
}

void thread_free_unstarted(struct thread *t)
{
	free_pages(virt_to_page(t->stack), THREAD_STACK_ORDER);
	if (t->fpu)
		fpu_free(t->fpu);
	kfree(t);
}

void thread_start(struct thread *t)
{
	unsigned long flags = arch_local_irq_save();

	load_update(load_now());
	t->tid = next_tid++;
	t->state = THREAD_RUNNABLE;
	list_add_tail(&t->all_list, &all_threads);
	list_add_tail(&t->run_list, &run_queue);
	nr_queued++;
	thread_count++;
	nr_forks++;
	if (t->proc)
		last_pid = t->proc->pid;
	runnable_added();
	arch_local_irq_restore(flags);
}

struct thread *kthread_alloc(void (*fn)(void *arg), void *arg, const char *name)
{
	struct thread *t = thread_alloc(kthread_entry, name);

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	return t;
}

struct thread *kthread_create(void (*fn)(void *arg), void *arg, const char *name)
{
	struct thread *t = kthread_alloc(fn, arg, name);

	if (t)
		thread_start(t);
	return t;
}

/* Frees the stacks of threads that have exited; never the running one's. */
static void reap_dead(void)
{
	struct thread *t, *n;

	list_for_each_entry_safe(t, n, &dead_threads, run_list) {
		if (t == current)
			continue;
		list_del(&t->run_list);
		free_pages(virt_to_page(t->stack), THREAD_STACK_ORDER);
		if (t->fpu)
			fpu_free(t->fpu);
		kfree(t);
	}
}

void schedule(void)
{
	unsigned long flags = arch_local_irq_save();
	struct thread *prev = current, *next;
	u64 now;

	/* prev counted as running until now, whatever it is about to do. */
	now = clock_ns();
	switch_ns = now;
	load_update(now);
	if (prev->state == THREAD_RUNNABLE && prev != &idle_thread) {
		list_add_tail(&prev->run_list, &run_queue);
		nr_queued++;
	}
	if (!list_empty(&run_queue)) {
		next = list_first_entry(&run_queue, struct thread, run_list);
		list_del(&next->run_list);
		nr_queued--;
	} else {
		next = &idle_thread;
	}
	need_resched = false;

	if (next != prev) {
		/* A slice matters only while another thread is waiting. */
		if (!list_empty(&run_queue) && next != &idle_thread)
			timer_arm(&slice_timer, now + SLICE_NS);
		else
			timer_cancel(&slice_timer);
		next->switches++;
		rseq_preempt(prev);
		/* After the queues are settled: the charge may wake a CPU-clock sleeper, prev too. */
		cputime_switch(prev, next, now);
		account_switch(prev, next);
		current = next;
		lazy_mmu_switch_out(prev); /* queued page-table updates land before the switch */
		arch_switch_to(prev, next);
		switch_stack(&prev->rsp, next->rsp);
		lazy_mmu_switch_in(current); /* prev runs again: its section resumes */
	}
	reap_dead();
	arch_local_irq_restore(flags);
}

void yield(void)
{
	schedule();
}

void preempt_check(void)
{
	if (need_resched)
		schedule();
}

void wake_up_thread(struct thread *t)
{
	unsigned long flags = arch_local_irq_save();

	if (t->state == THREAD_SLEEPING) {
		load_update(load_now());
		timer_cancel(&t->sleep_timer);
		list_del(&t->run_list); /* off its wait queue, if any */
		t->state = THREAD_RUNNABLE;
		list_add_tail(&t->run_list, &run_queue);
		nr_queued++;
		runnable_added();
	}
	arch_local_irq_restore(flags);
}

void sleep_until(u64 deadline_ns)
{
	unsigned long flags = arch_local_irq_save();

	if (deadline_ns > clock_ns()) {
		current->state = THREAD_SLEEPING;
		timer_arm(&current->sleep_timer, deadline_ns);
		schedule();
	}
	arch_local_irq_restore(flags);
}

void msleep(u64 ms)
{
	sleep_until(clock_ns() + ms * NSEC_PER_MSEC);
}

void kthread_exit(void)
{
	arch_local_irq_disable();
	BUG_ON(current == &idle_thread);
	current->state = THREAD_DEAD;
	list_del(&current->all_list);
	list_add_tail(&current->run_list, &dead_threads);
	thread_count--;
	schedule();
	panic("sched: a dead thread was scheduled");
}

void cpu_idle(void)
{
	for (;;) {
		arch_local_irq_disable();
		if (list_empty(&run_queue)) {
			u64 halted;

			reap_dead();
			halted = clock_ns();
			arch_safe_halt(); /* wakes with interrupts on */
			arch_local_irq_disable();
			idle_ns += clock_ns() - halted;
			arch_local_irq_enable();
		} else {
			arch_local_irq_enable();
		}
		schedule();
	}
}

unsigned int nr_threads(void)
{
	return thread_count;
}

void wait_queue_init(struct wait_queue *wq)
{
	list_init(&wq->waiters);
}

void wait_queue_sleep(struct wait_queue *wq)
{
	unsigned long flags = arch_local_irq_save();

	current->state = THREAD_SLEEPING;
	list_add_tail(&current->run_list, &wq->waiters);
	schedule();
	arch_local_irq_restore(flags);
}

void wait_queue_sleep_until(struct wait_queue *wq, u64 deadline_ns)
{
	unsigned long flags = arch_local_irq_save();

	if (deadline_ns > clock_ns()) {
		current->state = THREAD_SLEEPING;
		list_add_tail(&current->run_list, &wq->waiters);
		/* The timer's wake_up_thread() takes us off wq as a wake_up_all() would. */
		timer_arm(&current->sleep_timer, deadline_ns);
		schedule();
	}
	arch_local_irq_restore(flags);
}

void wake_up_all(struct wait_queue *wq)
{
	unsigned long flags = arch_local_irq_save();

	while (!list_empty(&wq->waiters))
		wake_up_thread(list_first_entry(&wq->waiters, struct thread, run_list));
	arch_local_irq_restore(flags);
}
