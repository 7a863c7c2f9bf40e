/*
 * bench=pvops: the cost of every hot pv_ops operation, and of a mix of
 * kernel work built on them. Each operation runs N times in a loop; the
 * same loop with an empty body is subtracted. Results are hundredths of a
 * TSC tick per operation, which under QEMU -icount shift=0 are hundredths
 * of an instruction: exact and the same on every machine.
 */
#define pr_fmt(fmt) "bench: " fmt

#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/tsc.h>
#include <asm/xen/hypercall.h>
#include <kernel/bench.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>

#define ITERS 10000

static char wanted[32];

static int parse_bench(const char *val)
{
	if (!val || strcmp(val, "pvops"))
		return -EINVAL;
	strlcpy(wanted, val, sizeof(wanted));
	return 0;
}
kernel_param("bench", parse_bench);

bool bench_requested(void)
{
	return wanted[0] != '\0';
}

/* rdtsc ordered against the work around it. */
static inline u64 tsc(void)
{
	u64 t;

	barrier();
	t = rdtsc();
	barrier();
	return t;
}

#define BENCH_FN(name, body)                      \
	static __noinline u64 bench_##name(u64 n) \
	{                                         \
		u64 t0 = tsc();                   \
		for (u64 i = 0; i < n; i++) {     \
			body;                     \
			barrier();                \
		}                                 \
		return tsc() - t0;                \
	}

static u64 *bench_ptep;
static unsigned long bench_va;
static u64 bench_pte;
static volatile u64 sink;
static struct timer bench_timer;
static struct page *bench_keep[4];
static unsigned int nr_keep;

BENCH_FN(empty, )
BENCH_FN(irq_disable_enable, arch_local_irq_disable(); arch_local_irq_enable())
BENCH_FN(irq_save_restore, unsigned long f = arch_local_irq_save(); arch_local_irq_restore(f))
BENCH_FN(save_fl, sink = arch_local_save_flags())
BENCH_FN(read_cr2, sink = read_cr2())
BENCH_FN(read_cr3, sink = read_cr3())
BENCH_FN(write_cr3, write_cr3(read_cr3()))
BENCH_FN(set_pte, set_pte(bench_ptep, bench_pte))
BENCH_FN(flush_tlb_one, flush_tlb_one(bench_va))
BENCH_FN(pte_round_trip, sink = pte_val(make_pte(bench_pte)))
BENCH_FN(lazy_mmu_pair, arch_enter_lazy_mmu(); arch_leave_lazy_mmu())
BENCH_FN(clock_ns, sink = clock_ns())
BENCH_FN(load_sp0, load_sp0(bench_va))
BENCH_FN(kmalloc_kfree, kfree(kmalloc(64)))
BENCH_FN(page_alloc_free, free_pages(alloc_pages(0), 0))
BENCH_FN(timer_arm_cancel, timer_arm(&bench_timer, ~0ULL >> 1); timer_cancel(&bench_timer))

/* A mix of kernel work: map, touch and unmap pages; allocate; switch threads. */
static struct wait_queue mix_wq = WAIT_QUEUE_INIT(mix_wq);
static volatile int mix_turn;

static void mix_partner(void *arg)
{
	for (int i = 0; i < 200; i++) {
		wait_event(&mix_wq, mix_turn == 1);
		mix_turn = 0;
		wake_up_all(&mix_wq);
	}
}

static u64 bench_mix(void)
{
	u64 t0, t;
	void *objs[32];

	mix_turn = 0;
	if (!kthread_create(mix_partner, NULL, "mix"))
		return 0;
	t0 = tsc();
	for (int round = 0; round < 200; round++) {
		struct page *p = alloc_pages(0);

		/* Page-table work: map, write through, unmap, flush. */
		set_pte(bench_ptep, make_pte(page_to_phys(p) | PAGE_KERNEL));
		*(volatile u64 *)bench_va = round;
		set_pte(bench_ptep, make_pte(0));
		flush_tlb_one(bench_va);
		free_pages(p, 0);
		/* Allocation under irqsave locks. */
		for (int i = 0; i < 32; i++)
			objs[i] = kmalloc(32 + 16 * i);
		for (int i = 0; i < 32; i++)
			kfree(objs[i]);
		/* A round trip through the scheduler. */
		mix_turn = 1;
		wake_up_all(&mix_wq);
		wait_event(&mix_wq, mix_turn == 0);
	}
	t = tsc() - t0;
	msleep(1); /* let the partner exit */
	return t;
}

/*
 * Leaves a free single page (whose buddy is then always in use), so page
 * allocation neither splits nor merges: the same path in every build,
 * whatever the kernel's size did to the free lists.
 */
static void keep_single_free_page(void)
{
	struct page *stash[64], *prev = alloc_pages(0), *p = NULL;
	unsigned int n = 0;

	while (prev && n < ARRAY_SIZE(stash)) {
		p = alloc_pages(0);
		if (!p || (page_to_pfn(p) ^ 1) == page_to_pfn(prev))
			break;
		stash[n++] = prev;
		prev = p;
	}
	while (n)
		free_pages(stash[--n], 0);
	if (p)
		free_pages(p, 0); /* its buddy prev stays allocated */
	if (nr_keep < ARRAY_SIZE(bench_keep))
		bench_keep[nr_keep++] = prev; /* held for the rest of the boot */
}

/*
 * 64 page-table entries written in one lazy-MMU section, as fork, munmap
 * and mprotect do: instructions per section, and how many page-table
 * hypercalls a backend that makes them needed.
 */
/* Page-table hypercalls so far (Xen PV), or 0. */
static unsigned long page_table_hypercalls(void)
{
	return IS_ENABLED(CONFIG_XEN) ? xen_stats.mmu_hypercalls : 0;
}

static void bench_map64(void)
{
	/* clang-format off */
	enum { N = 64, ROUNDS = 50 };
	/* clang-format on */
	unsigned long va = vmap_reserve(N * PAGE_SIZE);
	u64 *ptes[N], t0, t, calls;
	struct page *p = alloc_pages(0);

	if (!va || !p)
		return;
	for (int i = 0; i < N; i++) {
		if (kernel_map_range(va + i * PAGE_SIZE, page_to_phys(p), PAGE_SIZE, PAGE_KERNEL, false))
			return;
		ptes[i] = kernel_lookup_pte(va + i * PAGE_SIZE);
	}
	calls = page_table_hypercalls();
	t0 = tsc();
	for (int r = 0; r < ROUNDS; r++) {
		arch_enter_lazy_mmu();
		for (int i = 0; i < N; i++)
			set_pte(ptes[i], make_pte(page_to_phys(p) | PAGE_KERNEL));
		arch_leave_lazy_mmu();
	}
	t = tsc() - t0;
	pr_info("pvops map64_lazy %llu centi-ticks/op\n", (unsigned long long)(t * 100 / ROUNDS));
	pr_info("pvops map64_lazy_hypercalls %llu centi-ticks/op\n",
		(unsigned long long)((page_table_hypercalls() - calls) * 100 / ROUNDS));
}

static void report(const char *name, u64 ticks, u64 base)
{
	u64 net = ticks > base ? ticks - base : 0;

	pr_info("pvops %s %llu centi-ticks/op\n", name,
		(unsigned long long)(net * 100 / ITERS));
}

void bench_run(void)
{
	unsigned long flags;
	u64 base;

	bench_va = vmap_reserve(PAGE_SIZE);
	if (!bench_va || kernel_map_range(bench_va, 0, PAGE_SIZE, PAGE_KERNEL, false))
		panic("bench: no scratch mapping");
	bench_ptep = kernel_lookup_pte(bench_va);
	bench_pte = pte_val(*bench_ptep);

	pr_info("pvops start: backend %s, pvpatch %s, paravirt %s, retpoline %s\n",
		pv_ops.init.name,
		pv_patch_mode == PV_PATCH_OFF ? "off" : "on",
		IS_ENABLED(CONFIG_PARAVIRT) ? "y" : "n",
		IS_ENABLED(CONFIG_RETPOLINE) ? "y" : "n");
	/* No interrupt may land inside a measurement: nothing is armed, and they are off. */
	flags = arch_local_irq_save();
	bench_empty(ITERS); /* warm up */
	base = bench_empty(ITERS);
	report("irq_disable_enable", bench_irq_disable_enable(ITERS), base);
	arch_local_irq_disable();
	report("irq_save_restore", bench_irq_save_restore(ITERS), base);
	report("save_fl", bench_save_fl(ITERS), base);
	report("read_cr2", bench_read_cr2(ITERS), base);
	report("read_cr3", bench_read_cr3(ITERS), base);
	report("write_cr3", bench_write_cr3(ITERS), base);
	report("set_pte", bench_set_pte(ITERS), base);
	report("flush_tlb_one", bench_flush_tlb_one(ITERS), base);
	report("pte_round_trip", bench_pte_round_trip(ITERS), base);
	report("lazy_mmu_pair", bench_lazy_mmu_pair(ITERS), base);
	report("clock_ns", bench_clock_ns(ITERS), base);
	report("load_sp0", bench_load_sp0(ITERS), base);
	report("kmalloc_kfree", bench_kmalloc_kfree(ITERS), base);
	keep_single_free_page();
	report("page_alloc_free", bench_page_alloc_free(ITERS), base);
	timer_init(&bench_timer, NULL);
	report("timer_arm_cancel", bench_timer_arm_cancel(ITERS), base);
	arch_local_irq_restore(flags);
	bench_map64();
	keep_single_free_page();
	pr_info("pvops mix %llu ticks\n", (unsigned long long)bench_mix());
	pr_info("pvops done\n");
	machine_exit(EXIT_PASS);
}
