"""Image intake: untrusted bytes in, a safe fully-decoded RGB image out.

Platform-free on purpose: chat adapters download bytes and call :func:`load_image`; every
failure is an :class:`IntakeError`, a UserFacingError naming what the user is told.
"""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import warnings
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from bot.captioning.errors import UserFacingError

__all__ = [
    "DEFAULT_LIMITS",
    "EmptyImage",
    "ImageTooLarge",
    "IntakeError",
    "IntakeImage",
    "IntakeLimits",
    "NotAnImage",
    "TooManyPixels",
    "TruncatedImage",
    "load_image",
    "sniff_is_image",
]

_MB = 1024 * 1024

# Only plugins a chat user plausibly sends may even look at the bytes. This is what keeps
# EPS (Ghostscript), PDF, ICO, PSD, FITS & co. out. MPO is not listed because Pillow opens
# it through the JPEG plugin (and passing "MPO" to Image.open raises KeyError).
_CORE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
# Present in Image.OPEN only when this Pillow build / an installed plugin can decode them.
_OPTIONAL_FORMATS = ("AVIF", "HEIF")

# Errors Pillow's plugins and decoders raise for damaged data, at open or at load time.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)

# warnings.catch_warnings() swaps the process-wide filter list, so overlapping calls from
# worker threads could restore each other's state and leak the "error" filter. Serialise
# only the cheap header-parsing part; decoding runs outside the lock.
_WARNINGS_LOCK = threading.Lock()


@dataclass(frozen=True)
class IntakeLimits:
    max_bytes: int = 20 * _MB
    # width*height; caps decode memory (~3 bytes/pixel) against decompression bombs.
    max_pixels: int = 40_000_000

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.max_pixels <= 0:
            raise ValueError("IntakeLimits values must be positive")


DEFAULT_LIMITS = IntakeLimits()


class IntakeError(UserFacingError):
    """Base class: users are told `key`'s text; ``reason`` is a stable code for APIs, metrics."""

    reason: ClassVar[str] = "invalid_image"
    key = "image.unreadable"


class NotAnImage(IntakeError):
    reason = "not_an_image"
    key = "image.not_an_image"

    def __init__(self, detail: str = "") -> None:
        # The formats this process reads, named in the refusal (a worker sends its own).
        super().__init__(detail, formats=accepted_formats())


class TruncatedImage(IntakeError):
    reason = "truncated"
    key = "image.truncated"


class EmptyImage(IntakeError):
    reason = "empty"
    key = "image.empty"


class ImageTooLarge(IntakeError):
    reason = "too_large"
    key = "image.too_large"

    def __init__(self, size_bytes: int, limit_bytes: int) -> None:
        self.size_bytes = size_bytes
        self.limit_bytes = limit_bytes
        super().__init__(
            f"{size_bytes} bytes exceeds the limit of {limit_bytes} bytes",
            size_mb=_format_mb(size_bytes),
            limit_mb=_format_mb(limit_bytes),
        )


class TooManyPixels(IntakeError):
    reason = "too_many_pixels"

    def __init__(self, limit_pixels: int, size: tuple[int, int] | None = None) -> None:
        self.limit_pixels = limit_pixels
        self.size = size
        megapixels = limit_pixels / 1_000_000
        if size is None:
            super().__init__(
                f"image exceeds the limit of {limit_pixels} pixels",
                key="image.too_many_pixels",
                megapixels=megapixels,
            )
        else:
            super().__init__(
                f"image ({size[0]}x{size[1]} pixels) exceeds the limit of {limit_pixels} pixels",
                key="image.too_many_pixels_sized",
                megapixels=megapixels,
                width=size[0],
                height=size[1],
            )


_NAMES = {"WEBP": "WebP", "HEIF": "HEIC"}


def accepted_formats() -> str:
    """The picture formats intake reads here, for people: "JPEG, PNG, …, TIFF or AVIF"."""
    names = [_NAMES.get(fmt, fmt) for fmt in _open_formats()]
    return ", ".join(names[:-1]) + " or " + names[-1]


def format_mb(n: int) -> str:
    """Bytes as megabytes the way every refusal says them: "20", "2.5", "0.05"."""
    return _format_mb(n)


def _format_mb(n: int) -> str:
    mb = n / _MB
    return f"{mb:.1f}".removesuffix(".0") if mb >= 0.1 else f"{mb:.2g}"


# The longest side a picture is kept at once read: well above anything derived from it (the
# model's 224-384 px input, the 384 px stored copy). The image processor resizing a 36 MP picture
# costs seconds of the model's thread; a 1024 px one, milliseconds.
WORKING_SIDE = 1024


@dataclass(frozen=True)
class IntakeImage:
    # Excluded from eq/hash: PIL images are unhashable and comparing pixels is costly;
    # content_hash already identifies the image. Treat the image as read-only. At most
    # WORKING_SIDE on its longest side.
    image: Image.Image = field(compare=False, repr=False)
    width: int  # the picture's own size, as sent
    height: int
    format: str | None
    mime: str | None
    content_hash: str

    def thumbnail_bytes(self, max_side: int = 384, quality: int = 90) -> bytes:
        """JPEG of the image scaled to fit ``max_side`` (aspect kept, never upscaled)."""
        if max_side < 1:
            raise ValueError("max_side must be positive")
        img = self.image
        longest = max(img.width, img.height)
        if longest > max_side:
            scale = max_side / longest
            size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
            # resize() instead of copy()+thumbnail(): no full-size copy of a 40 MP image.
            img = img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        return buf.getvalue()


# Every TIFF/BigTIFF byte-order marker Pillow's TIFF plugin accepts.
_TIFF_MAGIC = (b"MM\x00*", b"II*\x00", b"MM*\x00", b"II\x00*", b"MM\x00+", b"II+\x00")
_SIMPLE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", *_TIFF_MAGIC)
# "BM" alone matches plenty of text, so also require a known DIB header size.
_BMP_DIB_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})
_FTYP_BRANDS = {"AVIF": (b"avif", b"avis"), "HEIF": (b"heic", b"heix", b"heim", b"heis")}


def sniff_is_image(head: bytes) -> bool:
    """Cheap magic-number check on the first bytes (pass at least 32) of a download."""
    head = bytes(head[:32])
    if head.startswith(_SIMPLE_MAGIC):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    if head[:2] == b"BM" and len(head) >= 18:
        return int.from_bytes(head[14:18], "little") in _BMP_DIB_HEADER_SIZES
    if head[4:8] == b"ftyp":
        openable = _open_formats()
        return any(head[8:12] in brands and fmt in openable for fmt, brands in _FTYP_BRANDS.items())
    return False


def _open_formats() -> tuple[str, ...]:
    """The formats to hand to Image.open: the core set plus whatever optional ones exist."""
    if not all(fmt in Image.OPEN for fmt in _CORE_FORMATS):
        Image.init()  # imports plugins (registration only; nothing is decoded)
    if "HEIF" not in Image.OPEN and not _heif_tried:
        _register_heif()
    return _CORE_FORMATS + tuple(fmt for fmt in _OPTIONAL_FORMATS if fmt in Image.OPEN)


_heif_tried = False


def _register_heif() -> None:
    """HEIC, as iPhones send photos as files, through pillow-heif where it is installed."""
    global _heif_tried
    _heif_tried = True
    try:
        import pillow_heif  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    pillow_heif.register_heif_opener()


def load_image(data: bytes, limits: IntakeLimits = DEFAULT_LIMITS) -> IntakeImage:
    """Decode untrusted bytes into a detached RGB image, or raise an :class:`IntakeError`."""
    size = len(data)
    if size == 0:
        raise EmptyImage("zero bytes")
    if size > limits.max_bytes:
        raise ImageTooLarge(size, limits.max_bytes)

    formats = _open_formats()
    try:
        im = _open_checked(data, formats, limits)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard fired first (its MAX_IMAGE_PIXELS is the stricter one).
        pillow_limit = Image.MAX_IMAGE_PIXELS or limits.max_pixels
        raise TooManyPixels(min(limits.max_pixels, pillow_limit)) from exc
    except UnidentifiedImageError as exc:
        # Right magic number but unparseable header: most likely a cut-off download.
        if sniff_is_image(data):
            raise TruncatedImage(str(exc)) from exc
        raise NotAnImage(str(exc)) from exc
    except _DECODE_ERRORS as exc:
        raise TruncatedImage(f"{type(exc).__name__}: {exc}") from exc

    with im:
        fmt = im.format
        if fmt not in (*formats, "MPO"):
            raise NotAnImage(f"unexpected format {fmt!r}")
        stored_size = im.size
        _draft(im)
        try:
            # Truncation surfaces here as OSError as long as ImageFile.LOAD_TRUNCATED_IMAGES
            # is False (Pillow's default, which this module never changes).
            im.load()
        except _DECODE_ERRORS as exc:
            raise TruncatedImage(f"{type(exc).__name__}: {exc}") from exc
        oriented = _apply_orientation(im)
        # EXIF orientation only turns or mirrors: a turned picture swaps its sides.
        turned = oriented.size != im.size

    rgb = _shrink(_to_rgb(oriented))
    width, height = stored_size[::-1] if turned else stored_size
    return IntakeImage(
        image=rgb,
        width=width,
        height=height,
        format=fmt,
        mime=Image.MIME.get(fmt) if fmt else None,
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def _open_checked(data: bytes, formats: tuple[str, ...], limits: IntakeLimits) -> Image.Image:
    """Parse headers only and enforce the pixel limit before anything is decoded."""
    with _WARNINGS_LOCK, warnings.catch_warnings():
        # Scoped, not global: Image.MAX_IMAGE_PIXELS and the filter list are process-wide.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        im = Image.open(io.BytesIO(data), formats=formats)
        try:
            if im.width * im.height > limits.max_pixels:
                raise TooManyPixels(limits.max_pixels, im.size)
            # Animated GIF/WebP/APNG: caption the first frame. Seeking can re-run Pillow's
            # bomb check (GIF frames may grow the canvas), so it stays under the filter.
            if getattr(im, "n_frames", 1) > 1:
                im.seek(0)
        except BaseException:
            im.close()
            raise
    return im


def _draft(im: Image.Image) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale when that still covers WORKING_SIDE: a phone's
    12 MP photo then decodes several times faster, into a fraction of the memory."""
    longest = max(im.size)
    if longest <= WORKING_SIDE or im.format not in ("JPEG", "MPO"):
        return
    scale = WORKING_SIDE / longest
    im.draft(None, (max(1, int(im.width * scale)), max(1, int(im.height * scale))))


def _shrink(im: Image.Image) -> Image.Image:
    longest = max(im.size)
    if longest <= WORKING_SIDE:
        return im
    scale = WORKING_SIDE / longest
    size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    return im.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _apply_orientation(im: Image.Image) -> Image.Image:
    """A detached copy with EXIF orientation applied."""
    try:
        transposed = ImageOps.exif_transpose(im)
    except Exception:
        # A mangled EXIF block shouldn't cost the user their photo; keep it unrotated.
        transposed = None
    return transposed if transposed is not None else im.copy()


def _to_rgb(im: Image.Image) -> Image.Image:
    mode = im.mode
    if mode == "RGB" and "transparency" not in im.info:
        return im
    if mode.startswith("I") or mode == "F":
        return Image.fromarray(_scale_to_uint8(np.asarray(im), mode)).convert("RGB")
    if mode == "La":
        im = im.convert("LA")  # Pillow has no direct La -> RGBA conversion
    has_alpha = mode in ("RGBA", "RGBa", "LA", "La", "PA") or (
        # P, L and RGB PNGs can carry a tRNS palette alpha / colour key.
        mode in ("P", "L", "RGB") and "transparency" in im.info
    )
    if not has_alpha:
        return im.convert("RGB")  # P, L, 1, CMYK, YCbCr, LAB, HSV, RGBX
    # Transparent areas are usually "no content": white reads as paper to a captioner,
    # black (what a plain convert gives) reads as a dark photo.
    rgba = im.convert("RGBA")
    out = Image.new("RGB", rgba.size, (255, 255, 255))
    out.paste(rgba, mask=rgba.getchannel("A"))
    return out


def _scale_to_uint8(arr: np.ndarray, mode: str) -> np.ndarray:
    """Map high-bit-depth grey to 8 bits; Pillow's own convert clips everything >255 to white."""
    if mode.startswith("I;16"):
        # astype() first: also normalises big-endian I;16B to native order.
        return (arr.astype(np.uint16) >> 8).astype(np.uint8)
    values = np.nan_to_num(arr.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)
    if lo >= 0 and hi <= 1 and mode == "F":
        scale = 1.0  # float image in the usual 0..1 convention
    elif lo >= 0 and hi <= 255:
        scale = 255.0
    elif lo >= 0 and hi <= 65535:
        scale = 65535.0  # 16-bit data stored in a 32-bit mode
    else:
        values, scale = values - lo, max(hi - lo, 1e-12)
    return np.clip(np.rint(values * (255.0 / scale)), 0, 255).astype(np.uint8)
