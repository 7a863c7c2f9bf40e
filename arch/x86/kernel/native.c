/*
 * The native platform: bare metal, or a VM that emulates the hardware
 * fully. pv_ops already holds the native ops (paravirt.c); this adds the
 * boot-time steps and is the probe table's fallback.
 */
#include <asm/apic.h>
#include <asm/hypervisor.h>
#include <asm/paravirt.h>
#include <asm/process.h>
#include <asm/rtc.h>
#include <asm/tsc.h>

static int native_detect(const struct boot_info *bi)
{
	return 1;		/* anything better outranks this */
}

static void native_init(void)
{
	pv_ops.init.name = "native";
	pv_ops.init.time_init = native_time_init;
	pv_ops.init.irq_init = native_irq_init;
	pv_ops.init.user_mode_init = native_user_mode_init;
	pv_ops.init.wallclock_ns = rtc_wallclock_ns;
}

static const struct hypervisor native_hypervisor = {
	.name = "native",
	.detect = native_detect,
	.init = native_init,
};
register_hypervisor(native_hypervisor);
