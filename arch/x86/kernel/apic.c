/*
 * The local APIC in xAPIC (MMIO) mode: enabling it, end of interrupt, and
 * its timer in one-shot mode as the native clock event.
 */
#define pr_fmt(fmt) "apic: " fmt

#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq_vectors.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/printk.h>

#define MSR_APIC_BASE	 0x1b
#define APIC_BASE_ENABLE (1ULL << 11)

#define APIC_ID		0x020
#define APIC_VERSION	0x030
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0
#define APIC_ESR	0x280
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0

#define APIC_SVR_ENABLE (1U << 8)
#define APIC_LVT_MASKED (1U << 16)
#define APIC_DM_NMI	(4U << 8)
#define APIC_DM_EXTINT	(7U << 8)
#define APIC_DIV_16	0x3

static volatile u8 *lapic;

static u32 lapic_read(u32 reg)
{
	return mmio_read32(lapic + reg);
}

static void lapic_write(u32 reg, u32 v)
{
	mmio_write32(lapic + reg, v);
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

u32 lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

void lapic_timer_set(u32 count)
{
	lapic_write(APIC_TIMER_INIT, count);
}

u32 lapic_timer_current(void)
{
	return lapic_read(APIC_TIMER_CUR);
}

static void lapic_timer_mask(unsigned int irq)
{
	lapic_write(APIC_LVT_TIMER, lapic_read(APIC_LVT_TIMER) | APIC_LVT_MASKED);
}

static void lapic_timer_unmask(unsigned int irq)
{
	lapic_write(APIC_LVT_TIMER, IRQ_VECTOR_BASE + IRQ_LAPIC_TIMER);
}

static void lapic_chip_eoi(unsigned int irq)
{
	lapic_eoi();
}

static const struct irq_chip lapic_chip = {
	.name = "LAPIC",
	.mask = lapic_timer_mask,
	.unmask = lapic_timer_unmask,
	.eoi = lapic_chip_eoi,
};

void lapic_init(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);
	u64 pa = base & PTE_ADDR_MASK;
	const struct acpi_info *ai = platform_acpi();
	u32 r[4];

	cpuid(1, r);
	if (!(r[3] & (1U << 9)))
		boot_fail("this CPU has no local APIC; the kernel needs one for interrupts and its timer");
	if (ai && ai->lapic_addr && ai->lapic_addr != pa)
		pr_warn("ACPI says the local APIC is at %#llx, the MSR says %#llx; using the MSR\n",
			(unsigned long long)ai->lapic_addr, (unsigned long long)pa);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic = ioremap(pa, PAGE_SIZE);
	if (!lapic)
		boot_fail("cannot map the local APIC at %#llx", (unsigned long long)pa);

	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	/* Virtual wire off: the PIC is masked; LINT1 carries NMIs. */
	lapic_write(APIC_LVT_LINT0, APIC_LVT_MASKED | APIC_DM_EXTINT);
	lapic_write(APIC_LVT_LINT1, APIC_DM_NMI);
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_TIMER_DIV, APIC_DIV_16);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
	lapic_eoi();
	irq_set_chip(IRQ_LAPIC_TIMER, &lapic_chip);
	pr_info("local APIC %u at %#llx, version %#x\n", lapic_id(), (unsigned long long)pa,
		lapic_read(APIC_VERSION) & 0xff);
}

void native_irq_init(void)
{
	i8259_disable();
	lapic_init();
	ioapic_init();
}
