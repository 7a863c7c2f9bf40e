/*
 * Terminals (drivers/tty/): a line discipline with canonical input, echo,
 * and the job-control characters, over the serial console as
 * /dev/console and /dev/tty, and over pseudo-terminals (/dev/ptmx and
 * /dev/pts/N).
 *
 * The termios and winsize layouts, flag values and ioctl numbers are the
 * Linux x86_64 kernel ABI (TCGETS passes struct termios, not termios2),
 * since user programs hand them to us unchanged.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <kernel/types.h>

struct tty;
struct process;

#define NCCS 19

struct termios {
	u32 c_iflag;
	u32 c_oflag;
	u32 c_cflag;
	u32 c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

struct winsize {
	u16 ws_row;
	u16 ws_col;
	u16 ws_xpixel;
	u16 ws_ypixel;
};

/* c_cc indexes. A c_cc value of 0 (_POSIX_VDISABLE) disables that character. */
#define VINTR	 0
#define VQUIT	 1
#define VERASE	 2
#define VKILL	 3
#define VEOF	 4
#define VTIME	 5
#define VMIN	 6
#define VSWTC	 7
#define VSTART	 8
#define VSTOP	 9
#define VSUSP	 10
#define VEOL	 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE	 14
#define VLNEXT	 15
#define VEOL2	 16

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define IGNPAR	0000004
#define PARMRK	0000010
#define INPCK	0000020
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IUCLC	0001000
#define IXON	0002000
#define IXANY	0004000
#define IXOFF	0010000
#define IMAXBEL 0020000
#define IUTF8	0040000

/* c_oflag */
#define OPOST  0000001
#define OLCUC  0000002
#define ONLCR  0000004
#define OCRNL  0000010
#define ONOCR  0000020
#define ONLRET 0000040

/* c_cflag */
#define CBAUD	0010017
#define B38400	0000017
#define B115200 0010002
#define CSIZE	0000060
#define CS8	0000060
#define CSTOPB	0000100
#define CREAD	0000200
#define PARENB	0000400
#define HUPCL	0002000
#define CLOCAL	0004000

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE	0004000
#define FLUSHO	0010000
#define PENDIN	0040000
#define IEXTEN	0100000

/* ioctl numbers */
#define TCGETS	    0x5401
#define TCSETS	    0x5402
#define TCSETSW	    0x5403
#define TCSETSF	    0x5404
#define TCXONC	    0x540A
#define TCFLSH	    0x540B
#define TIOCSCTTY   0x540E
#define TIOCGPGRP   0x540F
#define TIOCSPGRP   0x5410
#define TIOCOUTQ    0x5411
#define TIOCGWINSZ  0x5413
#define TIOCSWINSZ  0x5414
#define FIONREAD    0x541B
#define TIOCNOTTY   0x5422
#define FIONBIO	    0x5421
#define TIOCGSID    0x5429
#define TIOCPKT	    0x5420
#define TIOCGPTPEER 0x5441
#define TIOCGPTN    0x80045430
#define TIOCSPTLCK  0x40045431
#define TIOCSIG	    0x40045436
#define TIOCGPKT    0x80045438
#define TIOCGPTLCK  0x80045439

/* TCFLSH and TCXONC arguments */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2
#define TCOOFF	  0
#define TCOON	  1
#define TCIOFF	  2
#define TCION	  3

/* Registers the device files and starts taking input. */
void tty_init(void);
/* One received byte, from the UART interrupt (or a polled console). */
void tty_receive(char c);
/* The console tty; setsid() + open makes it a session's controlling terminal. */
struct tty *tty_console(void);
/* The process group in the foreground of tty, 0 if none. */
int tty_foreground(struct tty *t);
/* Its device number (/proc/PID/stat's tty_nr): 5:1 for the console, 136:N for /dev/pts/N. */
u32 tty_devnum(struct tty *t);
/* A session leader exits: the terminal loses its session. */
void tty_session_ended(int sid);

#endif
