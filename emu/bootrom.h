/*
 * bootrom.h - where the emulator patches roms/bootrom.S's data words.
 */
#ifndef RVEMU_BOOTROM_H
#define RVEMU_BOOTROM_H

#define BOOTROM_ENTRY        24
#define BOOTROM_FDT          32
#define BOOTROM_FW_INFO      40   /* struct fw_dynamic_info, six dwords */
#define FW_DYNAMIC_MAGIC     0x4942534fULL
#define FW_DYNAMIC_VERSION   2
#define FW_DYNAMIC_NEXT_MODE_S 1

#endif
