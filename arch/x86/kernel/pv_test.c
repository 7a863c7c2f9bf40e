/*
 * A test backend, chosen by "pvtest" on the command line: native in every
 * op but mmu.read_cr2, which it implements in C. The patcher must turn
 * that op's sites into direct calls to its thunk and everything else into
 * the native instructions; the pvops self-tests check both.
 */
#include <asm/apic.h>
#include <asm/hypervisor.h>
#include <asm/native.h>
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

static bool drop_an_op;

/* Known to parse_cmdline, so the flag is not reported as unknown. */
static int parse_pvtest(const char *val)
{
	return !val || !strcmp(val, "missing") ? 0 : -EINVAL;
}
kernel_param("pvtest", parse_pvtest);

/* "pvtest" selects the backend; "pvtest=missing" also leaves cpu.wbinvd out. */
static int pvtest_detect(const struct boot_info *bi)
{
	char val[16];

	if (!cmdline_find(bi->cmdline, "pvtest", val, sizeof(val)))
		return 0;
	drop_an_op = !strcmp(val, "missing");
	return 100;
}

static void pvtest_init(void)
{
	pv_ops.init.name = "pvtest";
	pv_ops.init.time_init = native_time_init;
	pv_ops.init.irq_init = native_irq_init;
	pv_ops.init.user_mode_init = native_user_mode_init;
	pv_ops.init.wallclock_ns = rtc_wallclock_ns;
	pv_ops.mmu.read_cr2 = pvtest_read_cr2_thunk;
	if (drop_an_op)
		pv_ops.cpu.wbinvd = NULL;
}

static const struct hypervisor pvtest_hypervisor = {
	.name = "pvtest",
	.detect = pvtest_detect,
	.init = pvtest_init,
};
register_hypervisor(pvtest_hypervisor);
