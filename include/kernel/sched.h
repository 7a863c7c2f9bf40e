/*
 * Kernel threads and the scheduler: round-robin, preemptive on a time
 * slice, with sleeping on wait queues and on timers. One CPU.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/list.h>
#include <kernel/time.h>
#include <kernel/types.h>

enum thread_state {
	THREAD_RUNNABLE,
	THREAD_SLEEPING,
	THREAD_DEAD,
};

struct thread {
	unsigned long rsp; /* saved by switch_stack() */
	void *stack;	   /* lowest address (the boot stack for idle) */
	size_t stack_size;
	enum thread_state state;
	int tid;
	char name[16];
	void (*fn)(void *arg);
	void *arg;
	struct list_head run_list; /* run queue, or a wait queue */
	struct list_head all_list;
	struct timer sleep_timer;
	u64 switches;
	struct process *proc;	/* NULL for a kernel thread */
	void *fpu;		/* FXSAVE or XSAVE area of a user thread (arch fpu.c) */
	struct thread_sig *sig; /* a user thread's signal state (<kernel/signal_ext.h>) */
	unsigned int lazy_mmu;	/* nesting depth of lazy-MMU sections (mm/lazy_mmu.c) */
	bool rseq_resume;	/* rseq work due before user mode (<kernel/rseq.h>) */
};

struct process;
struct thread_sig;

#define THREAD_STACK_ORDER 2 /* 16 KiB */

extern struct thread *current;

void sched_init(void);
/* A thread that will start at entry, not yet runnable; NULL when out of memory. */
struct thread *thread_alloc(void (*entry)(void), const char *name);
/* The same for a forked user thread, which starts on its register frame. */
struct thread *thread_alloc_user(const char *name);
void thread_start(struct thread *t);
/* Frees a thread that was allocated but never started. */
void thread_free_unstarted(struct thread *t);
/* A kernel thread that will run fn(arg), not yet started. */
struct thread *kthread_alloc(void (*fn)(void *arg), void *arg, const char *name);
/* Creates a runnable kernel thread; NULL when out of memory. */
struct thread *kthread_create(void (*fn)(void *arg), void *arg, const char *name);
__noreturn void kthread_exit(void);

/* The CPU the caller runs on: there is only one. */
static inline unsigned int smp_processor_id(void)
{
	return 0;
}

void schedule(void);
void yield(void);
/* Called on return from an interrupt: switches if the slice is over. */
void preempt_check(void);
void wake_up_thread(struct thread *t);
void sleep_until(u64 deadline_ns);
void msleep(u64 ms);
/* The boot thread's job once everything is up: run, idle when nothing else does. */
__noreturn void cpu_idle(void);
unsigned int nr_threads(void);

/* Fraction bits of the load averages (Linux's FSHIFT). */
#define SCHED_FSHIFT 11

/* What the scheduler counted since boot, for /proc/stat, /proc/uptime and /proc/loadavg. */
struct sched_stats {
	u64 idle_ns;	      /* halted in cpu_idle() */
	u64 user_ns;	      /* processes' utime_ns, summed over every run */
	u64 switches;	      /* context switches */
	u64 forks;	      /* threads started (kernel threads and processes) */
	unsigned int running; /* runnable threads, the caller included */
	unsigned int threads;
	int last_pid;	       /* of the process started last */
	unsigned long load[3]; /* 1, 5, 15 minutes, SCHED_FSHIFT fraction bits */
};
void sched_get_stats(struct sched_stats *st);

struct wait_queue {
	struct list_head waiters;
};

/* clang-format off */
#define WAIT_QUEUE_INIT(wq) { LIST_HEAD_INIT((wq).waiters) }
/* clang-format on */
void wait_queue_init(struct wait_queue *wq);
void wake_up_all(struct wait_queue *wq);
/* Sleeps on wq; the caller re-checks its condition (see wait_event). */
void wait_queue_sleep(struct wait_queue *wq);

/* The same, but woken by the deadline (clock_ns()) at the latest. */
void wait_queue_sleep_until(struct wait_queue *wq, u64 deadline_ns);

/* Sleeps until cond holds; cond is evaluated with interrupts off. */
#define wait_event(wq, cond)                               \
	do {                                               \
		unsigned long __f = arch_local_irq_save(); \
		while (!(cond))                            \
			wait_queue_sleep(wq);              \
		arch_local_irq_restore(__f);               \
	} while (0)

/*
 * Sleeps until cond holds or the clock passes deadline_ns: 0 when cond
 * holds, -ETIMEDOUT otherwise. cond is evaluated with interrupts off.
 */
#define wait_event_deadline(wq, cond, deadline_ns)           \
	({                                                   \
		unsigned long __f = arch_local_irq_save();   \
		int __rc = 0;                                \
		u64 __d = (deadline_ns);                     \
		while (!(cond)) {                            \
			if (clock_ns() >= __d) {             \
				__rc = -110; /* ETIMEDOUT */ \
				break;                       \
			}                                    \
			wait_queue_sleep_until(wq, __d);     \
		}                                            \
		arch_local_irq_restore(__f);                 \
		__rc;                                        \
	})

bool signal_pending(void);

/*
 * The same, but a signal for the current process ends the wait: 0 when
 * cond holds, -EINTR otherwise.
 */
#define wait_event_interruptible(wq, cond)                 \
	({                                                 \
		unsigned long __f = arch_local_irq_save(); \
		int __rc = 0;                              \
		while (!(cond)) {                          \
			if (signal_pending()) {            \
				__rc = -4; /* EINTR */     \
				break;                     \
			}                                  \
			wait_queue_sleep(wq);              \
		}                                          \
		arch_local_irq_restore(__f);               \
		__rc;                                      \
	})

#endif
