/*
 * console.c - the console device (major CONSOLE): line-edited input from
 * the UART and output to it.
 *
 * Typed characters collect in a ring buffer and are echoed as they come;
 * readers see nothing until a whole line (or ^D) is there, so the user
 * can still erase with backspace or ^U. Special keys:
 *   ^H, DEL  erase one character    ^U  erase the line
 *   ^D       end of file            ^P  list processes
 */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "riscv.h"
#include "proc.h"
#include "defs.h"

#define CTRL(x)   ((x) - '@')
#define BACKSPACE 0x100   /* consputc: erase the last character on screen */
#define DEL       0x7f

#define INPUT_SIZE 128

static struct {
    struct spinlock lock;
    char buf[INPUT_SIZE];
    uint r;   /* next byte a reader takes                      */
    uint w;   /* end of what readers may take (whole lines)    */
    uint e;   /* end of what has been typed (w..e is editable) */
} cons;

void consputc(int c)
{
    if (c == BACKSPACE) {
        /* Step back, blank the character, step back again. */
        uartputc_sync('\b');
        uartputc_sync(' ');
        uartputc_sync('\b');
    } else {
        uartputc_sync(c);
    }
}

static int consolewrite(int user_src, uint64 src, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        char c;
        if (either_copyin(&c, user_src, src + i, 1) < 0)
            return i > 0 ? i : -1;
        uartputc(c);
    }
    return i;
}

/* Copy up to n bytes of input to dst, at most one line. Returns the
 * count, 0 at end of file, -1 if the process is killed while waiting. */
static int consoleread(int user_dst, uint64 dst, int n)
{
    int want = n;

    acquire(&cons.lock);
    while (n > 0) {
        if (cons.r == cons.w && n < want)
            break;   /* a full buffer without newline was handed over */
        while (cons.r == cons.w) {
            if (killed(myproc())) {
                release(&cons.lock);
                return -1;
            }
            sleep(&cons.r, &cons.lock);
        }
        char c = cons.buf[cons.r % INPUT_SIZE];
        cons.r++;

        if (c == CTRL('D')) {
            /* End of file. If some bytes were already returned, leave the
             * ^D in place so the next read sees the 0-byte result. */
            if (n < want)
                cons.r--;
            break;
        }
        if (either_copyout(user_dst, dst, &c, 1) < 0) {
            cons.r--;   /* not delivered: keep it for the next read */
            if (n == want) {
                release(&cons.lock);
                return -1;
            }
            break;
        }
        dst++;
        n--;
        if (c == '\n')
            break;
    }
    release(&cons.lock);
    return want - n;
}

/* One received character, from the UART interrupt. */
void consoleintr(int c)
{
    acquire(&cons.lock);
    switch (c) {
    case CTRL('P'):
        procdump();
        break;
    case CTRL('U'):
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_SIZE] != '\n') {
            cons.e--;
            consputc(BACKSPACE);
        }
        break;
    case CTRL('H'):
    case DEL:
        if (cons.e != cons.w) {
            cons.e--;
            consputc(BACKSPACE);
        }
        break;
    default:
        if (c == 0 || cons.e - cons.r >= INPUT_SIZE)
            break;   /* no room: drop it */
        if (c == '\r')
            c = '\n';
        consputc(c);
        cons.buf[cons.e % INPUT_SIZE] = c;
        cons.e++;
        if (c == '\n' || c == CTRL('D') || cons.e - cons.r == INPUT_SIZE) {
            /* Hand the finished line to readers. */
            cons.w = cons.e;
            wakeup(&cons.r);
        }
        break;
    }
    release(&cons.lock);
}

void consoleinit(void)
{
    initlock(&cons.lock, "console");
    uartinit();
    devsw[CONSOLE].read = consoleread;
    devsw[CONSOLE].write = consolewrite;
}
