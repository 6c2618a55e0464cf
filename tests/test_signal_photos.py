"""Photos of signals: metadata (EXIF GPS, PNG text) stripped, size and type limited, names
sanitised — in memory and as stored next to the workspace."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from gis.errors import ValidationError
from gis.io_signals import SignalStore, photo_dir
from gis.io_workspace import GeoPackageWorkspace
from gis.photos import MAX_SIDE, clean_photo, safe_file_name
from gis.signals import NewSignal

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(size: tuple[int, int] = (3000, 1500), orientation: int = 6) -> bytes:
    """A JPEG whose EXIF holds a GPS position, camera make/model and an orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1] // 2))  # blue top-left quarter
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    exif[0x0110] = "Model X"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (50.0, 52.0, 30.5), 3: "E", 4: (4.0, 17.0, 10.25)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def test_the_fixture_really_carries_gps() -> None:
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    exif = original.getexif()
    assert exif.get_ifd(GPS_IFD)[1] == "N"
    assert exif[0x010F] == "Phonemaker"


def test_exif_and_gps_are_gone_after_cleaning() -> None:
    data = jpeg_with_gps()
    photo = clean_photo(data, "IMG_0001.JPG")
    cleaned = Image.open(io.BytesIO(photo.data))
    assert cleaned.format == "JPEG" and photo.mime == "image/jpeg"
    assert not cleaned.getexif()
    assert not cleaned.getexif().get_ifd(GPS_IFD)
    assert "exif" not in cleaned.info and "icc_profile" not in cleaned.info
    assert b"Exif" not in photo.data and b"Phonemaker" not in photo.data
    # orientation 6 applied, then shrunk to MAX_SIDE on the longest side
    assert (photo.width, photo.height) == (MAX_SIDE // 2, MAX_SIDE) == cleaned.size
    # the blue quarter moved with the rotation (top-left → top-right)
    assert cleaned.getpixel((photo.width - 10, 10))[2] > 150
    assert cleaned.getpixel((10, 10))[0] > 150


def test_png_text_chunks_are_gone() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Agent Jan Peeters")
    info.add_text("GPS", "50.87,4.28")
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 255, 0, 128)).save(out, format="PNG", pnginfo=info)
    photo = clean_photo(out.getvalue(), "scherm.png")
    cleaned = Image.open(io.BytesIO(photo.data))
    assert photo.mime == "image/png" and cleaned.mode == "RGBA"
    assert not getattr(cleaned, "text", {}) and b"Peeters" not in photo.data
    assert cleaned.size == (40, 30)


@pytest.mark.parametrize("kind", ["GIF", "BMP", "TIFF", "WEBP"])
def test_other_formats_are_refused_whatever_the_name(kind: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format=kind)
    with pytest.raises(ValidationError, match="allowed: JPEG, PNG"):
        clean_photo(out.getvalue(), "foto.jpg")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"<?php system($_GET['c']); ?>", "cannot be read"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "cannot be read"),  # a JPEG header, no image
    ],
)
def test_broken_uploads_are_refused(data: bytes, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        clean_photo(data, "x.jpg")


def test_size_limit() -> None:
    data = jpeg_with_gps((400, 300))
    with pytest.raises(ValidationError, match="at most"):
        clean_photo(data, "x.jpg", max_bytes=len(data) - 1)
    assert clean_photo(data, "x.jpg", max_bytes=len(data)).width == 300  # rotated


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jan\\Desktop\\lamp kapot.JPG", "lamp_kapot.JPG"),
        ("...", "foto"),
        (".verborgen.png", "verborgen.png"),
        ("straat é ç ü.jpeg", "straat_e_c_u.jpeg"),
        ("a" * 200 + ".png", "a" * 76 + ".png"),
        ("<script>alert(1)</script>.png", "script_.png"),  # "/" ends a folder name
    ],
)
def test_file_names_are_sanitised(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


def test_stored_photo_has_no_metadata_and_a_hash_name(workspace: GeoPackageWorkspace) -> None:
    store = SignalStore(workspace)
    municipalities = workspace.areas("municipalities")
    point = municipalities.geometry.iloc[0].representative_point()
    photo = clean_photo(jpeg_with_gps(), "../IMG 1.jpg")
    stored = store.record([NewSignal("sluikstort", point.x, point.y, "jan")], photos={0: [photo]})
    rows = store.photos(list(stored["signal_id"]))
    assert rows["file"].tolist() == [f"{photo.photo_id}.jpg"]
    assert rows["name"].tolist() == ["IMG_1.jpg"]
    files = list(photo_dir(workspace).iterdir())
    assert [f.name for f in files] == [rows.at[0, "file"]]
    on_disk = store.photo_bytes(rows.at[0, "file"])
    assert not Image.open(io.BytesIO(on_disk)).getexif()
    assert b"Phonemaker" not in on_disk
    with pytest.raises(ValidationError, match="not a photo name"):
        store.photo_bytes("../ws.gpkg")
