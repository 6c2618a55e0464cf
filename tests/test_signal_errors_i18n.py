"""Errors a user can make with signals, types, services and photos: the English developer
message stays, and the user reads what is wrong and what to do in nl-BE or fr-BE."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from PIL import Image
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from gis.errors import ValidationError, WijkradarError
from gis.i18n import MESSAGES, error_message, message
from gis.io_signals import SignalStore
from gis.io_workspace import GeoPackageWorkspace
from gis.photos import clean_photo
from gis.schema import CRS
from gis.signals import (
    STATUSES,
    TRANSITIONS,
    NewSignal,
    StatusChange,
    apply_change,
    check_services,
    check_transition,
    check_types,
    clean_text,
    default_types,
    new_signals,
)
from wijkradar.cli import app
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "5_Signalen.py")
T0 = pd.Timestamp("2026-03-01 09:00")
NOW = pd.Timestamp("2026-06-01 12:00")


def squares() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Two municipalities side by side, each one wijk: (0..1000) and (1000..2000)."""
    boxes = [shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)]
    municipalities = gpd.GeoDataFrame({"nis": ["11111", "22222"]}, geometry=boxes, crs=CRS)
    wijken = gpd.GeoDataFrame({"code": ["W1", "W2"]}, geometry=boxes, crs=CRS)
    return municipalities, wijken


def record(*signals: NewSignal) -> None:
    municipalities, wijken = squares()
    new_signals(
        signals, types=default_types(), municipalities=municipalities, wijken=wijken, now=NOW
    )


def one(**fields: object) -> NewSignal:
    return NewSignal(**{"type": "sluikstort", "x": 500, "y": 500, "reported_by": "jan", **fields})


def types_with(**change: object) -> Callable[[], object]:
    types = default_types()
    for column, value in change.items():
        types.loc[0, column] = value
    return lambda: check_types(types)


def services(**rows: list[str]) -> Callable[[], object]:
    return lambda: check_services(pd.DataFrame(rows), types=default_types())


def changes(*steps: tuple[str, int, str], by: str = "chef") -> Callable[[], object]:
    """Apply status changes to one new signal ``s0`` (reported at T0): (status, day, service)."""

    def run() -> None:
        municipalities, wijken = squares()
        signals, _ = new_signals(
            [one(reported_at=T0, signal_id="s0abcdef99")],
            types=default_types(),
            municipalities=municipalities,
            wijken=wijken,
            now=NOW,
        )
        for status, day, service in steps:
            change = StatusChange(
                "s0abcdef99", status, by=by, at=T0 + pd.Timedelta(days=day), service=service
            )
            signals, _ = apply_change(signals, change, now=NOW)

    return run


def apply_change_with_note(note: str) -> None:
    municipalities, wijken = squares()
    signals, _ = new_signals(
        [one(reported_at=T0, signal_id="s0")],
        types=default_types(),
        municipalities=municipalities,
        wijken=wijken,
        now=NOW,
    )
    apply_change(
        signals, StatusChange("s0", "niet_weerhouden", by="chef", at=NOW, note=note), now=NOW
    )


def picture(kind: str, size: tuple[int, int] = (10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


# (trigger, English fragment, Dutch fragments, French fragments)
CASES: dict[str, tuple[Callable[[], object], str, list[str], list[str]]] = {
    # the signal-type list
    "types_columns": (
        lambda: check_types(default_types().drop(columns="colour")),
        "lack the columns",
        ["mist de kolommen colour", "Nodig: code, label_nl"],
        ["Il manque les colonnes colour", "Colonnes requises : code, label_nl"],
    ),
    "type_code": (
        types_with(code="Met Spatie"),
        "'Met Spatie' is not allowed",
        ["Soortcode 'Met Spatie' is niet toegelaten", "kleine letters"],
        ["« Met Spatie » n'est pas autorisé", "minuscules"],
    ),
    "type_duplicate": (
        lambda: check_types(pd.concat([default_types(), default_types().iloc[:1]])),
        "appears twice",
        ["'defecte_straatverlichting' staat twee keer", "schrap"],
        ["« defecte_straatverlichting » figure deux fois", "supprimez"],
    ),
    "type_label": (
        types_with(label_nl=""),
        "no Dutch label",
        ["'defecte_straatverlichting' heeft geen Nederlandse naam", "Naam (Nederlands)"],
        ["« defecte_straatverlichting » n'a pas de nom néerlandais", "Nom (néerlandais)"],
    ),
    "type_colour": (
        types_with(colour="rood"),
        "colour 'rood' is not allowed; use #rrggbb",
        ["'defecte_straatverlichting': kleur 'rood'", "#rrggbb"],
        ["« defecte_straatverlichting » : la couleur « rood »", "#rrggbb"],
    ),
    "type_overdue": (
        types_with(overdue_days=0),
        "must be a whole number of days ≥ 1",
        ["'defecte_straatverlichting': te laat na '0' dagen", "minstens 1"],
        ["« defecte_straatverlichting » : en retard après « 0 » jours", "au moins 1"],
    ),
    # the responsible-service table
    "services_columns": (
        services(type=["*"], service=["A"]),
        "lacks the columns",
        ["dienstentabel mist de kolommen nis"],
        ["Il manque les colonnes nis au tableau des services"],
    ),
    "service_name": (
        services(type=["*", "sluikstort"], nis=["*", "23002"], service=["A", ""]),
        "row 1 has no service name",
        ["rij 1 (soort 'sluikstort', gemeente '23002')", "geen dienst"],
        ["ligne 1 (type « sluikstort », commune « 23002 »)", "aucun service"],
    ),
    "service_nis": (
        services(type=["*"], nis=["123"], service=["A"]),
        "not a NIS code",
        ["'123' is geen NIS-code", "5 cijfers"],
        ["« 123 » n'est pas un code INS", "5 chiffres"],
    ),
    "service_type": (
        services(type=["vliegende_schotel"], nis=["*"], service=["A"]),
        "'vliegende_schotel' is not a signal type",
        ["'vliegende_schotel' is geen soort signaal", "Kies uit: *, andere"],
        ["« vliegende_schotel » n'est pas un type de signalement", "Choisissez parmi : *, andere"],
    ),
    "service_duplicate": (
        services(type=["*", "*"], nis=["*", ""], service=["A", "B"]),
        "twice",
        ["soort '*' in gemeente '*' twee keer"],
        ["deux fois le type « * » dans la commune « * »"],
    ),
    # a new signal
    "new_type": (
        lambda: record(one(type="onbekend")),
        "not an active signal type",
        ["Signaal 1: 'onbekend' is geen actieve soort", "Kies uit: andere"],
        ["Signalement 1 : « onbekend » n'est pas un type actif", "Choisissez parmi : andere"],
    ),
    "new_location_source": (
        lambda: record(one(), one(location_source="satelliet")),
        "location_source='satelliet'",
        ["Signaal 2: herkomst van de plaats 'satelliet'", "kaart, toestel, adres, import"],
        ["Signalement 2 : origine de l'emplacement « satelliet »", "kaart, toestel"],
    ),
    "new_point_nan": (
        lambda: record(one(x=float("nan"))),
        "not a number",
        ["de plaats (nan, 500) is geen getal", "Klik op de kaart"],
        ["l'emplacement (nan, 500) n'est pas un nombre", "Cliquez sur la carte"],
    ),
    "new_point_text": (
        lambda: record(one(x="abc")),
        r"the point \('abc', 500\) is not a number",
        ["de plaats (abc, 500) is geen getal"],
        ["l'emplacement (abc, 500) n'est pas un nombre"],
    ),
    "new_reporter": (
        lambda: record(one(reported_by=" ")),
        "reported_by is empty",
        ["Signaal 1: de melder ontbreekt"],
        ["Signalement 1 : l'auteur manque"],
    ),
    "new_date": (
        lambda: record(one(reported_at=NOW + pd.Timedelta(days=1))),
        "lies after",
        ["meldingsdatum 02/06/2026 12:00 ligt na nu (01/06/2026 12:00)"],
        ["date du signalement 02/06/2026 12:00 est postérieure à maintenant (01/06/2026 12:00)"],
    ),
    "new_outside": (
        lambda: record(one(x=5000)),
        "outside the workspace's municipalities",
        ["de plaats (5000, 500) ligt buiten de gemeenten", "Klik binnen de zone"],
        ["l'emplacement (5000, 500) se trouve hors des communes", "Cliquez à l'intérieur"],
    ),
    "new_id_twice": (
        lambda: record(one(signal_id="m1"), one(signal_id="m1")),
        "signal_id 'm1' appears twice",
        ["Referentie 'm1' staat twee keer"],
        ["La référence « m1 » figure deux fois"],
    ),
    # text too long
    "too_long_description": (
        lambda: record(one(description="x" * 1001)),
        "description holds at most 1000 characters, got 1001",
        ["De beschrijving is 1001 tekens lang; hoogstens 1000"],
        ["La description compte 1001 caractères ; 1000 au maximum"],
    ),
    "too_long_address": (
        lambda: record(one(address="x" * 201)),
        "address holds at most 200 characters",
        ["Het adres is 201 tekens lang; hoogstens 200"],
        ["L'adresse compte 201 caractères ; 200 au maximum"],
    ),
    "too_long_reporter": (
        lambda: record(one(reported_by="x" * 65)),
        "reported_by holds at most 64 characters",
        ["De naam van de melder is 65 tekens lang"],
        ["Le nom de l'auteur du signalement compte 65 caractères"],
    ),
    "too_long_note": (
        lambda: apply_change_with_note("y" * 501),
        "note holds at most 500 characters",
        ["De notitie is 501 tekens lang; hoogstens 500"],
        ["La note compte 501 caractères ; 500 au maximum"],
    ),
    "too_long_other_field": (
        lambda: clean_text("abcdef", limit=3, name="titel"),
        "titel holds at most 3 characters, got 6",
        ["Het veld titel is 6 tekens lang; hoogstens 3"],
        ["Le champ titel compte 6 caractères ; 3 au maximum"],
    ),
    # the status workflow
    "transition_nieuw": (
        lambda: check_transition("nieuw", "opgelost"),
        "from status 'nieuw' to 'opgelost'",
        ["Een nieuw signaal kan enkel naar 'doorgegeven' of 'niet weerhouden'"],
        ["Un nouveau signalement ne peut passer qu'à « transmis » ou « non retenu »"],
    ),
    "transition_closed": (
        lambda: check_transition("opgelost", "in_behandeling"),
        "from status 'opgelost' to 'in_behandeling'",
        ["Een opgelost signaal is afgesloten", "heropend"],
        ["Un signalement résolu est clôturé", "rouvert"],
    ),
    "change_no_service": (
        changes(("doorgegeven", 1, "")),
        "needs a service",
        ["Signaal s0abcdef: doorgeven kan enkel aan een dienst"],
        ["Signalement s0abcdef : une transmission exige un service"],
    ),
    "change_same_service": (
        changes(("doorgegeven", 1, "Milieudienst"), ("doorgegeven", 2, "Milieudienst")),
        "re-route needs another service",
        ["Signaal s0abcdef is al doorgegeven aan Milieudienst", "andere dienst"],
        ["Le signalement s0abcdef a déjà été transmis à Milieudienst", "autre service"],
    ),
    "change_before_last": (
        changes(("doorgegeven", 5, "A"), ("in_behandeling", 2, "")),
        "before its last change",
        ["de datum 03/03/2026 09:00 ligt vóór de vorige wijziging (06/03/2026 09:00)"],
        ["la date 03/03/2026 09:00 précède la modification précédente (06/03/2026 09:00)"],
    ),
    "change_future": (
        changes(("niet_weerhouden", 400, "")),
        "after now",
        ["gedateerd op 05/04/2027 09:00, na nu (01/06/2026 12:00)"],
        ["datée du 05/04/2027 09:00, après maintenant (01/06/2026 12:00)"],
    ),
    "change_by": (
        changes(("niet_weerhouden", 1, ""), by=" "),
        "needs the name of who records it",
        ["Een statuswijziging heeft de naam nodig"],
        ["Une modification de statut exige le nom"],
    ),
    # photos
    "photo_empty": (
        lambda: clean_photo(b"", "x.jpg"),
        "the photo is empty",
        ["De foto is leeg"],
        ["La photo est vide"],
    ),
    "photo_too_large": (
        lambda: clean_photo(b"x" * 2_600_000, "x.jpg", max_bytes=1_000_000),
        "the photo is 2.6 MB; at most 1 MB is allowed",
        ["De foto is 2,6 MB; hoogstens 1 MB", "kleinere foto"],
        ["La photo fait 2,6 Mo ; 1 Mo au maximum", "plus petite"],
    ),
    "photo_type": (
        lambda: clean_photo(picture("GIF"), "foto.jpg"),
        "allowed: JPEG, PNG",
        ["De foto is een GIF-bestand", "Enkel JPEG en PNG"],
        ["La photo est un fichier GIF", "Seuls JPEG et PNG"],
    ),
    "photo_unreadable": (
        lambda: clean_photo(b"<?php system($_GET['c']); ?>", "x.jpg"),
        "cannot be read",
        ["kan niet gelezen worden als JPEG of PNG", "ander bestand"],
        ["ne peut pas être lue comme JPEG ou PNG", "autre fichier"],
    ),
}


def assert_speaks(error: WijkradarError, dutch: list[str], french: list[str]) -> None:
    assert error.key is not None and error.key in MESSAGES, error.key
    nl, fr = error_message(error, "nl"), error_message(error, "fr")
    for fragment in dutch:
        assert fragment in nl, (fragment, nl)
    for fragment in french:
        assert fragment in fr, (fragment, fr)
    assert nl != fr and nl != str(error)


@pytest.mark.parametrize("case", sorted(CASES))
def test_user_errors_keep_english_and_speak_dutch_and_french(case: str) -> None:
    trigger, english, dutch, french = CASES[case]
    with pytest.raises(ValidationError, match=english) as caught:
        trigger()
    assert_speaks(caught.value, dutch, french)


def test_a_picture_with_too_many_pixels_is_refused_in_both_languages(monkeypatch) -> None:
    monkeypatch.setattr("gis.photos.MAX_PIXELS", 50)
    with pytest.raises(ValidationError, match="10×10 pixels; at most 0 megapixels") as caught:
        clean_photo(picture("PNG"), "x.png")
    assert_speaks(caught.value, ["De foto heeft 10×10 pixels"], ["La photo compte 10×10 pixels"])


@pytest.mark.parametrize("current", STATUSES)
def test_every_refused_transition_names_the_allowed_statuses_as_words(current: str) -> None:
    target = next(s for s in (*STATUSES, "bogus") if s not in TRANSITIONS[current])
    with pytest.raises(ValidationError, match=f"from status '{current}' to '{target}'") as caught:
        check_transition(current, target)
    for lang in ("nl", "fr"):
        text = error_message(caught.value, lang)
        for allowed in TRANSITIONS[current]:
            assert message(f"signal.status.{allowed}", lang) in text, (lang, allowed, text)


# -- through the store ----------------------------------------------------------------------


def inside(workspace: GeoPackageWorkspace, nis: str) -> tuple[float, float]:
    municipalities = workspace.areas("municipalities")
    point = municipalities[municipalities["nis"] == nis].geometry.iloc[0].representative_point()
    return point.x, point.y


def test_store_errors_speak_dutch_and_french(workspace: GeoPackageWorkspace) -> None:
    store = SignalStore(workspace)
    signal = NewSignal("hangplek", *inside(workspace, "23002"), "jan", signal_id="h1")
    store.record([signal], now=NOW)
    with pytest.raises(ValidationError, match="signal_id 'h1' is already stored") as caught:
        store.record([signal], now=NOW)
    assert_speaks(caught.value, ["Referentie 'h1' is al bewaard"], ["« h1 » est déjà enregistrée"])
    types = store.types()
    with pytest.raises(ValidationError, match="'hangplek' is used") as caught:
        store.put_types(types[types["code"] != "hangplek"])
    assert_speaks(
        caught.value,
        ["Soort 'hangplek' wordt nog gebruikt", "niet-actief"],
        ["Le type « hangplek » est encore utilisé", "Désactivez-le"],
    )
    with pytest.raises(ValidationError, match="from status 'nieuw' to 'opgelost'") as caught:
        store.change_status([StatusChange("h1", "opgelost", by="chef", at=NOW)], now=NOW)
    assert_speaks(caught.value, ["Een nieuw signaal"], ["Un nouveau signalement"])


# -- end to end -------------------------------------------------------------------------------


def test_signals_cli_shows_a_bad_service_table_in_french(
    workspace: GeoPackageWorkspace, write_csv
) -> None:
    bad = write_csv([["type", "nis", "service"], ["*", "123", "Milieudienst"]], name="s.csv")
    command = ["signals", "services", "-w", str(workspace.path), str(bad)]
    french = CliRunner().invoke(app, [*command, "--lang", "fr"])
    assert french.exit_code == 2, french.output
    text = " ".join(french.output.split())
    assert "erreur : Tableau des services : « 123 » n'est pas un code INS" in text
    assert "fout" not in text and "NIS-code" not in text and "not a NIS code" not in text
    dutch = CliRunner().invoke(app, command)
    assert dutch.exit_code == 2
    assert "fout: Dienstentabel: '123' is geen NIS-code" in " ".join(dutch.output.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signal-errors") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=5, years=1.0)
    return path


def test_signals_page_refuses_a_point_outside_the_zone_in_french(demo: Path, monkeypatch) -> None:
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(demo))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "chef")
    before = len(SignalStore(GeoPackageWorkspace(demo)).signals())
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["signal_point"] = {"lat": 51.2093, "lon": 3.2247, "source": "kaart"}  # Brugge
    # French from the start: AppTest formats the page's radios outside a script run, where
    # the sidebar choice is not visible, so the language is fixed for the whole test
    monkeypatch.setattr("wijkradar.ui.current_language", lambda: "fr")
    at.session_state["language"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert at.button(key="signal_save").label == "Enregistrer le signalement"
    at.button(key="signal_save").click().run()
    assert not at.exception, at.exception
    (error,) = [e.value for e in at.error]
    assert "se trouve hors des communes de cet espace de travail" in error
    assert "Cliquez à l'intérieur de la zone" in error
    assert "outside" not in error and "buiten" not in error
    assert len(SignalStore(GeoPackageWorkspace(demo)).signals()) == before
