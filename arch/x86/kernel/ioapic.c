/*
 * I/O APICs: device interrupts by GSI. ISA IRQs reach their GSI through
 * the MADT's interrupt source overrides (IRQ 0 is usually GSI 2), with
 * the polarity and trigger mode the override names.
 */
#define pr_fmt(fmt) "ioapic: " fmt

#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq_vectors.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <kernel/irq.h>
#include <kernel/printk.h>

#define IOREGSEL	 0x00
#define IOWIN		 0x10
#define IOAPIC_VER	 0x01
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))

#define RTE_MASKED     (1U << 16)
#define RTE_LEVEL      (1U << 15)
#define RTE_ACTIVE_LOW (1U << 13)

struct ioapic {
	volatile u8 *regs;
	u32 gsi_base;
	u32 nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static u32 irq_gsi[NR_IRQS]; /* the pin each IRQ was routed to */

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	mmio_write32(io->regs + IOREGSEL, reg);
	return mmio_read32(io->regs + IOWIN);
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 v)
{
	mmio_write32(io->regs + IOREGSEL, reg);
	mmio_write32(io->regs + IOWIN, v);
}

static struct ioapic *ioapic_for_gsi(u32 gsi, u32 *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		if (gsi >= ioapics[i].gsi_base && gsi < ioapics[i].gsi_base + ioapics[i].nr_pins) {
			*pin = gsi - ioapics[i].gsi_base;
			return &ioapics[i];
		}
	}
	return NULL;
}

static void set_mask(unsigned int irq, bool masked)
{
	u32 pin, lo;
	struct ioapic *io = ioapic_for_gsi(irq_gsi[irq], &pin);

	if (!io)
		return;
	lo = ioapic_read(io, IOAPIC_REDTBL(pin));
	lo = masked ? (lo | RTE_MASKED) : (lo & ~RTE_MASKED);
	ioapic_write(io, IOAPIC_REDTBL(pin), lo);
}

static void ioapic_mask(unsigned int irq)
{
	set_mask(irq, true);
}

static void ioapic_unmask(unsigned int irq)
{
	set_mask(irq, false);
}

static void ioapic_eoi(unsigned int irq)
{
	lapic_eoi();
}

static const struct irq_chip ioapic_chip = {
	.name = "IO-APIC",
	.mask = ioapic_mask,
	.unmask = ioapic_unmask,
	.eoi = ioapic_eoi,
};

void ioapic_route_irq(unsigned int irq)
{
	const struct acpi_info *ai = platform_acpi();
	u16 flags = 0;
	u32 gsi = irq, pin, lo;
	struct ioapic *io;

	if (irq < 16 && ai)
		gsi = acpi_irq_to_gsi(ai, (u8)irq, &flags);
	else if (irq >= 16)
		flags = 0xf; /* PCI: active low, level */
	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return;
	lo = (IRQ_VECTOR_BASE + irq) | RTE_MASKED;
	if ((flags & 3) == 3)
		lo |= RTE_ACTIVE_LOW;
	if (((flags >> 2) & 3) == 3)
		lo |= RTE_LEVEL;
	ioapic_write(io, IOAPIC_REDTBL(pin) + 1, lapic_id() << 24);
	ioapic_write(io, IOAPIC_REDTBL(pin), lo);
	irq_gsi[irq] = gsi;
	irq_set_chip(irq, &ioapic_chip);
}

int ioapic_init(void)
{
	const struct acpi_info *ai = platform_acpi();
	unsigned int irq;

	if (!ai || !ai->nr_ioapics) {
		pr_warn("no I/O APIC described by ACPI; device interrupts unavailable\n");
		return -1;
	}
	for (u32 i = 0; i < ai->nr_ioapics; i++) {
		struct ioapic *io = &ioapics[nr_ioapics];

		io->regs = ioremap(ai->ioapic[i].addr, PAGE_SIZE);
		if (!io->regs)
			continue;
		io->gsi_base = ai->ioapic[i].gsi_base;
		io->nr_pins = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (u32 pin = 0; pin < io->nr_pins; pin++)
			ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
		pr_info("I/O APIC %u at %#x: GSIs %u-%u\n", ai->ioapic[i].id, ai->ioapic[i].addr,
			io->gsi_base, io->gsi_base + io->nr_pins - 1);
		nr_ioapics++;
	}
	/* IRQ 2 is the PIC cascade, and its GSI is usually IRQ 0's. */
	for (irq = 0; irq < 16; irq++)
		if (irq != 2)
			ioapic_route_irq(irq);
	for (irq = 16; irq < 24; irq++) {
		bool taken = false;

		for (unsigned int isa = 0; isa < 16; isa++)
			taken |= isa != 2 && irq_gsi[isa] == irq;
		if (!taken)
			ioapic_route_irq(irq);
	}
	return 0;
}
