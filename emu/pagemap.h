/*
 * pagemap.h - the page map as a picture: every 4 KiB page of guest RAM
 * one cell, coloured by its class (pagestate.h). The window's page-map
 * pane and the PNG export (--pagemap-png, the monitor's pagemap) use the
 * same colours, listed in docs/window.md.
 *
 * The PNG: cells in address order, left to right and top to bottom, 256
 * pages (1 MiB) a row, each cell 4x4 pixels (3x3 of colour and a black
 * gap on the right and below); above 1 GiB of RAM, 4096 pages a row, one
 * pixel each. A legend follows the grid. The layout is also written into
 * the file as a tEXt chunk "rvemu-pagemap":
 *   "base=0x80000000 pages=32768 columns=256 cell=4 gap=1"
 * Flashes are never in the PNG: it shows states only, so the same run
 * gives the same file.
 */
#ifndef RVEMU_PAGEMAP_H
#define RVEMU_PAGEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "pagestate.h"

/* 0xRRGGBB of a cell; count shades shared pages (2, 3, 4, 5 or more). */
uint32_t pagemap_color(enum ps_class cls, unsigned count);

/* What a flash looks like: a fault, a copy-on-write copy. */
#define PAGEMAP_FLASH_FAULT 0xffffffu
#define PAGEMAP_FLASH_COPY  0x00e0ffu
#define PAGEMAP_GAP         0x000000u
#define PAGEMAP_OUTLINE     0x606060u   /* around the legend's swatches */

/* The legend: colours and their names, in display order. */
struct pagemap_key {
    uint32_t color;
    const char *label;
};
unsigned pagemap_legend(const struct pagemap_key **keys);

/* The PNG's layout for npages pages. */
struct pagemap_layout {
    unsigned columns;        /* pages a row                           */
    unsigned cell;           /* pixels a cell (square), gap included  */
    unsigned gap;            /* pixels of gap right of and below it   */
    unsigned rows;
};
void pagemap_png_layout(uint64_t npages, struct pagemap_layout *l);

/* Write the page map of ps as it is now to path; 0, or -1 with err. */
int pagemap_write_png(struct pagestate *ps, const char *path, char *err, size_t errlen);

#endif
