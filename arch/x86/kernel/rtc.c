/*
 * The CMOS real-time clock (MC146818 and compatibles), read once at boot
 * to give the wall clock its starting point. Values may be BCD or binary
 * and the hour 12- or 24-hour, as status register B says. Without an RTC
 * (a Xen PV guest reads 0xff everywhere) the answer is 0.
 */
#define pr_fmt(fmt) "rtc: " fmt

#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/rtc.h>
#include <kernel/printk.h>
#include <kernel/types.h>

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71

#define RTC_SECONDS  0x00
#define RTC_MINUTES  0x02
#define RTC_HOURS    0x04
#define RTC_DAY	     0x07
#define RTC_MONTH    0x08
#define RTC_YEAR     0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_CENTURY  0x32 /* the usual place; ACPI's FADT may say otherwise */

#define STATUS_A_UIP	0x80 /* an update is in progress: values may be torn */
#define STATUS_B_24H	0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM		0x80

/* An update takes under 2 ms; a port read takes about 1 us. */
#define UIP_SPINS 20000

struct rtc_time {
	unsigned int sec, min, hour, day, mon, year, century;
};

static u8 cmos_read(u8 reg)
{
	/* Bit 7 of the index port would disable NMIs: keep it clear. */
	outb(CMOS_ADDR, reg & 0x7f);
	return inb(CMOS_DATA);
}

static unsigned int bcd2bin(u8 v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

static bool wait_for_update(void)
{
	for (int i = 0; i < UIP_SPINS; i++)
		if (!(cmos_read(RTC_STATUS_A) & STATUS_A_UIP))
			return true;
	return false;
}

static bool read_raw(struct rtc_time *t)
{
	if (!wait_for_update())
		return false;
	t->sec = cmos_read(RTC_SECONDS);
	t->min = cmos_read(RTC_MINUTES);
	t->hour = cmos_read(RTC_HOURS);
	t->day = cmos_read(RTC_DAY);
	t->mon = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static s64 days_from_civil(s64 y, unsigned int m, unsigned int d)
{
	s64 era;
	unsigned int yoe, doy, doe;

	/* Years start in March, so the leap day is the last of the year. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (s64)doe - 719468;
}

u64 rtc_read_epoch_seconds(void)
{
	struct rtc_time a, b;
	unsigned long flags;
	unsigned int hour, year;
	bool pm, ok = false;
	u8 status_b;
	s64 days;

	/* Read until two passes agree: an update between them tears a value. */
	flags = arch_local_irq_save();
	for (int tries = 0; tries < 5 && !ok; tries++) {
		if (!read_raw(&a) || !read_raw(&b))
			break;
		ok = a.sec == b.sec && a.min == b.min && a.hour == b.hour &&
		     a.day == b.day && a.mon == b.mon && a.year == b.year &&
		     a.century == b.century;
	}
	status_b = cmos_read(RTC_STATUS_B);
	arch_local_irq_restore(flags);
	if (!ok) {
		pr_warn("no real-time clock found (update flag stuck or values unstable)\n");
		return 0;
	}

	pm = a.hour & HOUR_PM;
	a.hour &= ~HOUR_PM;
	if (!(status_b & STATUS_B_BINARY)) {
		a.sec = bcd2bin((u8)a.sec);
		a.min = bcd2bin((u8)a.min);
		a.hour = bcd2bin((u8)a.hour);
		a.day = bcd2bin((u8)a.day);
		a.mon = bcd2bin((u8)a.mon);
		a.year = bcd2bin((u8)a.year);
		a.century = bcd2bin((u8)a.century);
	}
	hour = a.hour;
	if (!(status_b & STATUS_B_24H)) {
		/* 12-hour clock: 12 AM is 0, 12 PM is 12. */
		hour %= 12;
		if (pm)
			hour += 12;
	}
	year = a.year + (a.century >= 19 && a.century <= 30 ? a.century : 20) * 100;

	if (a.sec > 59 || a.min > 59 || hour > 23 || a.day < 1 || a.day > 31 ||
	    a.mon < 1 || a.mon > 12 || a.year > 99 || year < 1970) {
		pr_warn("real-time clock reads nonsense (%u-%u-%u %u:%u:%u, status B %#x)\n",
			year, a.mon, a.day, hour, a.min, a.sec, status_b);
		return 0;
	}
	pr_info("%04u-%02u-%02u %02u:%02u:%02u UTC\n", year, a.mon, a.day, hour, a.min,
		a.sec);
	days = days_from_civil(year, a.mon, a.day);
	return (u64)days * 86400 + hour * 3600 + a.min * 60 + a.sec;
}

u64 rtc_wallclock_ns(void)
{
	return rtc_read_epoch_seconds() * 1000000000ULL;
}
