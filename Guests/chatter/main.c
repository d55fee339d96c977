/* chatter — sandbox test fixture for the output cap: writes "spam spam spam spam\n" to
 * stdout forever (it ignores write errors and keeps going until the host stops it). */
#include "wasi.h"

__attribute__((export_name("_start"))) void _start(void) {
    static const char line[] = "spam spam spam spam\n";
    for (;;) {
        wasi_ciovec iov = { line, sizeof line - 1 };
        size_t written;
        wasi_fd_write(1, &iov, 1, &written);
    }
}
