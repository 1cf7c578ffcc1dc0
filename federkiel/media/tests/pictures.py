"""Images made with Pillow for the tests: every type, with and without metadata."""

import io
import struct
import zlib

from PIL import ExifTags, Image, PngImagePlugin

BLUE = (0, 0, 255)
RED = (255, 0, 0)
# Kiel, roughly: a location that must never reach the stored files.
GPS = {1: "N", 2: (54.0, 19.0, 30.0), 3: "E", 4: (10.0, 8.0, 20.0)}


def exif(orientation=1, gps=True):
    data = Image.Exif()
    data[ExifTags.Base.Orientation] = orientation
    data[ExifTags.Base.Make] = "Federkiel Test Camera"
    if gps:
        data[ExifTags.Base.GPSInfo] = GPS
    return data


def two_halves(size=(400, 200)):
    """Left half blue, right half red: shows which way an image was turned."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (0, 0, size[0] // 2, size[1]))
    return image


def jpeg(size=(400, 200), orientation=1, gps=True):
    out = io.BytesIO()
    two_halves(size).save(out, "JPEG", quality=90, exif=exif(orientation, gps), comment=b"secret")
    return out.getvalue()


def png(size=(300, 200)):
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Kiel, Holtenauer Str. 1")
    out = io.BytesIO()
    two_halves(size).save(out, "PNG", pnginfo=info, exif=exif())
    return out.getvalue()


def webp(size=(300, 200)):
    out = io.BytesIO()
    two_halves(size).save(out, "WEBP", quality=90, exif=exif(), xmp=b"<x:xmpmeta>Kiel</x:xmpmeta>")
    return out.getvalue()


def animated_gif(size=(120, 80)):
    frames = [Image.new("RGB", size, color) for color in (BLUE, RED, (0, 255, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def still_gif(size=(120, 80)):
    out = io.BytesIO()
    Image.new("P", size, 1).save(out, "GIF")
    return out.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def open_bytes(data):
    return Image.open(io.BytesIO(data))


def noise_png(size=(200, 200)):
    """Random pixels: a PNG that does not compress (about 3 bytes a pixel)."""
    import os

    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()
