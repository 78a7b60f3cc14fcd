/* stat.h - what fstat reports. */
#ifndef GK_STAT_H
#define GK_STAT_H
#include "types.h"
#define T_DIR    1
#define T_FILE   2
#define T_DEVICE 3

struct stat {
    int    dev;    /* disk device   */
    uint   ino;    /* inode number  */
    short  type;   /* T_*           */
    short  nlink;  /* links         */
    uint64 size;   /* bytes         */
};
#endif
