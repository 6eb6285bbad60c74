/* ps - prints /proc/ps. */
#include "showfile.h"

int main(void) { return show_file("/proc/ps"); }
