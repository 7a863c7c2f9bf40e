/*
 * The native backend: bare metal, or a VM that emulates the hardware
 * fully. Every patched op is the native instruction (PV_NATIVE_OPS); the
 * boot steps are the PC's own: local APIC and I/O APIC, the TSC
 * calibrated against the PIT, the RTC. The probe table's fallback.
 */
#include <asm/apic.h>
#include <asm/hypervisor.h>
#include <asm/native_ops.h>
#include <asm/process.h>
#include <asm/rtc.h>
#include <asm/tsc.h>

static int native_detect(const struct boot_info *bi)
{
	return 1; /* anything better outranks this */
}

static const struct pv_ops native_ops = {
	PV_NATIVE_OPS,
	.init = {
		.name = "native",
		.user_mode_init = native_user_mode_init,
		.time_init = native_time_init,
		.irq_init = native_irq_init,
		.wallclock_ns = rtc_wallclock_ns,
	},
};
register_hypervisor(native, native_detect, &native_ops);
