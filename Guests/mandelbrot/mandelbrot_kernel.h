/*
 * mandelbrot_kernel.h — the pure Mandelbrot renderer shared by the `mandelbrot` guest
 * (compiled to wasm32) and native benchmarks (plain `clang -O2` on the host).
 *
 * No libc, no WASI, no allocation: `#include` it and call mandelbrot_render().
 *
 * Geometry: the full image is width x height pixels. Pixel (x, y) is the point
 *     re = -2.5 + x * scale,   im = (y - height / 2.0) * scale,   scale = 3.5 / width
 * so re spans [-2.5, 1.0) and im is centred on 0 with the same scale per pixel.
 * A tile is the pixel rectangle [tx, tx + tw) x [ty, ty + th) of that image.
 *
 * Iteration: z = 0, then z = z^2 + c while |z|^2 <= 4, at most max_iter times, in IEEE
 * doubles. wasm float arithmetic is deterministic and x86-64 SSE2 doubles give the same
 * results provided no multiply-add is fused, hence FP_CONTRACT OFF below: the native and
 * wasm renderings are bit-identical.
 *
 * Colour: a point that never escapes (n == max_iter) is black. An escaped point gets the
 * 16-colour "Ultra Fractal" gradient, linearly interpolated with integer math: one palette
 * entry every 4 iterations, so the colours cycle every 64 iterations.
 */
#ifndef MANDELBROT_KERNEL_H
#define MANDELBROT_KERNEL_H

#pragma STDC FP_CONTRACT OFF

static const unsigned char mandelbrot_palette[16][3] = {
    {66, 30, 15},    {25, 7, 26},     {9, 1, 47},      {4, 4, 73},
    {0, 7, 100},     {12, 44, 138},   {24, 82, 177},   {57, 125, 209},
    {134, 181, 229}, {211, 236, 248}, {241, 233, 191}, {248, 201, 95},
    {255, 170, 0},   {204, 128, 0},   {153, 87, 0},    {106, 52, 3},
};

/* Number of iterations before c = cr + i*ci escapes (|z|^2 > 4), at most max_iter.
 *
 * Two steps per loop turn, with the escape test after each, so the result is the same as the
 * plain loop's; an interpreter pays per loop turn for the back-edge and the loop test, so halving
 * the turns saves it about a tenth of the work, while native code hardly notices.
 * 2*zr*zi is written (zr + zr) * zi: one multiplication fewer, and exact in IEEE arithmetic. */
static inline int mandelbrot_iterations(double cr, double ci, int max_iter) {
    double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
    int n = 0;
    while (n < max_iter) {
        zi = (zr + zr) * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        n++;
        if (zr2 + zi2 > 4.0 || n == max_iter) break;
        zi = (zr + zr) * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        n++;
        if (zr2 + zi2 > 4.0) break;
    }
    return n;
}

/* Writes the RGB colour of a point that took n iterations (of max_iter) to rgb[0..2]. */
static inline void mandelbrot_colour(int n, int max_iter, unsigned char *rgb) {
    if (n >= max_iter) {
        rgb[0] = rgb[1] = rgb[2] = 0;
        return;
    }
    unsigned int pos = (unsigned int)n * 4u;       /* 16 sub-steps per palette entry */
    unsigned int i = (pos >> 4) & 15u, f = pos & 15u;
    const unsigned char *a = mandelbrot_palette[i], *b = mandelbrot_palette[(i + 1u) & 15u];
    for (int k = 0; k < 3; k++)
        rgb[k] = (unsigned char)(((int)a[k] * (int)(16u - f) + (int)b[k] * (int)f) / 16);
}

/* Renders the tile [tx, tx+tw) x [ty, ty+th) of the width x height image into rgb:
 * tw*th*3 bytes, row-major, 8-bit R, G, B. The caller validates the arguments. */
static inline void mandelbrot_render(unsigned char *rgb, int width, int height,
                                     int tx, int ty, int tw, int th, int max_iter) {
    double scale = 3.5 / (double)width;
    double half_height = (double)height / 2.0;
    for (int y = 0; y < th; y++) {
        double ci = ((double)(ty + y) - half_height) * scale;
        for (int x = 0; x < tw; x++) {
            double cr = -2.5 + (double)(tx + x) * scale;
            mandelbrot_colour(mandelbrot_iterations(cr, ci, max_iter), max_iter, rgb);
            rgb += 3;
        }
    }
}

#endif
