/* poweroff.c - stop the machine; the optional argument is the exit code
 * the emulator reports (0 = success). */
#include "user.h"

int main(int argc, char **argv)
{
    poweroff(argc > 1 ? atoi(argv[1]) : 0);
}
