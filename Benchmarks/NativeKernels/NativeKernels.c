// The very source the `mandelbrot` guest compiles to WebAssembly, compiled natively here, so the
// benchmark's sandbox/native ratio compares like with like and tests can check both agree.
#include "NativeKernels.h"
#include "../../Guests/mandelbrot/mandelbrot_kernel.h"

void native_mandelbrot_render(unsigned char *rgb, int width, int height,
                              int tx, int ty, int tw, int th, int max_iter) {
    mandelbrot_render(rgb, width, height, tx, ty, tw, th, max_iter);
}
