"""The message catalogue: every user-facing sentence, in nl-BE (default) and fr-BE."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from gis.errors import ValidationError
from gis.i18n_categories import CATEGORY_MESSAGES
from gis.i18n_cli import CLI_MESSAGES
from gis.i18n_partners import PARTNER_MESSAGES
from gis.i18n_planning import PLANNING_MESSAGES
from gis.i18n_reports import REPORT_MESSAGES
from gis.i18n_tables import TABLE_MESSAGES

LANGUAGES: tuple[str, ...] = ("nl", "fr")

MESSAGES: dict[str, dict[str, str]] = {
    # forecast backtest (gis/backtest.py, wijkradar/cli_backtest.py)
    "backtest.done": {
        "nl": "Backtest: {folds} periodes van {horizon} dagen vanaf {start}, {cells} cellen van {cell} m, gemiddeld {events} feiten per periode.",
        "fr": "Backtest : {folds} périodes de {horizon} jours à partir du {start}, {cells} cellules de {cell} m, en moyenne {events} faits par période.",
    },
    "backtest.shift_block": {
        "nl": "Shiftblok {block} ({hours} uur per week): elke periode telt enkel de feiten in dat blok; ook de basislijnen tellen enkel de vroegere feiten in dat blok.",
        "fr": "Bloc horaire {block} ({hours} heures par semaine) : chaque période ne compte que les faits de ce bloc ; les références aussi ne comptent que les faits passés de ce bloc.",
    },
    "backtest.bad_shift_block": {
        "nl": '{option}={value!r} is geen shiftblok. Schrijf [dagen] UU:MM-UU:MM, bv. "ma-vr 08:00-16:00" of "22:00-06:00" (elke dag); dagen: ma di wo do vr za zo, een lijst za,zo of een reeks ma-vr.',
        "fr": '{option}={value!r} n\'est pas un bloc horaire. Écrivez [jours] HH:MM-HH:MM, p. ex. "lun-ven 08:00-16:00" ou "22:00-06:00" (tous les jours) ; jours : lun mar mer jeu ven sam dim (ou lundi … dimanche), une liste sam,dim ou une plage lun-ven.',
    },
    "forecast.choice.better": {
        "nl": "De voorspelling ({method}) doet het {gain} beter dan de beste basislijn ({baseline}): de kaart toont de voorspelling.",
        "fr": "La prévision ({method}) fait {gain} mieux que la meilleure référence ({baseline}) : la carte montre la prévision.",
    },
    "forecast.choice.not_better": {
        "nl": "De voorspelling ({method}) is niet duidelijk beter dan de beste basislijn ({baseline}; {gain}): de kaart toont {baseline}.",
        "fr": "La prévision ({method}) n'est pas nettement meilleure que la meilleure référence ({baseline} ; {gain}) : la carte montre {baseline}.",
    },
    "forecast.choice.low_counts": {
        "nl": "Te weinig feiten ({events} per periode) om de voorspelling te vertrouwen: de kaart toont {baseline}.",
        "fr": "Trop peu de faits ({events} par période) pour se fier à la prévision : la carte montre {baseline}.",
    },
    "forecast.choice.no_evidence": {
        "nl": "Te weinig geschiedenis om de voorspelling te toetsen: de kaart toont {baseline}.",
        "fr": "Historique trop court pour tester la prévision : la carte montre {baseline}.",
    },
    # app
    "ui.title": {
        "nl": "wijkradar — hotspots voor de wijkdienst",
        "fr": "wijkradar — points chauds pour le service de quartier",
    },
    "ui.synthetic": {
        "nl": "SYNTHETISCHE DEMODATA — geen echte incidenten, enkel om het programma te tonen.",
        "fr": "DONNÉES DE DÉMONSTRATION SYNTHÉTIQUES — pas d'incidents réels.",
    },
    "ui.language": {"nl": "Taal", "fr": "Langue"},
    "ui.zone": {"nl": "Politiezone", "fr": "Zone de police"},
    "ui.municipality": {"nl": "Gemeente", "fr": "Commune"},
    "ui.wijk": {"nl": "Wijk", "fr": "Quartier"},
    "ui.all": {"nl": "(alle)", "fr": "(toutes)"},
    "ui.period": {"nl": "Periode", "fr": "Période"},
    "ui.period_4w": {"nl": "Laatste 4 weken", "fr": "4 dernières semaines"},
    "ui.period_13w": {"nl": "Laatste 13 weken", "fr": "13 dernières semaines"},
    "ui.period_12m": {"nl": "Laatste 12 maanden", "fr": "12 derniers mois"},
    "ui.period_this_year": {"nl": "Dit jaar", "fr": "Cette année"},
    "ui.period_last_year": {"nl": "Vorig jaar", "fr": "L'année passée"},
    "ui.period_all": {"nl": "Alles", "fr": "Tout"},
    "ui.period_custom": {"nl": "Zelf kiezen…", "fr": "Au choix…"},
    "ui.period_dates": {"nl": "Van – tot", "fr": "Du – au"},
    "ui.period_shown": {"nl": "{start} – {end}", "fr": "{start} – {end}"},
    "ui.categories": {"nl": "Categorieën", "fr": "Catégories"},
    "ui.cell_size": {"nl": "Celgrootte (m)", "fr": "Taille de cellule (m)"},
    "ui.filters": {"nl": "Selectie", "fr": "Sélection"},
    "ui.incidents": {"nl": "Incidenten", "fr": "Incidents"},
    "ui.incidents_in_selection": {"nl": "Incidenten in selectie", "fr": "Incidents sélectionnés"},
    "ui.to_geocode": {"nl": "Nog te geocoderen", "fr": "À géocoder"},
    "ui.outside_zone": {"nl": "Buiten de zone", "fr": "Hors zone"},
    "ui.top_cell_share": {"nl": "Aandeel top-{n} cellen", "fr": "Part des {n} cellules en tête"},
    "ui.layer_wijken": {"nl": "Wijken", "fr": "Quartiers"},
    "ui.layer_hotspots": {"nl": "Hotspots (rastertelling)", "fr": "Points chauds (grille)"},
    "ui.legend_title": {
        "nl": "Incidenten per cel van {size} m",
        "fr": "Incidents par cellule de {size} m",
    },
    "ui.basemap": {"nl": "Achtergrondkaart", "fr": "Fond de carte"},
    "ui.basemap_none": {"nl": "geen (offline)", "fr": "aucun (hors ligne)"},
    "ui.basemap_grb": {
        "nl": "GRB grijs (Digitaal Vlaanderen)",
        "fr": "GRB gris (Digitaal Vlaanderen)",
    },
    "ui.basemap_ortho": {
        "nl": "Orthofoto (Digitaal Vlaanderen)",
        "fr": "Orthophoto (Digitaal Vlaanderen)",
    },
    "ui.basemap_ngi": {"nl": "Topokaart NGI", "fr": "Carte topo IGN"},
    "ui.basemap_custom": {"nl": "eigen tegelserver", "fr": "serveur de tuiles propre"},
    "ui.basemap_fallback": {
        "nl": "Achtergrondkaart niet bereikbaar — kaart zonder achtergrond.",
        "fr": "Fond de carte injoignable — carte sans fond.",
    },
    "ui.legend_top": {"nl": "top {share} van de cellen", "fr": "{share} des cellules en tête"},
    "ui.legend_rest": {"nl": "overige cellen", "fr": "autres cellules"},
    "ui.legend_wijk": {"nl": "wijkgrens", "fr": "limite de quartier"},
    "ui.name": {"nl": "Naam", "fr": "Nom"},
    "ui.code": {"nl": "Code", "fr": "Code"},
    "ui.cell": {"nl": "Cel", "fr": "Cellule"},
    "ui.count": {"nl": "Aantal", "fr": "Nombre"},
    "ui.rank": {"nl": "Rang", "fr": "Rang"},
    "ui.share": {"nl": "Aandeel", "fr": "Part"},
    "ui.category": {"nl": "Categorie", "fr": "Catégorie"},
    "ui.top_cells": {"nl": "Top-cellen in de selectie", "fr": "Cellules en tête de la sélection"},
    "ui.no_incidents": {
        "nl": "Geen incidenten in deze selectie. Verruim de periode of de categorieën, of importeer gegevens met `wijkradar import`.",
        "fr": "Aucun incident dans cette sélection. Élargissez la période ou les catégories, ou importez des données avec `wijkradar import`.",
    },
    "ui.no_workspace": {
        "nl": "Werkruimte {path} bestaat niet. Maak ze aan met `make run` (demo) of `wijkradar import BESTAND --workspace {path} --zone ipz31`.",
        "fr": "L'espace de travail {path} n'existe pas. Créez-le avec `make run` (démo) ou `wijkradar import FICHIER --workspace {path} --zone ipz31`.",
    },
    "ui.per_category": {"nl": "Per categorie", "fr": "Par catégorie"},
    "ui.loading": {"nl": "Gegevens laden…", "fr": "Chargement des données…"},
    "ui.attribution": {"nl": "Gebiedsindeling", "fr": "Découpage territorial"},
    # signals from the wijk (gis.signals, gis.signal_report, layers.signals, pages/5_Signalen.py)
    "signal.status.nieuw": {"nl": "nieuw", "fr": "nouveau"},
    "signal.status.doorgegeven": {"nl": "doorgegeven", "fr": "transmis"},
    "signal.status.in_behandeling": {"nl": "in behandeling", "fr": "en traitement"},
    "signal.status.opgelost": {"nl": "opgelost", "fr": "résolu"},
    "signal.status.niet_weerhouden": {"nl": "niet weerhouden", "fr": "non retenu"},
    "signal.yes": {"nl": "ja", "fr": "oui"},
    "signal.no": {"nl": "nee", "fr": "non"},
    "signal.col.nr": {"nl": "Nr", "fr": "N°"},
    "signal.col.kind": {"nl": "Soort melding", "fr": "Type d'envoi"},
    "signal.col.signal_id": {"nl": "Referentie", "fr": "Référence"},
    "signal.col.type": {"nl": "Soort", "fr": "Type"},
    "signal.col.status": {"nl": "Status", "fr": "Statut"},
    "signal.col.reported_at": {"nl": "Gemeld op", "fr": "Signalé le"},
    "signal.col.days_open": {"nl": "Dagen open", "fr": "Jours ouverts"},
    "signal.col.overdue": {"nl": "Te laat", "fr": "En retard"},
    "signal.col.address": {"nl": "Adres", "fr": "Adresse"},
    "signal.col.municipality": {"nl": "Gemeente", "fr": "Commune"},
    "signal.col.wijk": {"nl": "Wijk", "fr": "Quartier"},
    "signal.col.x": {"nl": "X (Lambert 72)", "fr": "X (Lambert 72)"},
    "signal.col.y": {"nl": "Y (Lambert 72)", "fr": "Y (Lambert 72)"},
    "signal.col.lat": {"nl": "Breedte (WGS84)", "fr": "Latitude (WGS84)"},
    "signal.col.lon": {"nl": "Lengte (WGS84)", "fr": "Longitude (WGS84)"},
    "signal.col.description": {"nl": "Beschrijving", "fr": "Description"},
    "signal.col.photos": {"nl": "Foto's", "fr": "Photos"},
    "signal.col.map": {"nl": "Kaartuittreksel", "fr": "Extrait de carte"},
    "signal.col.service": {"nl": "Dienst", "fr": "Service"},
    "signal.col.handed_over_at": {"nl": "Doorgegeven op", "fr": "Transmis le"},
    "signal.col.status_at": {"nl": "Status sinds", "fr": "Statut depuis"},
    "signal.col.near_hotspot": {"nl": "Bij hotspot", "fr": "Près d'un point chaud"},
    "signal.col.shareable": {"nl": "Deelbaar", "fr": "Partageable"},
    "signal.report.title": {"nl": "Signalen voor {service}", "fr": "Signalements pour {service}"},
    "signal.report.subtitle": {
        "nl": "Van: {sender} · opgemaakt op {date} · {count} signalen",
        "fr": "De : {sender} · établi le {date} · {count} signalements",
    },
    "signal.report.intro": {
        "nl": "De wijkdienst stelde deze punten vast op het openbaar domein. Laat ons weten wanneer een signaal in behandeling is of opgelost, met zijn referentie.",
        "fr": "Le service de quartier a constaté ces points sur le domaine public. Faites-nous savoir quand un signalement est en traitement ou résolu, avec sa référence.",
    },
    "signal.report.kind_new": {"nl": "nieuw", "fr": "nouveau"},
    "signal.report.kind_reminder": {"nl": "herinnering", "fr": "rappel"},
    "signal.report.overview_map": {"nl": "Overzichtskaart", "fr": "Carte d'ensemble"},
    "signal.report.map_ref": {"nl": "PDF, signaal {nr}", "fr": "PDF, signalement {nr}"},
    "signal.report.map_caption": {
        "nl": "Kaartuittreksel rond ({x:.0f}, {y:.0f}) Lambert 72 — zonder achtergrondkaart; lijnen: wijk- en gemeentegrenzen; grijze punten: adressen.",
        "fr": "Extrait de carte autour de ({x:.0f}, {y:.0f}) Lambert 72 — sans fond de carte ; lignes : limites de quartiers et communes ; points gris : adresses.",
    },
    "signal.report.no_photo": {"nl": "geen foto", "fr": "pas de photo"},
    "signal.report.footer": {
        "nl": "wijkradar — overdracht {handover}",
        "fr": "wijkradar — transmission {handover}",
    },
    "signal.report.page": {"nl": "blz. {page}", "fr": "p. {page}"},
    "signal.report.synthetic": {
        "nl": "SYNTHETISCHE DEMODATA — geen echte signalen, enkel om het programma te tonen.",
        "fr": "DONNÉES DE DÉMONSTRATION SYNTHÉTIQUES — pas de signalements réels.",
    },
    "signal.layer": {"nl": "Signalen", "fr": "Signalements"},
    "signal.layer_overdue": {"nl": "te laat", "fr": "en retard"},
    "signal.layer_near_hotspot": {
        "nl": "binnen {distance} m van een top-hotspot",
        "fr": "à moins de {distance} m d'un point chaud",
    },
    "signal.legend_title": {"nl": "Signalen", "fr": "Signalements"},
    "signal.legend_overdue": {"nl": "rode rand: te laat", "fr": "bord rouge : en retard"},
    "signal.legend_hotspot": {
        "nl": "dikke zwarte rand: bij een top-hotspot",
        "fr": "bord noir épais : près d'un point chaud",
    },
    "signal.show_on_map": {"nl": "Toon signalen op de kaart", "fr": "Afficher les signalements"},
    "signal.page.title": {"nl": "Signalen uit de wijk", "fr": "Signalements du quartier"},
    "signal.page.intro": {
        "nl": "Defecten op het openbaar domein en bronnen van onveiligheid: melden, doorgeven aan de bevoegde dienst en opvolgen.",
        "fr": "Défauts du domaine public et sources d'insécurité : signaler, transmettre au service compétent et suivre.",
    },
    "signal.tab.record": {"nl": "Melden", "fr": "Signaler"},
    "signal.tab.follow": {"nl": "Opvolgen", "fr": "Suivre"},
    "signal.tab.handover": {"nl": "Doorgeven", "fr": "Transmettre"},
    "signal.tab.settings": {"nl": "Soorten en diensten", "fr": "Types et services"},
    "signal.user": {"nl": "Uw naam", "fr": "Votre nom"},
    "signal.role": {"nl": "Rol", "fr": "Rôle"},
    "signal.field.type": {"nl": "Soort", "fr": "Type"},
    "signal.field.description": {"nl": "Korte beschrijving", "fr": "Brève description"},
    "signal.field.photo": {
        "nl": "Foto (JPEG of PNG, max. 5 MB)",
        "fr": "Photo (JPEG ou PNG, max. 5 Mo)",
    },
    "signal.field.place": {"nl": "Plaats", "fr": "Lieu"},
    "signal.place.map": {"nl": "Klik op de kaart", "fr": "Cliquer sur la carte"},
    "signal.place.device": {"nl": "Mijn positie", "fr": "Ma position"},
    "signal.place.address": {"nl": "Adres", "fr": "Adresse"},
    "signal.place.device_button": {"nl": "Neem mijn positie", "fr": "Prendre ma position"},
    "signal.place.device_hint": {
        "nl": "Uw toestel vraagt toestemming. Werkt enkel via https of op dezelfde computer (localhost).",
        "fr": "Votre appareil demande l'autorisation. Fonctionne uniquement via https ou sur le même ordinateur (localhost).",
    },
    "signal.place.device_failed": {
        "nl": "Geen positie ontvangen ({error}). Klik op de kaart of geef een adres.",
        "fr": "Pas de position reçue ({error}). Cliquez sur la carte ou donnez une adresse.",
    },
    "signal.place.device_accuracy": {
        "nl": "Positie op ± {accuracy:.0f} m",
        "fr": "Position à ± {accuracy:.0f} m",
    },
    "signal.place.address_input": {
        "nl": "Straat en huisnummer, gemeente",
        "fr": "Rue et numéro, commune",
    },
    "signal.place.address_search": {"nl": "Zoek adres", "fr": "Chercher l'adresse"},
    "signal.place.no_gazetteer": {
        "nl": "Deze werkruimte heeft nog geen adressenbestand: klik op de kaart. (Laden: `wijkradar gazetteer import BESTAND --workspace WS`.)",
        "fr": "Cet espace de travail n'a pas de fichier d'adresses : cliquez sur la carte. (Charger : `wijkradar gazetteer import FICHIER --workspace WS`.)",
    },
    "signal.place.address_found": {
        "nl": "Gevonden: {address} ({level}, score {score:.0f})",
        "fr": "Trouvé : {address} ({level}, score {score:.0f})",
    },
    "signal.place.address_not_found": {
        "nl": "Adres niet gevonden ({status}); klik op de kaart.",
        "fr": "Adresse introuvable ({status}) ; cliquez sur la carte.",
    },
    "signal.place.chosen": {
        "nl": "Gekozen punt: {x:.0f}, {y:.0f} (Lambert 72)",
        "fr": "Point choisi : {x:.0f}, {y:.0f} (Lambert 72)",
    },
    "signal.place.none": {
        "nl": "Nog geen plaats: klik op de kaart, neem uw positie of zoek een adres.",
        "fr": "Pas encore de lieu : cliquez sur la carte, prenez votre position ou cherchez une adresse.",
    },
    "signal.save": {"nl": "Signaal bewaren", "fr": "Enregistrer le signalement"},
    "signal.saved": {
        "nl": "Signaal bewaard in wijk {wijk} (referentie {ref}).",
        "fr": "Signalement enregistré dans le quartier {wijk} (référence {ref}).",
    },
    "signal.filter.status": {"nl": "Status", "fr": "Statut"},
    "signal.filter.type": {"nl": "Soort", "fr": "Type"},
    "signal.filter.overdue": {"nl": "Enkel te laat", "fr": "En retard uniquement"},
    "signal.filter.near_hotspot": {
        "nl": "Enkel bij een hotspot",
        "fr": "Près d'un point chaud uniquement",
    },
    "signal.count": {
        "nl": "{count} signalen · {open} open · {late} te laat",
        "fr": "{count} signalements · {open} ouverts · {late} en retard",
    },
    "signal.none": {
        "nl": "Geen signalen in deze selectie.",
        "fr": "Aucun signalement dans cette sélection.",
    },
    "signal.choose": {"nl": "Kies een signaal", "fr": "Choisir un signalement"},
    "signal.change.title": {"nl": "Status wijzigen", "fr": "Modifier le statut"},
    "signal.change.to": {"nl": "Nieuwe status", "fr": "Nouveau statut"},
    "signal.change.service": {"nl": "Dienst", "fr": "Service"},
    "signal.change.date": {"nl": "Datum", "fr": "Date"},
    "signal.change.note": {"nl": "Notitie (kort)", "fr": "Note (brève)"},
    "signal.change.save": {"nl": "Status bewaren", "fr": "Enregistrer le statut"},
    "signal.change.saved": {
        "nl": "Status is nu: {status}.",
        "fr": "Le statut est maintenant : {status}.",
    },
    "signal.change.final": {
        "nl": "Dit signaal is afgesloten; heropenen zet het terug op 'nieuw'.",
        "fr": "Ce signalement est clôturé ; le rouvrir le remet à « nouveau ».",
    },
    "signal.history": {"nl": "Verloop", "fr": "Historique"},
    "signal.history.from": {"nl": "Van", "fr": "De"},
    "signal.history.to": {"nl": "Naar", "fr": "Vers"},
    "signal.history.by": {"nl": "Door", "fr": "Par"},
    "signal.history.at": {"nl": "Wanneer", "fr": "Quand"},
    "signal.history.note": {"nl": "Notitie", "fr": "Note"},
    "signal.review": {
        "nl": "Tekst en foto's nagekeken: deelbaar met partners",
        "fr": "Texte et photos vérifiés : partageables avec les partenaires",
    },
    "signal.review.saved": {"nl": "Deelbaarheid bewaard.", "fr": "Partage enregistré."},
    "signal.add_photo": {"nl": "Foto toevoegen", "fr": "Ajouter une photo"},
    "signal.photo_saved": {
        "nl": "Foto bewaard (zonder metadata).",
        "fr": "Photo enregistrée (sans métadonnées).",
    },
    "signal.handover.service": {"nl": "Dienst", "fr": "Service"},
    "signal.handover.none": {
        "nl": "Geen nieuwe of openstaande signalen voor deze dienst.",
        "fr": "Aucun signalement nouveau ou ouvert pour ce service.",
    },
    "signal.handover.reminders": {
        "nl": "Ook herinneringen (al doorgegeven, nog open)",
        "fr": "Aussi les rappels (déjà transmis, encore ouverts)",
    },
    "signal.handover.mark": {
        "nl": "Nieuwe signalen op 'doorgegeven' zetten",
        "fr": "Passer les nouveaux signalements à « transmis »",
    },
    "signal.handover.sender": {
        "nl": "Afzender (op het document)",
        "fr": "Expéditeur (sur le document)",
    },
    "signal.handover.make": {
        "nl": "Lijst opmaken (PDF + CSV)",
        "fr": "Établir la liste (PDF + CSV)",
    },
    "signal.handover.made": {
        "nl": "Lijst voor {service} opgemaakt: {count} signalen, {marked} op 'doorgegeven' gezet. Voeg de bestanden als bijlage toe aan uw e-mail.",
        "fr": "Liste pour {service} établie : {count} signalements, {marked} passés à « transmis ». Joignez les fichiers à votre e-mail.",
    },
    "signal.handover.download_pdf": {"nl": "Download PDF", "fr": "Télécharger le PDF"},
    "signal.handover.download_csv": {"nl": "Download CSV", "fr": "Télécharger le CSV"},
    "signal.handover.record": {
        "nl": "Wat werd wanneer doorgegeven",
        "fr": "Quoi a été transmis quand",
    },
    "signal.handover.count": {"nl": "Aantal", "fr": "Nombre"},
    "signal.handover.created_at": {"nl": "Wanneer", "fr": "Quand"},
    "signal.handover.created_by": {"nl": "Door", "fr": "Par"},
    "signal.handover.files": {"nl": "Bestanden", "fr": "Fichiers"},
    "signal.handover.unassigned": {
        "nl": "{count} signalen hebben nog geen bevoegde dienst: vul de tabel met diensten aan.",
        "fr": "{count} signalements n'ont pas encore de service compétent : complétez la table des services.",
    },
    "signal.settings.types": {"nl": "Soorten signalen", "fr": "Types de signalements"},
    "signal.settings.services": {
        "nl": "Bevoegde dienst per soort en gemeente (* = alle)",
        "fr": "Service compétent par type et commune (* = tous)",
    },
    "signal.settings.services_csv": {
        "nl": "Diensten inlezen uit CSV (kolommen type;nis;service;contact)",
        "fr": "Importer les services d'un CSV (colonnes type;nis;service;contact)",
    },
    "signal.settings.save": {"nl": "Bewaren", "fr": "Enregistrer"},
    "signal.settings.saved": {"nl": "Bewaard.", "fr": "Enregistré."},
    "signal.chef_only": {
        "nl": "Enkel een chef kan dit wijzigen.",
        "fr": "Seul un chef peut modifier ceci.",
    },
    "signal.partner_view": {
        "nl": "Partnerweergave: signalen van uw gemeente, zonder namen; tekst enkel waar de chef ze deelbaar maakte.",
        "fr": "Vue partenaire : signalements de votre commune, sans noms ; texte seulement là où le chef l'a rendu partageable.",
    },
    "signal.import.summary": {
        "nl": "gelezen {read} · bewaard {stored} · geweigerd {rejected} · dubbels {duplicates}",
        "fr": "lus {read} · enregistrés {stored} · refusés {rejected} · doublons {duplicates}",
    },
    "ui.method": {"nl": "Hotspotmethode", "fr": "Méthode des points chauds"},
    "ui.method_count": {"nl": "Telling per cel", "fr": "Comptage par cellule"},
    "ui.method_forecast": {"nl": "Voorspelling volgende week", "fr": "Prévision semaine prochaine"},
    "ui.layer_forecast": {
        "nl": "Voorspelling (verwacht aantal per cel)",
        "fr": "Prévision (nombre attendu par cellule)",
    },
    "ui.forecast_computing": {
        "nl": "Voorspelling berekenen en toetsen op de eigen geschiedenis…",
        "fr": "Calcul de la prévision et test sur l'historique propre…",
    },
    "ui.forecast_title": {
        "nl": "Voorspelling vanaf {start}",
        "fr": "Prévision à partir du {start}",
    },
    "ui.forecast_evidence": {
        "nl": "Toets op de voorbije weken van deze selectie (PAI = trefkans / oppervlakte-aandeel; hoger is beter).",
        "fr": "Test sur les semaines passées de cette sélection (PAI = taux de succès / part de surface ; plus haut = mieux).",
    },
    "ui.computing": {"nl": "Berekenen…", "fr": "Calcul…"},
    "ui.when": {"nl": "Wanneer: uur × weekdag", "fr": "Quand : heure × jour"},
    "ui.when_for": {"nl": "Voor", "fr": "Pour"},
    "ui.when_all": {"nl": "de hele selectie", "fr": "toute la sélection"},
    "ui.when_cell": {"nl": "hotspotcel {rank} ({wijk})", "fr": "cellule chaude {rank} ({wijk})"},
    "ui.when_help": {
        "nl": "Incidenten met een tijdspanne (tussen … en …) zijn verdeeld over hun mogelijke uren (aoristische methode).",
        "fr": "Les incidents avec une plage horaire (entre … et …) sont répartis sur leurs heures possibles (méthode aoristique).",
    },
    "ui.day_0": {"nl": "ma", "fr": "lun"},
    "ui.day_1": {"nl": "di", "fr": "mar"},
    "ui.day_2": {"nl": "wo", "fr": "mer"},
    "ui.day_3": {"nl": "do", "fr": "jeu"},
    "ui.day_4": {"nl": "vr", "fr": "ven"},
    "ui.day_5": {"nl": "za", "fr": "sam"},
    "ui.day_6": {"nl": "zo", "fr": "dim"},
    "ui.dayname_0": {"nl": "maandag", "fr": "lundi"},
    "ui.dayname_1": {"nl": "dinsdag", "fr": "mardi"},
    "ui.dayname_2": {"nl": "woensdag", "fr": "mercredi"},
    "ui.dayname_3": {"nl": "donderdag", "fr": "jeudi"},
    "ui.dayname_4": {"nl": "vrijdag", "fr": "vendredi"},
    "ui.dayname_5": {"nl": "zaterdag", "fr": "samedi"},
    "ui.dayname_6": {"nl": "zondag", "fr": "dimanche"},
    "help.title": {"nl": "Hulp", "fr": "Aide"},
    # import page
    "import.title": {"nl": "Incidenten importeren", "fr": "Importer des incidents"},
    "import.help": {
        "nl": "CSV (; , of tab; UTF-8 of Windows-1252) of XLSX uit ISLP of een andere bron. Kolommen zoals PV-nummer, Feit, Datum, Einde, X, Y, Straat, Huisnummer, Bus, Postcode, Gemeente, Omschrijving worden herkend. Elke rij wordt bewaard of staat in het weigeringsrapport.",
        "fr": "CSV (; , ou tabulation ; UTF-8 ou Windows-1252) ou XLSX d'ISLP ou d'une autre source. Les colonnes usuelles (n° PV, fait, date, fin, X, Y, rue, numéro, boîte, code postal, commune, description) sont reconnues. Chaque ligne est enregistrée ou figure dans le rapport de refus.",
    },
    "import.file": {"nl": "Bestand", "fr": "Fichier"},
    "import.crs": {"nl": "Coördinatenstelsel van X/Y", "fr": "Système de coordonnées de X/Y"},
    "import.crs_detect": {"nl": "automatisch herkennen", "fr": "détection automatique"},
    "import.source": {"nl": "Bron van rijen zonder bron", "fr": "Source des lignes sans source"},
    "import.empty": {
        "nl": "Kies een bestand om te beginnen. Nog geen eigen gegevens? De demowerkruimte bevat synthetische incidenten.",
        "fr": "Choisissez un fichier pour commencer. Pas encore de données ? L'espace de démonstration contient des incidents synthétiques.",
    },
    "import.too_large": {
        "nl": "Het bestand is groter dan {mb} MB. Splits het of gebruik `wijkradar import` op de server.",
        "fr": "Le fichier dépasse {mb} Mo. Scindez-le ou utilisez `wijkradar import` sur le serveur.",
    },
    "import.run": {"nl": "Importeren", "fr": "Importer"},
    "import.progress_read": {"nl": "Bestand lezen…", "fr": "Lecture du fichier…"},
    "import.progress_validate": {
        "nl": "Rijen controleren en toewijzen aan wijken…",
        "fr": "Contrôle des lignes et attribution aux quartiers…",
    },
    "import.progress_store": {"nl": "Opslaan in de werkruimte…", "fr": "Enregistrement…"},
    "import.progress_done": {"nl": "Klaar", "fr": "Terminé"},
    "import.failed": {
        "nl": "Import mislukt, er is niets gewijzigd: {error}",
        "fr": "Import échoué, rien n'a été modifié : {error}",
    },
    "import.rejects": {"nl": "Geweigerde en dubbele rijen", "fr": "Lignes refusées et doublons"},
    "import.download_rejects": {
        "nl": "Weigeringsrapport downloaden (CSV)",
        "fr": "Télécharger le rapport de refus (CSV)",
    },
    "import.log": {"nl": "Importlogboek", "fr": "Journal des imports"},
    # login and roles (wijkradar/auth_ui.py)
    "auth.title": {"nl": "Aanmelden", "fr": "Connexion"},
    "auth.name": {"nl": "Gebruikersnaam", "fr": "Nom d'utilisateur"},
    "auth.password": {"nl": "Wachtwoord", "fr": "Mot de passe"},
    "auth.submit": {"nl": "Aanmelden", "fr": "Se connecter"},
    "auth.oidc": {
        "nl": "Aanmelden via de identiteitsprovider van de zone",
        "fr": "Se connecter via le fournisseur d'identité de la zone",
    },
    "auth.oidc_unknown": {
        "nl": "Dit account heeft geen wijkradar-gebruiker. Vraag de beheerder om je toe te voegen.",
        "fr": "Ce compte n'a pas d'utilisateur wijkradar. Demandez à l'administrateur de vous ajouter.",
    },
    "auth.failed": {
        "nl": "Verkeerde gebruikersnaam of wachtwoord (of te veel pogingen: wacht 15 minuten).",
        "fr": "Nom d'utilisateur ou mot de passe erroné (ou trop de tentatives : attendez 15 minutes).",
    },
    "auth.demo_accounts": {
        "nl": "DEMO — deze werkruimte is synthetisch. Demogebruikers (wachtwoorden zijn openbaar, enkel voor de demo):",
        "fr": "DÉMO — cet espace de travail est synthétique. Utilisateurs de démonstration (mots de passe publics, uniquement pour la démo) :",
    },
    "auth.demo_refused": {
        "nl": "{env} werkt enkel voor demogebruikers van een demowerkruimte; meld je aan.",
        "fr": "{env} ne fonctionne que pour les utilisateurs de démo d'un espace de démo ; connectez-vous.",
    },
    "nav.map": {"nl": "Kaart", "fr": "Carte"},
    "nav.import": {"nl": "Importeren", "fr": "Importer"},
    "nav.review": {"nl": "Adressen nakijken", "fr": "Vérifier les adresses"},
    "nav.incidents": {"nl": "Incidenten", "fr": "Incidents"},
    "nav.planning": {"nl": "Planning", "fr": "Planification"},
    "nav.my_duty": {"nl": "Mijn dienst", "fr": "Mon service"},
    "nav.signals": {"nl": "Signalen", "fr": "Signalements"},
    "nav.partners": {"nl": "Partners", "fr": "Partenaires"},
    "nav.audit": {"nl": "Auditlog", "fr": "Journal d'audit"},
    "nav.help": {"nl": "Hulp", "fr": "Aide"},
    "auth.signed_in": {
        "nl": "Aangemeld als {name} ({role})",
        "fr": "Connecté en tant que {name} ({role})",
    },
    "auth.logout": {"nl": "Afmelden", "fr": "Se déconnecter"},
    "auth.role_chef": {"nl": "chef", "fr": "chef"},
    "auth.role_inspecteur": {"nl": "wijkinspecteur", "fr": "inspecteur de quartier"},
    "auth.role_partner": {
        "nl": "partner (enkel tellingen)",
        "fr": "partenaire (comptages seulement)",
    },
    "auth.role_admin": {"nl": "beheerder", "fr": "administrateur"},
    # audit log page (pages/8_Auditlog.py)
    "audit.title": {"nl": "Auditlogboek", "fr": "Journal d'audit"},
    "audit.explain": {
        "nl": "Wie heeft wanneer wat geraadpleegd of geëxporteerd (UTC). Het logboek kan niet gewijzigd worden; ook dit inkijken wordt gelogd.",
        "fr": "Qui a consulté ou exporté quoi, et quand (UTC). Le journal ne peut pas être modifié ; cette consultation est aussi journalisée.",
    },
    "audit.user": {"nl": "Gebruiker", "fr": "Utilisateur"},
    "audit.action": {"nl": "Actie", "fr": "Action"},
    "audit.days": {"nl": "Laatste dagen", "fr": "Derniers jours"},
    "audit.download": {"nl": "Download CSV", "fr": "Télécharger CSV"},
    # incident list (pages/4_Incidenten.py)
    "incidents.title": {"nl": "Incidentenlijst", "fr": "Liste des incidents"},
    "incidents.search": {
        "nl": "Zoek in omschrijving of categorie",
        "fr": "Rechercher dans la description ou la catégorie",
    },
    "incidents.max_points": {
        "nl": "De kaart toont de {n} recentste incidenten; de tabel en de downloads bevatten ze allemaal.",
        "fr": "La carte montre les {n} incidents les plus récents ; le tableau et les téléchargements les contiennent tous.",
    },
    "incidents.col_id": {"nl": "PV/id", "fr": "PV/id"},
    "incidents.col_category": {"nl": "Categorie", "fr": "Catégorie"},
    "incidents.col_start": {"nl": "Begin", "fr": "Début"},
    "incidents.col_street": {"nl": "Straat", "fr": "Rue"},
    "incidents.col_number": {"nl": "Nr.", "fr": "N°"},
    "incidents.col_description": {"nl": "Omschrijving", "fr": "Description"},
    "incidents.download_csv": {"nl": "Download CSV", "fr": "Télécharger CSV"},
    "incidents.download_xlsx": {"nl": "Download XLSX", "fr": "Télécharger XLSX"},
    "auth.forbidden": {
        "nl": "Deze pagina is enkel voor: {roles}.",
        "fr": "Cette page est réservée à : {roles}.",
    },
    # partner page (pages/3_Partners.py)
    "partner.title": {
        "nl": "Overlast per wijk — voor het lokaal veiligheidsoverleg",
        "fr": "Nuisances par quartier — pour la concertation locale de sécurité",
    },
    "partner.explain": {
        "nl": "Enkel tellingen van overlastcategorieën. Vakken met minder dan {k} incidenten zijn weggelaten; gegevens van de laatste {lag} dagen tellen niet mee (tot {cutoff}).",
        "fr": "Uniquement des comptages de catégories de nuisances. Les cases de moins de {k} incidents sont omises ; les {lag} derniers jours ne sont pas comptés (jusqu'au {cutoff}).",
    },
    "partner.level": {"nl": "Indeling", "fr": "Découpage"},
    "partner.level_wijk": {"nl": "Wijk", "fr": "Quartier"},
    "partner.level_deelgemeente": {"nl": "Deelgemeente", "fr": "Section de commune"},
    "partner.level_grid": {"nl": "Raster", "fr": "Grille"},
    "partner.period": {"nl": "Per", "fr": "Par"},
    "partner.period_total": {"nl": "hele periode", "fr": "toute la période"},
    "partner.period_quarter": {"nl": "kwartaal", "fr": "trimestre"},
    "partner.period_month": {"nl": "maand", "fr": "mois"},
    "partner.period_week": {"nl": "week", "fr": "semaine"},
    "partner.since": {"nl": "Vanaf", "fr": "À partir du"},
    "partner.clusters": {
        "nl": "Waar de overlast samenklontert",
        "fr": "Où les nuisances se concentrent",
    },
    "partner.trend": {"nl": "Verloop per categorie", "fr": "Évolution par catégorie"},
    "partner.table": {"nl": "Tellingen (na onderdrukking)", "fr": "Comptages (après suppression)"},
    "partner.none": {
        "nl": "Geen vak met minstens {k} incidenten in deze selectie.",
        "fr": "Aucune case d'au moins {k} incidents dans cette sélection.",
    },
    "partner.download_csv": {"nl": "Download CSV", "fr": "Télécharger CSV"},
    "partner.download_pdf": {
        "nl": "Download PDF voor het veiligheidsoverleg",
        "fr": "Télécharger le PDF pour la concertation de sécurité",
    },
    "partner.area": {"nl": "Gebied", "fr": "Zone"},
    "partner.pdf_suppressed": {
        "nl": "Vakken met minder dan {k} incidenten zijn weggelaten. Gegevens ouder dan {lag} dagen (tot {cutoff}).",
        "fr": "Les cases de moins de {k} incidents sont omises. Données de plus de {lag} jours (jusqu'au {cutoff}).",
    },
    # importer: reject reasons (row and field are given in their own report columns)
    "reject.empty": {"nl": "verplicht veld is leeg", "fr": "champ obligatoire vide"},
    "reject.bad_source": {
        "nl": "onbekende bron {value!r}; toegelaten: {allowed}",
        "fr": "source inconnue {value!r}; admis : {allowed}",
    },
    "reject.bad_date": {
        "nl": "onleesbare datum {value!r} (verwacht dd/mm/jjjj [uu:mm[:ss]] of jjjj-mm-dd)",
        "fr": "date illisible {value!r} (attendu jj/mm/aaaa [hh:mm[:ss]] ou aaaa-mm-jj)",
    },
    "reject.implausible_date": {
        "nl": "datum {value!r} ligt buiten {low}–{high}",
        "fr": "date {value!r} hors de {low}–{high}",
    },
    "reject.end_before_start": {
        "nl": "einde {value!r} ligt vóór het begin",
        "fr": "fin {value!r} antérieure au début",
    },
    "reject.bad_number": {
        "nl": "geen getal: {value!r}",
        "fr": "pas un nombre : {value!r}",
    },
    "reject.half_coordinate": {
        "nl": "slechts één van beide coördinaten is ingevuld",
        "fr": "une seule des deux coordonnées est remplie",
    },
    "reject.coordinate_out_of_range": {
        "nl": "coördinaat {value!r} ligt buiten België voor {crs}",
        "fr": "coordonnée {value!r} hors de Belgique pour {crs}",
    },
    "reject.bad_postcode": {
        "nl": "postcode {value!r} is geen Belgische postcode (4 cijfers)",
        "fr": "code postal {value!r} invalide (4 chiffres)",
    },
    "reject.no_location": {
        "nl": "geen coördinaten en geen adres",
        "fr": "ni coordonnées ni adresse",
    },
    "reject.bad_row": {
        "nl": "rij heeft {value} velden, de kop heeft er {expected}",
        "fr": "la ligne a {value} champs, l'en-tête {expected}",
    },
    "reject.duplicate_in_file": {
        "nl": "dubbel: bron + id staan al op rij {value}",
        "fr": "doublon : source + id déjà à la ligne {value}",
    },
    "reject.duplicate_in_workspace": {
        "nl": "dubbel: bron + id zitten al in de werkruimte",
        "fr": "doublon : source + id déjà dans l'espace de travail",
    },
    # reject report columns and kinds
    "report.row": {"nl": "rij", "fr": "ligne"},
    "report.field": {"nl": "veld", "fr": "champ"},
    "report.value": {"nl": "waarde", "fr": "valeur"},
    "report.reason": {"nl": "reden", "fr": "raison"},
    "report.kind": {"nl": "soort", "fr": "type"},
    "report.rejected": {"nl": "geweigerd", "fr": "refusé"},
    "report.duplicate": {"nl": "dubbel", "fr": "doublon"},
    # importer: warnings and summary
    "import.crs_detected": {
        "nl": "geen CRS opgegeven: {crs} afgeleid uit het bereik van de coördinaten",
        "fr": "aucun CRS indiqué : {crs} déduit de l'étendue des coordonnées",
    },
    "import.crs_unknown": {
        "nl": "coördinaten passen in geen enkel Belgisch stelsel; geef --crs op",
        "fr": "coordonnées hors de tout système belge ; indiquez --crs",
    },
    "import.ignored_columns": {
        "nl": "kolommen genegeerd (niet herkend): {columns}",
        "fr": "colonnes ignorées (non reconnues) : {columns}",
    },
    "import.outside_zone": {
        "nl": "{count} incident(en) buiten de zone (bewaard en gemarkeerd)",
        "fr": "{count} incidents hors zone (conservés et marqués)",
    },
    "import.summary": {
        "nl": "gelezen {read} · bewaard {stored} · geweigerd {rejected} · dubbels {duplicates}",
        "fr": "lus {read} · enregistrés {stored} · refusés {rejected} · doublons {duplicates}",
    },
    "import.to_geocode": {
        "nl": "{count} incident(en) met enkel een adres: status 'te geocoderen'",
        "fr": "{count} incidents avec adresse seule : statut « à géocoder »",
    },
    "import.reject_report": {
        "nl": "weigeringsrapport: {path}",
        "fr": "rapport de refus : {path}",
    },
    "import.blank_lines": {
        "nl": "{count} lege regel(s) overgeslagen",
        "fr": "{count} lignes vides ignorées",
    },
    # offline geocoding (gis.geocoding, wijkradar.geocode_services, pages/2_Adressen_nakijken.py)
    "gazetteer.imported": {
        "nl": "adressenbestand ({register}): {read} rijen gelezen, {kept} adressen en {streets} straten bewaard",
        "fr": "fichier d'adresses ({register}) : {read} lignes lues, {kept} adresses et {streets} rues enregistrées",
    },
    "geocode.summary": {"nl": "{rows} adressen gegeocodeerd", "fr": "{rows} adresses géocodées"},
    "geocode.level": {"nl": "niveau", "fr": "niveau"},
    "geocode.count": {"nl": "aantal", "fr": "nombre"},
    "geocode.level.manual": {"nl": "manueel verbeterd", "fr": "corrigé à la main"},
    "geocode.level.address": {"nl": "adres", "fr": "adresse"},
    "geocode.level.address_no_box": {"nl": "adres zonder bus", "fr": "adresse sans boîte"},
    "geocode.level.interpolated": {"nl": "geïnterpoleerd huisnummer", "fr": "numéro interpolé"},
    "geocode.level.street": {"nl": "straat (midden)", "fr": "rue (centre)"},
    "geocode.level.municipality": {
        "nl": "niet te lokaliseren (gemeente)",
        "fr": "non localisable (commune)",
    },
    "geocode.level.review": {"nl": "na te kijken", "fr": "à vérifier"},
    "geocode.level.none": {"nl": "geen adres", "fr": "pas d'adresse"},
    "review.title": {"nl": "Adressen nakijken", "fr": "Vérifier les adresses"},
    "review.intro": {
        "nl": "Adressen die de geocoder niet zeker kon plaatsen. Kies de juiste kandidaat of klik op de kaart; de verbetering geldt ook voor latere imports met dezelfde adrestekst.",
        "fr": "Adresses que le géocodeur n'a pas pu placer avec certitude. Choisissez le bon candidat ou cliquez sur la carte ; la correction vaut aussi pour les imports suivants avec le même texte d'adresse.",
    },
    "review.no_gazetteer": {
        "nl": "Deze werkruimte heeft nog geen adressenbestand. Laad er een met `wijkradar gazetteer import BESTAND --workspace {path}`.",
        "fr": "Cet espace de travail n'a pas encore de fichier d'adresses. Chargez-en un avec `wijkradar gazetteer import FICHIER --workspace {path}`.",
    },
    "review.empty": {"nl": "Niets na te kijken.", "fr": "Rien à vérifier."},
    "review.count": {"nl": "{count} adressen na te kijken", "fr": "{count} adresses à vérifier"},
    "review.row": {"nl": "Adres", "fr": "Adresse"},
    "review.as_typed": {"nl": "Zoals ingegeven", "fr": "Tel que saisi"},
    "review.status": {"nl": "Status", "fr": "Statut"},
    "review.score": {"nl": "Score", "fr": "Score"},
    "review.matched": {"nl": "Gevonden straat", "fr": "Rue trouvée"},
    "review.candidates": {"nl": "Kandidaten", "fr": "Candidats"},
    "review.no_candidates": {
        "nl": "Geen kandidaten: klik op de kaart om het punt te zetten.",
        "fr": "Aucun candidat : cliquez sur la carte pour placer le point.",
    },
    "review.candidate": {
        "nl": "{name} ({postcodes}) — {level}, score {score:.0f}",
        "fr": "{name} ({postcodes}) — {level}, score {score:.0f}",
    },
    "review.choose": {"nl": "Kies deze kandidaat", "fr": "Choisir ce candidat"},
    "review.clicked": {
        "nl": "Aangeklikt punt: {x:.0f}, {y:.0f} (Lambert 72)",
        "fr": "Point cliqué : {x:.0f}, {y:.0f} (Lambert 72)",
    },
    "review.use_click": {"nl": "Gebruik het aangeklikte punt", "fr": "Utiliser le point cliqué"},
    "review.by": {"nl": "Verbeterd door", "fr": "Corrigé par"},
    "review.saved": {
        "nl": "Verbetering bewaard; {rows} rijen opnieuw gegeocodeerd.",
        "fr": "Correction enregistrée ; {rows} lignes géocodées à nouveau.",
    },
    "review.status.review": {"nl": "na te kijken", "fr": "à vérifier"},
    "review.status.geocoded": {"nl": "lage score", "fr": "score bas"},
    "review.status.not_locatable": {"nl": "niet te lokaliseren", "fr": "non localisable"},
    "review.map_hint": {
        "nl": "Rood: huidig punt · blauw: kandidaten · klik om zelf een punt te kiezen.",
        "fr": "Rouge : point actuel · bleu : candidats · cliquez pour choisir un point.",
    },
    # hotspot methods (gis.hotspots.hotspot_labels)
    "hotspot.method.harm": {
        "nl": "Schadegewogen hotspots",
        "fr": "Points chauds pondérés par gravité",
    },
    "hotspot.method.gi_star": {
        "nl": "Hot- en coldspots (Gi*)",
        "fr": "Points chauds et froids (Gi*)",
    },
    "hotspot.method.clusters": {"nl": "Clusters van incidenten", "fr": "Grappes d'incidents"},
    "hotspot.method.trends": {
        "nl": "Opkomende hotspots (trend)",
        "fr": "Points chauds émergents (tendance)",
    },
    "hotspot.method.near_repeat": {
        "nl": "Near-repeat-alarmzones",
        "fr": "Zones d'alerte near-repeat",
    },
    "hotspot.spot.hot": {"nl": "hotspot", "fr": "point chaud"},
    "hotspot.spot.cold": {"nl": "coldspot", "fr": "point froid"},
    "hotspot.confidence": {
        "nl": "{spot}, {level} % zekerheid",
        "fr": "{spot}, confiance {level} %",
    },
    "hotspot.pattern.new": {"nl": "nieuwe {spot}", "fr": "nouveau {spot}"},
    "hotspot.pattern.emerging": {"nl": "opkomende {spot}", "fr": "{spot} émergent"},
    "hotspot.pattern.intensifying": {"nl": "toenemende {spot}", "fr": "{spot} en intensification"},
    "hotspot.pattern.persistent": {"nl": "aanhoudende {spot}", "fr": "{spot} persistant"},
    "hotspot.pattern.diminishing": {"nl": "afnemende {spot}", "fr": "{spot} en diminution"},
    "hotspot.pattern.sporadic": {"nl": "sporadische {spot}", "fr": "{spot} sporadique"},
    "hotspot.pattern.oscillating": {"nl": "wisselende {spot}", "fr": "{spot} oscillant"},
    "hotspot.pattern.historical": {"nl": "voormalige {spot}", "fr": "ancien {spot}"},
    "hotspot.field.harm": {"nl": "Schadescore", "fr": "Score de gravité"},
    "hotspot.field.gi_z": {"nl": "Gi*-z-score", "fr": "Score z de Gi*"},
    "hotspot.field.gi_class": {"nl": "Klasse", "fr": "Classe"},
    "hotspot.field.pattern": {"nl": "Patroon", "fr": "Tendance"},
    "hotspot.field.hot_periods": {"nl": "Periodes als hotspot", "fr": "Périodes en point chaud"},
    "hotspot.field.trend_tau": {"nl": "Trend (Kendall τ)", "fr": "Tendance (τ de Kendall)"},
    "hotspot.field.incidents": {"nl": "Incidenten", "fr": "Incidents"},
    "hotspot.field.density": {"nl": "Incidenten per ha", "fr": "Incidents par ha"},
    "hotspot.field.area_m2": {"nl": "Oppervlakte (m²)", "fr": "Superficie (m²)"},
    "hotspot.field.top_categories": {
        "nl": "Belangrijkste categorieën",
        "fr": "Catégories principales",
    },
    "hotspot.field.alert": {"nl": "Alarmzone", "fr": "Zone d'alerte"},
    "hotspot.field.last_incident": {"nl": "Laatste feit", "fr": "Dernier fait"},
    "hotspot.field.expires": {"nl": "Alarm loopt tot", "fr": "Alerte jusqu'au"},
    "hotspot.field.days_left": {"nl": "Dagen resterend", "fr": "Jours restants"},
}
MESSAGES.update(PLANNING_MESSAGES)  # presence planner pages (gis/i18n_planning.py)
MESSAGES.update(REPORT_MESSAGES)  # planner documents and plan tables (gis/i18n_reports.py)
MESSAGES.update(TABLE_MESSAGES)  # import/incident/audit tables (gis/i18n_tables.py)
MESSAGES.update(PARTNER_MESSAGES)  # partner and signal tables (gis/i18n_partners.py)
MESSAGES.update(CATEGORY_MESSAGES)  # incident categories in French (gis/i18n_categories.py)
MESSAGES.update(CLI_MESSAGES)  # help of the command line (gis/i18n_cli.py)


def message(key: str, lang: str = "nl", /, **values: object) -> str:
    """Return the sentence ``key`` in ``lang`` with ``values`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`.
    lang : {"nl", "fr"}
        Language; nl-BE is the default.
    **values
        Placeholders of the sentence.

    Returns
    -------
    str

    Raises
    ------
    ValidationError
        For an unknown key or language.
    """
    if lang not in LANGUAGES:
        raise ValidationError(f"lang={lang!r} is not supported; allowed: {', '.join(LANGUAGES)}")
    if key not in MESSAGES:
        raise ValidationError(f"no message {key!r} in the catalogue")
    try:
        return MESSAGES[key][lang].format(**values)
    except KeyError as error:
        raise ValidationError(f"message {key!r} needs the value {error.args[0]!r}") from error


def code_words(values: pd.Series, template: str, lang: str = "nl", /) -> pd.Series:
    """Codes as the words a user reads: ``template`` with the code filled in is a catalogue
    key (``"table.source.{}"``); a value without such a key stays as it is.

    Parameters
    ----------
    values : pandas.Series
    template : str
        Key with one ``{}`` for the code.
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.Series
        Indexed like ``values``.
    """
    lookup = {
        code: message(template.format(code), lang)
        for code in values.dropna().unique()
        if isinstance(code, str) and template.format(code) in MESSAGES
    }
    words = values.map(lookup)  # a dict lookup per value, no Python call per row
    return words.where(words.notna(), values)


def column_labels(fields: Iterable[str], lang: str = "nl", /, *, prefix: str) -> dict[str, str]:
    """Heading of each field (``<prefix>.<field>`` in the catalogue), in ``lang``.

    Parameters
    ----------
    fields : iterable of str
    lang : {"nl", "fr"}
    prefix : str
        ``"table.col"`` (data tables), ``"plan.col"`` (planner tables), …

    Returns
    -------
    dict
        Field → heading, for ``DataFrame.rename(columns=...)``; a field without a heading
        (``geometry``) is left out, so it keeps its name.
    """
    return {
        field: message(f"{prefix}.{field}", lang)
        for field in fields
        if f"{prefix}.{field}" in MESSAGES
    }


def category_label(category: object, lang: str = "nl", /) -> str:
    """How a user reads an incident category: the recorded (Dutch) name, or in French its
    translation where the catalogue has one (``category.<code>``).

    Parameters
    ----------
    category : object
        The category as recorded (``woninginbraak``).
    lang : {"nl", "fr"}

    Returns
    -------
    str
    """
    key = f"category.{category}"
    return message(key, lang) if key in MESSAGES else str(category)


def error_message(error: BaseException, lang: str = "nl", /) -> str:
    """What to show a user for ``error``, in ``lang``.

    Parameters
    ----------
    error : BaseException
        A :class:`gis.errors.WijkradarError` naming a catalogue sentence (``key``/``values``)
        is shown in ``lang``; any other error as ``str(error)``.
    lang : {"nl", "fr"}

    Returns
    -------
    str
    """
    key = getattr(error, "key", None)
    if key is None:
        return str(error)
    return message(key, lang, **getattr(error, "values", {}))


def weekday_names(lang: str = "nl", /, *, full: bool = False) -> tuple[str, ...]:
    """Weekday names in ``lang``, Monday first: short (``ma`` … ``zo``, ``lun`` … ``dim``) or
    full (``maandag`` … ``zondag``, ``lundi`` … ``dimanche``).

    Parameters
    ----------
    lang : {"nl", "fr"}
    full : bool, default False

    Returns
    -------
    tuple of str
        Seven names; index = ``Timestamp.weekday()``. :func:`gis.duties.parse_weekdays`
        reads each back as its own day.
    """
    key = "ui.dayname_{}" if full else "ui.day_{}"
    return tuple(message(key.format(day), lang) for day in range(7))
