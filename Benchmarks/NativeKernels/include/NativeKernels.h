#ifndef NATIVE_KERNELS_H
#define NATIVE_KERNELS_H

/// Renders a mandelbrot tile natively with the guest's own kernel (Guests/mandelbrot/mandelbrot_kernel.h):
/// tw*th*3 bytes of row-major RGB into `rgb`.
void native_mandelbrot_render(unsigned char *rgb, int width, int height,
                              int tx, int ty, int tw, int th, int max_iter);

#endif
