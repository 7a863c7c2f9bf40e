/*
 * A test backend, chosen by "pvtest" on the command line: native in every
 * op but mmu.read_cr2, which it implements in C. The patcher must turn
 * that op's sites into direct calls to its thunk and everything else into
 * the native instructions; the pvops self-tests check both.
 * Two twins check the patcher's refusals: "pvtest=missing" also lacks
 * cpu.wbinvd, whose sites must then panic naming the op; "pvtest=toolong"
 * gives cpu.wbinvd an inline form longer than its sites (native_load_sp0's
 * 8 bytes, declared for load_sp0 only), which must stop the boot naming
 * the op and both lengths.
 */
#include <asm/apic.h>
#include <asm/hypervisor.h>
#include <asm/native_ops.h>
#include <asm/paravirt.h>
#include <asm/process.h>
#include <asm/rtc.h>
#include <asm/tsc.h>
#include <kernel/bootinfo.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/string.h>

unsigned long pvtest_read_cr2(void);
unsigned long pvtest_read_cr2_thunk(void);
unsigned long pvtest_read_cr2_calls;

unsigned long pvtest_read_cr2(void)
{
	pvtest_read_cr2_calls++;
	return native_read_cr2();
}
PV_CALLEE_SAVE_THUNK_RET(pvtest_read_cr2);

/* Known to parse_cmdline, so the flag is not reported as unknown. */
static int parse_pvtest(const char *val)
{
	return !val || !strcmp(val, "missing") || !strcmp(val, "toolong") ? 0 : -EINVAL;
}
kernel_param("pvtest", parse_pvtest);

/* 100 when pvtest=want (or plain "pvtest" for want ""), else 0. */
static int pvtest_wanted(const struct boot_info *bi, const char *want)
{
	char val[16];

	if (!cmdline_find(bi->cmdline, "pvtest", val, sizeof(val)))
		return 0;
	return strcmp(val, want) ? 0 : 100;
}

static int pvtest_detect(const struct boot_info *bi)
{
	return pvtest_wanted(bi, "");
}

static int pvtest_missing_detect(const struct boot_info *bi)
{
	return pvtest_wanted(bi, "missing");
}

static int pvtest_toolong_detect(const struct boot_info *bi)
{
	return pvtest_wanted(bi, "toolong");
}

/* clang-format off */
#define PVTEST_OPS(...) {						\
	PV_NATIVE_OPS,							\
	.mmu.read_cr2 = pvtest_read_cr2_thunk,				\
	__VA_ARGS__							\
	.init = {							\
		.name = "pvtest",					\
		.user_mode_init = native_user_mode_init,		\
		.time_init = native_time_init,				\
		.irq_init = native_irq_init,				\
		.wallclock_ns = rtc_wallclock_ns,			\
	},								\
}
/* clang-format on */

static const struct pv_ops pvtest_ops = PVTEST_OPS();
register_hypervisor(pvtest, pvtest_detect, &pvtest_ops);

static const struct pv_ops pvtest_missing_ops = PVTEST_OPS(.cpu.wbinvd = NULL, );
register_hypervisor(pvtest_missing, pvtest_missing_detect, &pvtest_missing_ops);

static const struct pv_ops pvtest_toolong_ops =
	PVTEST_OPS(.cpu.wbinvd = (void (*)(void))(void *)native_load_sp0, );
register_hypervisor(pvtest_toolong, pvtest_toolong_detect, &pvtest_toolong_ops);
