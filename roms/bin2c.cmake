# cmake -DIN=file.bin -DOUT=file.h -P bin2c.cmake: the bytes as a C array.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE ${OUT} "/* Generated from roms/bootrom.S; do not edit. */\n"
     "static const unsigned char bootrom_image[${bytes}] = {${body}};\n")
