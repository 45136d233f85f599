#!/usr/bin/env python3
"""Draws the PoQ icon (a gold "Q" ring on a rounded dark-blue square) as PNG with the standard
library only, so the build needs no image tools. Run it again after changing a colour; poq.svg is
the same drawing for platforms whose tools start from SVG (iconutil/ICO conversions, README)."""
import math, struct, sys, zlib

def icon(size):
    bg, ring = (22, 38, 74), (242, 180, 40)
    c, r_out, r_in, corner = size / 2, size * 0.36, size * 0.25, size * 0.18
    px = bytearray()
    for y in range(size):
        px.append(0)  # PNG filter byte: none
        for x in range(size):
            fx, fy = x + 0.5, y + 0.5
            # rounded square: distance outside the inner rectangle of the corners
            dx = max(corner - fx, fx - (size - corner), 0)
            dy = max(corner - fy, fy - (size - corner), 0)
            alpha = max(0.0, min(1.0, corner - math.hypot(dx, dy) + 0.5))
            d = math.hypot(fx - c, fy - c)
            on_ring = r_in <= d <= r_out
            # the Q's tail: a thick stroke from the ring's lower right outwards
            t = ((fx - c) + (fy - c)) / math.sqrt(2)
            n = abs((fx - c) - (fy - c)) / math.sqrt(2)
            on_tail = r_in * 0.9 <= t <= size * 0.47 and n <= size * 0.055
            col = ring if (on_ring or on_tail) else bg
            px += bytes(col) + bytes([int(alpha * 255)])
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(px), 9)) + chunk(b"IEND", b""))

if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    sys.stdout.buffer.write(icon(size))
