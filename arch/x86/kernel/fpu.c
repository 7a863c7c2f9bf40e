/*
 * The FPU, SSE and AVX state of user threads. Switches save and restore it
 * eagerly: while a user thread runs, its registers are live, and its area
 * (thread.fpu) holds them only while it is switched out.
 *
 * Two formats. Without XSAVE the area is FXSAVE's 512 bytes (x87, SSE).
 * With XSAVE the kernel sets CR4.OSXSAVE and XCR0 = x87 | SSE | AVX (what
 * the CPU supports of those), and the area is XSAVE's standard format, of
 * the size CPUID leaf 0xD reports for that XCR0. Enabling XSAVE is not a
 * choice where CPUID shows user space the hardware's OSXSAVE bit anyway:
 * under Xen PV without CPUID faulting a user-mode CPUID says OSXSAVE and
 * AVX whatever the guest did, and a program that believes it (coreutils
 * 9.1 wc) dies at its first AVX instruction unless XCR0 has the YMM state.
 * The backend sets CR4.OSXSAVE its own way (natively a mov to CR4, under
 * PV an emulated one) and then calls fpu_xstate_enable(); XSETBV is the
 * same instruction for both (Xen emulates it for a PV kernel).
 *
 * Signal frames carry the state as Linux writes it: the FXSAVE-format
 * part first (what libc reads), and with XSAVE the rest of the XSAVE image
 * after it, announced by the software bytes at offset 464 and ended by a
 * second magic number, so sigreturn can tell a full image from a legacy
 * one that some program built itself.
 */
#define pr_fmt(fmt) "fpu: " fmt

#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/process.h>
#include <kernel/init.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

#define FXSAVE_SIZE	  512
#define XSAVE_HDR_OFFSET  512
#define XSAVE_HDR_SIZE	  64
#define MXCSR_OFFSET	  24
#define MXCSR_MASK_OFFSET 28
#define MXCSR_DEFAULT	  0x1f80
#define SW_BYTES_OFFSET	  464

#define XFEATURE_FP  (1ULL << 0)
#define XFEATURE_SSE (1ULL << 1)
#define XFEATURE_YMM (1ULL << 2)

/* The software bytes of an XSAVE signal frame (struct _fpx_sw_bytes). */
#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u

struct fpx_sw_bytes {
	u32 magic1;
	u32 extended_size; /* xstate_size + the 4 bytes of magic2 */
	u64 xfeatures;
	u32 xstate_size;
	u32 padding[7];
};
_Static_assert(sizeof(struct fpx_sw_bytes) == FXSAVE_SIZE - SW_BYTES_OFFSET, "sw bytes");

/* 0: FXSAVE format; else the XCR0 this kernel set and XSAVE uses. */
static u64 fpu_xfeatures;
static size_t fpu_size = FXSAVE_SIZE;
static u32 mxcsr_mask;
/* The state execve and signal handlers start from, in the area's format. */
static u8 *fpu_init_state;
static u8 fpu_init_fx[FXSAVE_SIZE] __aligned(64);

static void xsetbv(u32 index, u64 val)
{
	__asm__ __volatile__("xsetbv" ::"c"(index), "a"((u32)val), "d"((u32)(val >> 32)));
}

static u64 xgetbv(u32 index)
{
	u32 lo, hi;

	__asm__ __volatile__("xgetbv"
			     : "=a"(lo), "=d"(hi)
			     : "c"(index));
	return ((u64)hi << 32) | lo;
}

/*
 * Whether XCR0 may change behind our back, and how often it did. A guest
 * of a hypervisor (Xen's PVH) sets XCR0 with XSETBV, which the hypervisor
 * must intercept to know which registers to save and restore when it
 * switches vCPUs. One that does not see it keeps the XCR0 it knows (x87
 * and SSE) and puts that back after its next switch away from us: then
 * XRSTOR of an AVX image faults, and a user program's AVX instruction is
 * #UD. Measured here: Xen 4.17 in QEMU's TCG, whose SVM emulation does
 * not intercept XSETBV, as soon as another domain runs. So with the watch
 * on (fpu_watch_xcr0(), by the PVH backend) every save and restore checks
 * XCR0 first, and a user #UD with XCR0 wrong is retried after setting it
 * again. The hypervisor's own switch still loses the upper halves of the
 * YMM registers of the thread it interrupted: such a hypervisor cannot
 * give its guests AVX, and the warning says so.
 */
static bool xcr0_watch;
static u64 xcr0_resets;

void fpu_watch_xcr0(void)
{
	xcr0_watch = fpu_xfeatures & XFEATURE_YMM;
}

bool fpu_xcr0_repair(void)
{
	u64 now;

	if (!xcr0_watch)
		return false;
	now = xgetbv(0);
	if (now == fpu_xfeatures)
		return false;
	if (!xcr0_resets++)
		pr_warn("XCR0 is %#llx, not %#llx: the hypervisor put it back (it did not see our XSETBV) and may lose AVX state; set again each time\n",
			(unsigned long long)now, (unsigned long long)fpu_xfeatures);
	xsetbv(0, fpu_xfeatures);
	return true;
}

u64 fpu_xcr0_resets(void)
{
	return xcr0_resets;
}

/*
 * Whether the registers may belong to another domain when the kernel
 * saves or restores them: Xen hands the FPU over lazily, setting CR0.TS
 * when it switches a vCPU in, and gives the vCPU its own registers back
 * at the first FPU instruction that traps on TS (#NM). XSAVE and XRSTOR
 * must trap so, but QEMU's TCG lets them run (measured: Xen 4.17 in
 * TCG, our PV and PVH domains corrupted each other's SSE and AVX
 * registers as soon as two of them ran). So under Xen (fpu_touch_first(),
 * by both Xen backends) an FNOP, which TCG does trap on TS, goes first.
 */
static bool touch_first;

void fpu_touch_first(void)
{
	touch_first = true;
}

static void fpu_own_regs(void)
{
	if (touch_first)
		__asm__ __volatile__("fnop");
	if (xcr0_watch)
		fpu_xcr0_repair();
}

static void fpu_save_regs(void *area)
{
	fpu_own_regs();
	if (fpu_xfeatures)
		__asm__ __volatile__("xsave64 (%0)" ::"r"(area), "a"((u32)fpu_xfeatures),
				     "d"((u32)(fpu_xfeatures >> 32))
				     : "memory");
	else
		__asm__ __volatile__("fxsave64 (%0)" ::"r"(area)
				     : "memory");
}

/* area must be one XSAVE or FXSAVE wrote, or one fpu_sanitize() checked. */
static void fpu_restore_regs(const void *area)
{
	fpu_own_regs();
	if (fpu_xfeatures)
		__asm__ __volatile__("xrstor64 (%0)" ::"r"(area), "a"((u32)fpu_xfeatures),
				     "d"((u32)(fpu_xfeatures >> 32))
				     : "memory");
	else
		__asm__ __volatile__("fxrstor64 (%0)" ::"r"(area)
				     : "memory");
}

bool fpu_xstate_supported(void)
{
	u32 r[4];

	cpuid(1, r);
	return (r[2] >> 26) & 1; /* XSAVE */
}

/*
 * After the backend set CR4.OSXSAVE: XCR0 to x87 | SSE | AVX as far as the
 * CPU has them, and the XSAVE area's size for that. AVX-512, MPX and PKRU
 * stay off: no user program here needs them, and they would make every
 * area and signal frame several times larger.
 */
/*
 * xsave=sse keeps AVX off (XCR0 x87 | SSE): for a hypervisor that does
 * not see our XSETBV (fpu_watch_xcr0() below) and so cannot keep AVX
 * state. CPUID may still say AVX, and programs that trust it without
 * XGETBV die of SIGILL. xsave=avx (the default): what the CPU has.
 */
static bool xsave_sse_only;

static int parse_xsave(const char *val)
{
	if (val && !strcmp(val, "sse"))
		xsave_sse_only = true;
	else if (val && !strcmp(val, "avx"))
		xsave_sse_only = false;
	else
		return -EINVAL;
	return 0;
}
kernel_param("xsave", parse_xsave);

void fpu_xstate_enable(void)
{
	u32 r[4];
	u64 want, got;

	cpuid_count(0xd, 0, r);
	want = (((u64)r[3] << 32) | r[0]) & (XFEATURE_FP | XFEATURE_SSE | XFEATURE_YMM);
	if (xsave_sse_only)
		want &= ~(u64)XFEATURE_YMM;
	if ((want & (XFEATURE_FP | XFEATURE_SSE)) != (XFEATURE_FP | XFEATURE_SSE)) {
		pr_warn("CPUID leaf 0xd offers XCR0 %#llx without x87 and SSE: XSAVE left off\n",
			(unsigned long long)want);
		return;
	}
	xsetbv(0, want);
	got = xgetbv(0);
	if (got != want) {
		pr_warn("XCR0 is %#llx after setting %#llx: XSAVE left off\n", (unsigned long long)got,
			(unsigned long long)want);
		return;
	}
	cpuid_count(0xd, 0, r); /* EBX: the size for the XCR0 now set */
	if (r[1] < FXSAVE_SIZE + XSAVE_HDR_SIZE || r[1] > 8192) {
		pr_warn("CPUID leaf 0xd gives an XSAVE area of %u bytes: XSAVE left off\n", r[1]);
		return;
	}
	fpu_size = r[1];
	fpu_xfeatures = want;
}

void fpu_init(void)
{
	/* The initial state: x87 after fninit, SIMD exceptions masked. */
	__asm__ __volatile__("fninit\n\tfxsave64 %0"
			     : "=m"(fpu_init_fx));
	memcpy(&mxcsr_mask, fpu_init_fx + MXCSR_MASK_OFFSET, sizeof(mxcsr_mask));
	if (!mxcsr_mask)
		mxcsr_mask = 0xffbf; /* what a CPU that reports none accepts */
	*(u32 *)(fpu_init_fx + MXCSR_OFFSET) = MXCSR_DEFAULT;
	memset(fpu_init_fx + SW_BYTES_OFFSET, 0, FXSAVE_SIZE - SW_BYTES_OFFSET);
	fpu_init_state = fpu_init_fx;
	if (fpu_xfeatures) {
		/* Header all zero but x87 and SSE: XRSTOR puts the rest (YMM) in its init state. */
		fpu_init_state = kzalloc(fpu_size);
		if (!fpu_init_state)
			boot_fail("no memory for the %zu-byte initial XSAVE area", fpu_size);
		memcpy(fpu_init_state, fpu_init_fx, FXSAVE_SIZE);
		*(u64 *)(fpu_init_state + XSAVE_HDR_OFFSET) = XFEATURE_FP | XFEATURE_SSE;
	}
	if (((unsigned long)fpu_init_state & 63))
		boot_fail("the initial FPU area %p is not 64-byte aligned", fpu_init_state);
	fpu_restore_regs(fpu_init_state);
	if (fpu_xfeatures)
		pr_info("XSAVE: XCR0 %#llx, %zu-byte areas\n", (unsigned long long)fpu_xfeatures,
			fpu_size);
	else
		pr_info("FXSAVE: 512-byte areas (no XSAVE)\n");
}

void *fpu_alloc(void)
{
	/* kmalloc's power-of-two classes align objects of 64 bytes and up to 64. */
	void *f = kmalloc(fpu_size);

	if (f && ((unsigned long)f & 63)) {
		kfree(f);
		return NULL;
	}
	if (f)
		memcpy(f, fpu_init_state, fpu_size);
	return f;
}

void fpu_free(void *fpu)
{
	kfree(fpu);
}

void fpu_copy(void *dst, const void *src)
{
	memcpy(dst, src, fpu_size);
}

void fpu_save(void *area)
{
	fpu_save_regs(area);
}

void fpu_restore(const void *area)
{
	fpu_restore_regs(area);
}

void fpu_reset_current(void)
{
	fpu_restore_regs(fpu_init_state);
}

size_t fpu_sigframe_size(void)
{
	return fpu_xfeatures ? fpu_size + sizeof(u32) : FXSAVE_SIZE;
}

/*
 * The running thread's registers into the signal frame's fpstate at
 * uaddr (fpu_sigframe_size() bytes, 64-byte aligned); *xstate says whether
 * it is an XSAVE image (uc_flags UC_FP_XSTATE).
 */
int fpu_sigframe_save(u64 uaddr, bool *xstate)
{
	struct fpx_sw_bytes sw;
	u32 magic2 = FP_XSTATE_MAGIC2;
	unsigned long flags;
	u8 *area = current->fpu;

	*xstate = false;
	if (!area)
		return -EFAULT;
	/*
	 * The live registers into the thread's own area: a switch while the
	 * copy below faults saves the same registers there again. Areas
	 * start as a copy of the initial state, so no other data reaches the
	 * user through bytes XSAVE leaves alone.
	 */
	flags = arch_local_irq_save();
	fpu_save_regs(area);
	arch_local_irq_restore(flags);
	memset(&sw, 0, sizeof(sw));
	if (fpu_xfeatures) {
		sw.magic1 = FP_XSTATE_MAGIC1;
		sw.extended_size = (u32)(fpu_size + sizeof(magic2));
		sw.xfeatures = fpu_xfeatures;
		sw.xstate_size = (u32)fpu_size;
	}
	if (copy_to_user((void *)uaddr, area, SW_BYTES_OFFSET) ||
	    copy_to_user((void *)(uaddr + SW_BYTES_OFFSET), &sw, sizeof(sw)))
		return -EFAULT;
	if (fpu_xfeatures) {
		if (copy_to_user((void *)(uaddr + FXSAVE_SIZE), area + FXSAVE_SIZE,
				 fpu_size - FXSAVE_SIZE) ||
		    copy_to_user((void *)(uaddr + fpu_size), &magic2, sizeof(magic2)))
			return -EFAULT;
		*xstate = true;
	}
	return 0;
}

/*
 * Whether the image at uaddr, whose first 512 bytes are in buf, is a whole
 * XSAVE image of our size: then its other bytes are read into buf too.
 */
static bool sigframe_is_xstate(u64 uaddr, u8 *buf)
{
	struct fpx_sw_bytes sw;
	u32 magic2;

	memcpy(&sw, buf + SW_BYTES_OFFSET, sizeof(sw));
	if (!fpu_xfeatures || sw.magic1 != FP_XSTATE_MAGIC1 || sw.xstate_size != fpu_size ||
	    sw.extended_size != fpu_size + sizeof(magic2))
		return false;
	if (copy_from_user(buf + FXSAVE_SIZE, (const void *)(uaddr + FXSAVE_SIZE),
			   fpu_size - FXSAVE_SIZE) ||
	    copy_from_user(&magic2, (const void *)(uaddr + fpu_size), sizeof(magic2)))
		return false;
	return magic2 == FP_XSTATE_MAGIC2;
}

/*
 * What the user handed to sigreturn made safe for XRSTOR/FXRSTOR, which
 * would fault in the kernel on reserved MXCSR bits, a compacted or
 * reserved header, or components XCR0 does not enable.
 */
static void fpu_sanitize(u8 *buf, bool xstate)
{
	u32 mxcsr;
	u64 bv;

	memcpy(&mxcsr, buf + MXCSR_OFFSET, sizeof(mxcsr));
	mxcsr &= mxcsr_mask;
	memcpy(buf + MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
	if (!fpu_xfeatures)
		return;
	/* A legacy image: x87 and SSE from it, everything else initial. */
	memcpy(&bv, buf + XSAVE_HDR_OFFSET, sizeof(bv));
	bv = xstate ? bv & fpu_xfeatures : XFEATURE_FP | XFEATURE_SSE;
	memset(buf + XSAVE_HDR_OFFSET, 0, XSAVE_HDR_SIZE);
	memcpy(buf + XSAVE_HDR_OFFSET, &bv, sizeof(bv));
}

/* rt_sigreturn: the registers from the fpstate at uaddr (0: the initial state). */
int fpu_sigframe_restore(u64 uaddr)
{
	unsigned long flags;
	bool xstate = false;
	u8 *buf;

	if (!uaddr) {
		/* No FPU state saved: start from the initial one, as Linux does. */
		flags = arch_local_irq_save();
		fpu_restore_regs(fpu_init_state);
		arch_local_irq_restore(flags);
		return 0;
	}
	buf = kzalloc(fpu_size);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, (const void *)uaddr, FXSAVE_SIZE)) {
		kfree(buf);
		return -EFAULT;
	}
	xstate = sigframe_is_xstate(uaddr, buf);
	fpu_sanitize(buf, xstate);
	/* Both at once, so a switch in between cannot save stale registers over it. */
	flags = arch_local_irq_save();
	if (current->fpu)
		memcpy(current->fpu, buf, fpu_size);
	fpu_restore_regs(current->fpu ? current->fpu : buf);
	arch_local_irq_restore(flags);
	kfree(buf);
	return 0;
}
