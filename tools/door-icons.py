#!/usr/bin/env python3
"""door-icons.py: draw the check-in app's icons (templates/static/icon-192.png
and icon-512.png): a cream tessera tile with a tick, on the college's teal.
Only the standard library (zlib for PNG). Run from the top of the tree; the
PNGs are committed, so this is needed only to change them."""
import struct
import zlib

TEAL = (0x0b, 0x5d, 0x63)
CREAM = (0xfa, 0xf6, 0xf0)


def inside_tile(x, y, s):
    # A rounded square over the middle of the icon (the maskable safe zone).
    lo, hi, r = 0.27 * s, 0.73 * s, 0.06 * s
    if x < lo or x > hi or y < lo or y > hi:
        return False
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def near_segment(x, y, a, b, w):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= w * w


def pixel(x, y, s):
    if not inside_tile(x, y, s):
        return TEAL
    a, b, c = (0.36 * s, 0.51 * s), (0.46 * s, 0.61 * s), (0.645 * s, 0.40 * s)
    w = 0.03 * s
    if near_segment(x, y, a, b, w) or near_segment(x, y, b, c, w):
        return TEAL
    return CREAM


def png(s):
    rows = b"".join(
        b"\0" + b"".join(bytes(pixel(x + 0.5, y + 0.5, s)) for x in range(s))
        for y in range(s))

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", s, s, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


for size in (192, 512):
    with open("templates/static/icon-%d.png" % size, "wb") as f:
        f.write(png(size))
