"""Clean a photo before it is stored with a signal (pure: bytes in, bytes out).

A phone photo carries metadata a police tool must not keep or pass on: the GPS position and
time of the shot, the device, sometimes the owner's name (EXIF, XMP, IPTC, ICC comments, PNG
text chunks). :func:`clean_photo` accepts only JPEG and PNG (recognised by their content, not
their name), refuses files over :data:`MAX_UPLOAD_BYTES`, turns the picture upright by its
EXIF orientation, shrinks it to at most :data:`MAX_SIDE` pixels on its longest side and
re-encodes the pixels alone into a new file: nothing of the original file but its pixels
survives.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from PIL import Image, ImageOps, UnidentifiedImageError

from gis.errors import ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""Largest upload accepted: 5 MB."""
MAX_SIDE = 2000
"""Longest side of a stored photo, in pixels."""
MAX_PIXELS = 40_000_000
"""Largest decoded picture accepted (a defence against decompression bombs)."""
FORMATS: dict[str, tuple[str, str]] = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
"""Accepted formats: Pillow name → (MIME type, file extension)."""
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store.

    Attributes
    ----------
    data : bytes
        The re-encoded file, without any metadata.
    mime : str
        ``image/jpeg`` or ``image/png``.
    extension : str
        ``jpg`` or ``png``.
    width, height : int
        Pixels after shrinking.
    name : str
        The uploaded file's name, sanitised (see :func:`safe_file_name`), for people only.
    photo_id : str
        SHA-256 of ``data`` (hex): the stored file is named after it.
    """

    data: bytes
    mime: str
    extension: str
    width: int
    height: int
    name: str
    photo_id: str

    @property
    def file_name(self) -> str:
        """The name the photo is stored under: ``<photo_id>.<extension>``."""
        return f"{self.photo_id}.{self.extension}"


def safe_file_name(name: str, *, default: str = "foto", limit: int = 80) -> str:
    """Reduce an uploaded file name to a safe one: no folders, only ``A-Z a-z 0-9 . _ -``.

    Accents are folded (``é`` → ``e``), anything else becomes ``_``, leading dots are
    dropped (no hidden files, no ``..``) and the result is cut to ``limit`` characters.

    Examples
    --------
    >>> safe_file_name("../../etc/pass wd.JPG")
    'pass_wd.JPG'
    >>> safe_file_name("straatlicht Zellik é.png")
    'straatlicht_Zellik_e.png'
    """
    base = PurePath(str(name).replace("\\", "/")).name
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._-")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (
            (stem[: limit - len(ext) - 1] + "." + ext) if dot and len(ext) <= 5 else cleaned[:limit]
        )
    return cleaned or default


def clean_photo(
    data: bytes,
    name: str = "",
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_side: int = MAX_SIDE,
) -> CleanPhoto:
    """Check and clean an uploaded photo: JPEG/PNG only, size-limited, metadata stripped.

    Parameters
    ----------
    data : bytes
        The uploaded file.
    name : str
        Its name as uploaded (kept sanitised, for people; never used as a path).
    max_bytes : int, default 5 MB
        Largest upload accepted.
    max_side : int, default 2000
        Longest side after shrinking, in pixels.

    Returns
    -------
    CleanPhoto
        The pixels re-encoded in the same format (JPEG quality 85, PNG optimised), with no
        EXIF, GPS, XMP, ICC, comment or text chunk.

    Raises
    ------
    ValidationError
        For an empty or too large file, a file that is not a JPEG or PNG picture (whatever
        its name says), or a picture of more than :data:`MAX_PIXELS` pixels.
    """
    if not data:
        raise ValidationError("the photo is empty", key="error.photo_empty")
    if len(data) > max_bytes:
        raise ValidationError(
            f"the photo is {len(data) / 1e6:.1f} MB; at most {max_bytes / 1e6:.0f} MB is allowed",
            key="error.photo_too_large",
            values={
                "size": f"{len(data) / 1e6:.1f}".replace(".", ","),
                "limit": f"{max_bytes / 1e6:.0f}",
            },
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = image.format
            if kind not in FORMATS:
                raise ValidationError(
                    f"the photo is a {kind or 'unknown'} file; allowed: JPEG, PNG",
                    key="error.photo_type",
                    values={"kind": kind or "?"},
                )
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    f"the photo has {image.width}×{image.height} pixels; at most "
                    f"{MAX_PIXELS / 1e6:.0f} megapixels are allowed",
                    key="error.photo_pixels",
                    values={
                        "width": image.width,
                        "height": image.height,
                        "limit": f"{MAX_PIXELS / 1e6:.0f}",
                    },
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError) as error:  # fmt: skip
        raise ValidationError(
            f"the photo cannot be read as JPEG or PNG: {error}", key="error.photo_unreadable"
        ) from error
    mime, extension = FORMATS[kind]
    if kind == "JPEG":
        upright = upright.convert("RGB")
    elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    if max(upright.size) > max_side:
        upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image holding only the pixels: no info dict, no EXIF, no ICC, no text chunks.
    bare = Image.new(upright.mode, upright.size)
    bare.paste(upright)
    out = io.BytesIO()
    if kind == "JPEG":
        bare.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        bare.save(out, format="PNG", optimize=True)
    cleaned = out.getvalue()
    return CleanPhoto(
        data=cleaned,
        mime=mime,
        extension=extension,
        width=bare.width,
        height=bare.height,
        name=safe_file_name(name, default=f"foto.{extension}"),
        photo_id=hashlib.sha256(cleaned).hexdigest(),
    )
