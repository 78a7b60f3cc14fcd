/*
 * test_vt.c - the window's terminal (emu/vt.c) fed byte strings as a
 * guest sends them. Expected screens follow from ECMA-48 / the VT100's
 * documented behaviour (cursor movement clamps at the edges, the cursor
 * stays in the last column until the next character wraps, ED/EL erase
 * with the current background), not from the code.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vt.h"

static struct vt vt;

static void setup(void)
{
    ck_assert_int_eq(vt_init(&vt, 10, 4, 5), 0);
}

static void teardown(void)
{
    vt_free(&vt);
}

static void feed(const char *s)
{
    vt_write(&vt, s, strlen(s));
}

/* Row r of the view, trailing blanks dropped. */
static const char *row(int r)
{
    static char buf[64];
    vt_view_text(&vt, r, buf, sizeof(buf));
    return buf;
}

#define ck_row(r, s) ck_assert_str_eq(row(r), (s))
#define ck_cursor(y, x) do { ck_assert_int_eq(vt.cy, (y)); ck_assert_int_eq(vt.cx, (x)); } while (0)

START_TEST(test_text_cr_lf)
{
    feed("ab\r\ncd");
    ck_row(0, "ab");
    ck_row(1, "cd");
    ck_cursor(1, 2);
    /* a bare LF returns the carriage too (the guest relies on ONLCR) */
    feed("\nx");
    ck_row(2, "x");
    ck_cursor(2, 1);
    feed("\rZ");
    ck_row(2, "Z");
}
END_TEST

START_TEST(test_backspace_and_tab)
{
    /* xv6 erases a character with BS, space, BS */
    feed("abc\b \b");
    ck_row(0, "ab");
    ck_cursor(0, 2);
    feed("\b\b\b\b");          /* stops at column 0 */
    ck_cursor(0, 0);
    feed("\tX");
    ck_row(0, "ab      X");
    ck_cursor(0, 9);
    feed("\t");                /* no stop left: the last column */
    ck_cursor(0, 9);
}
END_TEST

START_TEST(test_wrap_is_deferred)
{
    feed("0123456789");
    /* the 10th character leaves the cursor on it, not on the next line */
    ck_cursor(0, 9);
    ck_row(1, "");
    feed("A");
    ck_row(0, "0123456789");
    ck_row(1, "A");
    ck_cursor(1, 1);
    /* a CR after a full line does not produce an empty line */
    feed("\r\n0123456789\r\nB");
    ck_row(2, "0123456789");
    ck_row(3, "B");
}
END_TEST

START_TEST(test_scroll_into_history)
{
    feed("l1\nl2\nl3\nl4\nl5\nl6");
    ck_row(0, "l3");
    ck_row(3, "l6");
    ck_assert_int_eq(vt.hist_len, 2);
    vt_scroll_view(&vt, 1);
    ck_row(0, "l2");
    ck_row(3, "l5");
    vt_scroll_view(&vt, 100);  /* clamps at the oldest line */
    ck_assert_int_eq(vt.view, 2);
    ck_row(0, "l1");
    ck_row(1, "l2");
    ck_row(2, "l3");
    /* output while scrolled back keeps the same lines in view */
    feed("\nl7");
    ck_assert_int_eq(vt.view, 3);
    ck_row(0, "l1");
    vt_scroll_live(&vt);
    ck_row(3, "l7");
    ck_row(0, "l4");
    vt_scroll_view(&vt, -5);
    ck_assert_int_eq(vt.view, 0);
}
END_TEST

START_TEST(test_history_ring_keeps_the_newest)
{
    char line[16];
    for (int k = 0; k < 20; k++) {
        snprintf(line, sizeof(line), "n%d\n", k);
        feed(line);
    }
    /* 20 lines and an empty one: 4 on screen (n17..n19, ""), 5 kept */
    ck_assert_int_eq(vt.hist_len, 5);
    vt_scroll_view(&vt, 5);
    ck_row(0, "n12");
    ck_row(3, "n15");
}
END_TEST

START_TEST(test_cursor_movement)
{
    feed("\x1b[3;5H*");
    ck_assert_int_eq(vt_screen_cell(&vt, 2, 4)->ch, '*');
    ck_cursor(2, 5);
    feed("\x1b[A");             /* CUU, default 1 */
    ck_cursor(1, 5);
    feed("\x1b[2B");
    ck_cursor(3, 5);
    feed("\x1b[3D");
    ck_cursor(3, 2);
    feed("\x1b[4C");
    ck_cursor(3, 6);
    feed("\x1b[99A\x1b[99D");   /* clamped at the top left */
    ck_cursor(0, 0);
    feed("\x1b[99;99H");        /* and at the bottom right */
    ck_cursor(3, 9);
    feed("\x1b[H");             /* CUP without parameters: home */
    ck_cursor(0, 0);
    feed("\x1b[2;3f");          /* HVP is CUP */
    ck_cursor(1, 2);
    feed("\x1b[7G");            /* CHA */
    ck_cursor(1, 6);
    feed("\x1b[4d");            /* VPA */
    ck_cursor(3, 6);
    feed("\x1b[0;0H");          /* zero counts as one */
    ck_cursor(0, 0);
}
END_TEST

START_TEST(test_erase_display_and_line)
{
    feed("aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\r\ndddddddddd");
    feed("\x1b[2;4H\x1b[K");    /* EL 0: cursor to the end */
    ck_row(1, "bbb");
    feed("\x1b[3;4H\x1b[1K");   /* EL 1: start to the cursor, inclusive */
    ck_row(2, "    cccccc");
    feed("\x1b[4;1H\x1b[2K");   /* EL 2: the whole line */
    ck_row(3, "");
    feed("\x1b[1;6H\x1b[J");    /* ED 0: cursor to the end of the screen */
    ck_row(0, "aaaaa");
    ck_row(1, "");
    ck_row(2, "");
    feed("\x1b[2J");            /* ED 2: everything; the cursor stays */
    for (int r = 0; r < 4; r++)
        ck_row(r, "");
    ck_cursor(0, 5);
}
END_TEST

START_TEST(test_erase_above)
{
    feed("aaaaaaaaaa\r\nbbbbbbbbbb\r\ncc");
    feed("\x1b[2;3H\x1b[1J");   /* ED 1: start of screen to the cursor */
    ck_row(0, "");
    ck_row(1, "   bbbbbbb");
    ck_row(2, "cc");
}
END_TEST

START_TEST(test_sgr_colours)
{
    feed("\x1b[31mR\x1b[1mB\x1b[0mN\x1b[42;34mG\x1b[7mV\x1b[m.");
    const struct vt_cell *c = vt_screen_cell(&vt, 0, 0);
    ck_assert_int_eq(c[0].fg, 1);             /* red             */
    ck_assert_int_eq(c[0].bg, VT_DEFAULT_BG);
    ck_assert_int_eq(c[1].fg, 9);             /* bold red: bright */
    ck_assert(c[1].attr & VT_ATTR_BOLD);
    ck_assert_int_eq(c[2].fg, VT_DEFAULT_FG); /* reset           */
    ck_assert_int_eq(c[2].attr, 0);
    ck_assert_int_eq(c[3].fg, 4);             /* blue on green   */
    ck_assert_int_eq(c[3].bg, 2);
    ck_assert_int_eq(c[4].fg, 2);             /* reversed        */
    ck_assert_int_eq(c[4].bg, 4);
    ck_assert_int_eq(c[5].fg, VT_DEFAULT_FG); /* ESC [ m resets  */
    ck_assert_int_eq(c[5].bg, VT_DEFAULT_BG);
    /* erasing takes the current background */
    feed("\r\n\x1b[44m\x1b[K");
    ck_assert_int_eq(vt_screen_cell(&vt, 1, 9)->bg, 4);
    /* bright forms and defaults */
    feed("\x1b[0;93;104mY\x1b[39;49mZ");
    c = vt_screen_cell(&vt, 1, 0);
    ck_assert_int_eq(c[0].fg, 11);
    ck_assert_int_eq(c[0].bg, 12);
    ck_assert_int_eq(c[1].fg, VT_DEFAULT_FG);
    ck_assert_int_eq(c[1].bg, VT_DEFAULT_BG);
}
END_TEST

START_TEST(test_save_restore_and_index)
{
    feed("\x1b[2;3H\x1b" "7\x1b[31m\x1b[4;8H\x1b" "8x");
    ck_assert_int_eq(vt_screen_cell(&vt, 1, 2)->ch, 'x');
    ck_assert_int_eq(vt_screen_cell(&vt, 1, 2)->fg, VT_DEFAULT_FG);  /* attributes too */
    feed("\x1b[1;1H\x1b[s\x1b[3;3H\x1b[uy");
    ck_assert_int_eq(vt_screen_cell(&vt, 0, 0)->ch, 'y');
    /* reverse index at the top scrolls down */
    feed("\x1b[1;1Htop\x1bM");
    ck_row(0, "");
    ck_row(1, "top");
    /* index at the bottom scrolls up */
    feed("\x1b[4;1Hbottom\x1b" "D");
    ck_row(2, "bottom");
    ck_cursor(3, 6);
}
END_TEST

START_TEST(test_unknown_sequences_are_swallowed)
{
    /* private modes, a window title, charset selection, a 256-colour SGR */
    feed("\x1b[?7h\x1b[?1049l\x1b]0;title\x07\x1b(B\x1b[38;5;200mA\x1b]2;t\x1b\\B\x1b[>c");
    ck_row(0, "AB");
    ck_assert_int_eq(vt_screen_cell(&vt, 0, 0)->fg, VT_DEFAULT_FG);
    /* cursor visibility is kept */
    feed("\x1b[?25l");
    ck_assert(!vt.cursor_visible);
    feed("\x1b[?25h");
    ck_assert(vt.cursor_visible);
    /* CAN aborts a sequence; C0 controls act inside one (the CR below
     * returns the carriage before CUF 2 moves on from there) */
    feed("\r\n\x1b[3\x18X\x1b[\r2CY");
    ck_row(1, "X Y");
    /* non-ASCII bytes take a cell each (drawn as a box), BEL nothing */
    feed("\x07\xc3\xa9");
    ck_assert_int_eq(vt_screen_cell(&vt, 1, 3)->ch, 0xc3);
    ck_cursor(1, 5);
}
END_TEST

START_TEST(test_status_reports)
{
    uint8_t buf[32];
    feed("\x1b[3;7H\x1b[6n");
    size_t n = vt_take_reply(&vt, buf, sizeof(buf));
    ck_assert_uint_eq(n, 6);
    ck_assert_mem_eq(buf, "\x1b[3;7R", 6);
    ck_assert_uint_eq(vt_take_reply(&vt, buf, sizeof(buf)), 0);
    feed("\x1b[5n");
    n = vt_take_reply(&vt, buf, sizeof(buf));
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(buf, "\x1b[0n", 4);
}
END_TEST

START_TEST(test_reset)
{
    feed("\x1b[41mabc\r\ndef\x1b" "c");
    for (int r = 0; r < 4; r++)
        ck_row(r, "");
    ck_cursor(0, 0);
    ck_assert_int_eq(vt.bg, VT_DEFAULT_BG);
    feed("\x1b[3J");             /* ED 3 drops the scrollback */
    ck_assert_int_eq(vt.hist_len, 0);
}
END_TEST

START_TEST(test_changes_counted)
{
    uint64_t before = vt.changes;
    feed("a");
    ck_assert_uint_gt(vt.changes, before);
    before = vt.changes;
    vt_scroll_view(&vt, 1);      /* nothing to scroll back into */
    ck_assert_uint_eq(vt.changes, before);
}
END_TEST

START_TEST(test_bad_sizes)
{
    struct vt v;
    ck_assert_int_eq(vt_init(&v, 0, 4, 0), -1);
    ck_assert_int_eq(vt_init(&v, 4, 4, 0), 0);   /* no scrollback at all */
    vt_write(&v, "1\n2\n3\n4\n5", 9);
    vt_scroll_view(&v, 3);
    ck_assert_int_eq(v.view, 0);
    vt_free(&v);
}
END_TEST

static Suite *vt_suite(void)
{
    Suite *s = suite_create("vt");
    TCase *t = tcase_create("terminal");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_text_cr_lf);
    tcase_add_test(t, test_backspace_and_tab);
    tcase_add_test(t, test_wrap_is_deferred);
    tcase_add_test(t, test_scroll_into_history);
    tcase_add_test(t, test_history_ring_keeps_the_newest);
    tcase_add_test(t, test_cursor_movement);
    tcase_add_test(t, test_erase_display_and_line);
    tcase_add_test(t, test_erase_above);
    tcase_add_test(t, test_sgr_colours);
    tcase_add_test(t, test_save_restore_and_index);
    tcase_add_test(t, test_unknown_sequences_are_swallowed);
    tcase_add_test(t, test_status_reports);
    tcase_add_test(t, test_reset);
    tcase_add_test(t, test_changes_counted);
    tcase_add_test(t, test_bad_sizes);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vt_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
