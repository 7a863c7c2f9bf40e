/*
 * The extended FPU state as user space sees it. A program decides whether
 * it may use AVX from CPUID (OSXSAVE: the OS manages XCR0; AVX, AVX2) and
 * XGETBV(0) (the state components the OS enabled). Some programs trust
 * CPUID alone (coreutils 9.1 wc picks its AVX2 loop from CPUID), so the
 * kernel must never let CPUID say OSXSAVE and AVX while XCR0 lacks the
 * YMM state. Where AVX is usable, the upper halves of the YMM registers
 * are part of a thread's state: they survive switches to a process that
 * overwrites them, and a signal handler that overwrites them.
 */
#include "utest.h"

#include <sched.h>
#include <ucontext.h>

#define XSTATE_SSE 0x2
#define XSTATE_YMM 0x4

#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u
#define UC_FP_XSTATE	 0x1

struct xfacts {
	int osxsave, avx, avx2;
	unsigned long long xcr0;
};

static void cpuid2(unsigned int leaf, unsigned int sub, unsigned int r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(sub));
}

static void xfacts(struct xfacts *f)
{
	unsigned int r[4];
	unsigned int lo = 0, hi = 0;

	cpuid2(1, 0, r);
	f->osxsave = (r[2] >> 27) & 1;
	f->avx = (r[2] >> 28) & 1;
	cpuid2(0, 0, r);
	f->avx2 = 0;
	if (r[0] >= 7) {
		cpuid2(7, 0, r);
		f->avx2 = (r[1] >> 5) & 1;
	}
	/* XGETBV is #UD without OSXSAVE: only asked when CPUID says it is there. */
	if (f->osxsave)
		__asm__ __volatile__("xgetbv"
				     : "=a"(lo), "=d"(hi)
				     : "c"(0));
	f->xcr0 = ((unsigned long long)hi << 32) | lo;
}

static int avx_usable(const struct xfacts *f)
{
	return f->osxsave && f->avx && (f->xcr0 & (XSTATE_SSE | XSTATE_YMM)) == (XSTATE_SSE | XSTATE_YMM);
}

static void do_vzeroupper(void *arg)
{
	(void)arg;
	__asm__ __volatile__("vzeroupper" ::
				     : "memory");
}

/* The facts, printed, and the promise CPUID makes checked. */
static void t_xstate_cpuid(void)
{
	struct xfacts f;
	int st;

	xfacts(&f);
	printf("utest: xstate: cpuid.1:ecx osxsave %d avx %d, cpuid.7:ebx avx2 %d, xgetbv(0) %#llx\n",
	       f.osxsave, f.avx, f.avx2, f.xcr0);
	if (f.osxsave && (f.xcr0 & 3) != 3)
		fail("OSXSAVE set but XCR0 %#llx lacks x87 or SSE", f.xcr0);
	if (f.osxsave && f.avx && !(f.xcr0 & XSTATE_YMM))
		fail("CPUID says OSXSAVE and AVX but XCR0 %#llx has no YMM state: a program that trusts CPUID dies at its first AVX instruction",
		     f.xcr0);
	if (!avx_usable(&f))
		return;
	st = run_child(do_vzeroupper, NULL);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		fail("vzeroupper with AVX usable: %s", WIFSIGNALED(st) ? signame(WTERMSIG(st)) : "failed");
}

/* 16 YMM registers of 32 bytes each. */
#define YMM_BYTES (16 * 32)

#define LOAD1(i)  "vmovdqu " #i "*32(%[in]), %%ymm" #i "\n\t"
#define STORE1(i) "vmovdqu %%ymm" #i ", " #i "*32(%[out])\n\t"
#define ALL16(m)  m(0) m(1) m(2) m(3) m(4) m(5) m(6) m(7) m(8) m(9) m(10) m(11) m(12) m(13) m(14) m(15)
#define YMM_CLOBBERS                                                                             \
	"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
		"xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

static void fill(unsigned char *b, unsigned char seed)
{
	for (int i = 0; i < YMM_BYTES; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

/*
 * Loads in into all YMM registers, then rounds times writes a byte to wfd
 * and reads one from rfd (a ping-pong with a peer: every read blocks, so
 * the thread is switched out), then stores the registers to out. All in
 * one asm statement so the compiler has no chance to use them meanwhile.
 */
static void ymm_pingpong(const unsigned char *in, unsigned char *out, long wfd, long rfd, long rounds)
{
	char c = 'x';

	__asm__ __volatile__(ALL16(LOAD1) "1:\n\t"
					  "mov $1, %%eax\n\t"
					  "mov %[wfd], %%rdi\n\t"
					  "lea %[c], %%rsi\n\t"
					  "mov $1, %%edx\n\t"
					  "syscall\n\t"
					  "mov $0, %%eax\n\t"
					  "mov %[rfd], %%rdi\n\t"
					  "lea %[c], %%rsi\n\t"
					  "mov $1, %%edx\n\t"
					  "syscall\n\t"
					  "dec %[n]\n\t"
					  "jnz 1b\n\t" ALL16(STORE1)
			     : [n] "+r"(rounds), [c] "+m"(c)
			     : [in] "r"(in), [out] "r"(out), [wfd] "r"(wfd), [rfd] "r"(rfd)
			     : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "memory", YMM_CLOBBERS);
}

static void need_avx(void)
{
	struct xfacts f;

	xfacts(&f);
	if (!avx_usable(&f))
		skip("AVX not usable here (osxsave %d avx %d xcr0 %#llx)", f.osxsave, f.avx, f.xcr0);
}

static void one_cpu(void)
{
	cpu_set_t set;

	/* Both on one CPU, so every round really switches between them (best effort). */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

#define ROUNDS 300

static void t_avx_switch(void)
{
	unsigned char in[YMM_BYTES], out[YMM_BYTES];
	int to_child[2], to_parent[2], st;
	pid_t pid;

	need_avx();
	one_cpu();
	CHECK(pipe(to_child) == 0);
	CHECK(pipe(to_parent) == 0);
	pid = xfork();
	if (pid == 0) {
		fill(in, 0x5a);
		memset(out, 0, sizeof(out));
		ymm_pingpong(in, out, to_parent[1], to_child[0], ROUNDS);
		_exit(memcmp(in, out, sizeof(in)) ? 3 : 0);
	}
	fill(in, 0x11);
	memset(out, 0, sizeof(out));
	ymm_pingpong(in, out, to_child[1], to_parent[0], ROUNDS);
	st = xwait(pid);
	for (int i = 0; i < YMM_BYTES; i++)
		if (in[i] != out[i])
			fail("ymm%d byte %d is %#x after %d switches, was %#x", i / 32, i % 32, out[i],
			     ROUNDS, in[i]);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		fail("the peer's YMM registers changed across switches");
	expect_exit(st, 0);
}

static unsigned char sig_in[YMM_BYTES], sig_clobber[YMM_BYTES], sig_scratch[YMM_BYTES];
static volatile int sig_seen;
static char sig_why[160];

static void clobber_ymm(void)
{
	const unsigned char *in = sig_clobber;
	unsigned char *out = sig_scratch;

	__asm__ __volatile__(ALL16(LOAD1) ALL16(STORE1)::[in] "r"(in), [out] "r"(out)
			     : "memory", YMM_CLOBBERS);
}

static void on_usr1(int sig, siginfo_t *si, void *ucv)
{
	const ucontext_t *uc = ucv;
	const unsigned char *fp = (const unsigned char *)uc->uc_mcontext.fpregs;
	unsigned int r[4], magic1, size, magic2;

	(void)sig;
	(void)si;
	sig_seen = 1;
	if (!fp) {
		snprintf(sig_why, sizeof(sig_why), "no fpstate in the signal frame");
	} else if (memcmp(fp + 160, sig_in, 16)) {
		snprintf(sig_why, sizeof(sig_why), "the frame's xmm0 is not the interrupted code's");
	} else if (uc->uc_flags & UC_FP_XSTATE) {
		/* An XSAVE image as Linux writes it: the software bytes, then magic2 at its end. */
		memcpy(&magic1, fp + 464, 4);
		memcpy(&size, fp + 464 + 16, 4);
		cpuid2(0xd, 2, r);
		if (magic1 != FP_XSTATE_MAGIC1)
			snprintf(sig_why, sizeof(sig_why), "UC_FP_XSTATE but magic1 %#x", magic1);
		else if (size < 576 || size > 65536)
			snprintf(sig_why, sizeof(sig_why), "xstate_size %u", size);
		else if (memcpy(&magic2, fp + size, 4), magic2 != FP_XSTATE_MAGIC2)
			snprintf(sig_why, sizeof(sig_why), "magic2 %#x at fpstate + %u", magic2, size);
		else if (r[1] + 16 > size || memcmp(fp + r[1], sig_in + 16, 16))
			snprintf(sig_why, sizeof(sig_why), "the frame's ymm0 upper half (offset %u) is not the interrupted code's", r[1]);
	}
	clobber_ymm();
}

/* kill(getpid(), SIGUSR1) with in loaded into the YMM registers, and them stored after. */
static void ymm_across_signal(const unsigned char *in, unsigned char *out, long pid)
{
	__asm__ __volatile__(ALL16(LOAD1) "mov $62, %%eax\n\t"
					  "mov %[pid], %%rdi\n\t"
					  "mov $10, %%esi\n\t"
					  "syscall\n\t" ALL16(STORE1)::[in] "r"(in),
			     [out] "r"(out), [pid] "r"(pid)
			     : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "memory", YMM_CLOBBERS);
}

static void t_avx_signal(void)
{
	unsigned char out[YMM_BYTES];
	struct sigaction sa;

	need_avx();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	fill(sig_in, 0x33);
	fill(sig_clobber, 0x99);
	memset(out, 0, sizeof(out));
	ymm_across_signal(sig_in, out, getpid());
	CHECK(sig_seen);
	if (sig_why[0])
		fail("%s", sig_why);
	for (int i = 0; i < YMM_BYTES; i++)
		if (out[i] != sig_in[i])
			fail("ymm%d byte %d is %#x after a handler that overwrote it, was %#x", i / 32, i % 32,
			     out[i], sig_in[i]);
}

const struct utest xstate_tests[] = {
	{ "xstate_cpuid", t_xstate_cpuid },
	{ "avx_switch", t_avx_switch },
	{ "avx_signal", t_avx_signal },
	{ NULL, NULL },
};
