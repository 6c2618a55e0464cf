# ruff: noqa: E501  (the message catalogue holds whole sentences)
"""Messages of the presence planner pages (merged into :data:`gis.i18n.MESSAGES`)."""

from __future__ import annotations

PLANNING_MESSAGES: dict[str, dict[str, str]] = {
    "plan.title": {"nl": "Aanwezigheidsplanning", "fr": "Planification de la présence"},
    "plan.my_title": {"nl": "Mijn dienst", "fr": "Mon service"},
    "plan.tab_inputs": {"nl": "Rooster en vaste taken", "fr": "Horaire et tâches fixes"},
    "plan.tab_plan": {"nl": "Weekplan", "fr": "Plan de la semaine"},
    "plan.tab_followup": {"nl": "Opvolging", "fr": "Suivi"},
    "plan.tab_fairness": {"nl": "Billijkheid per wijk", "fr": "Équité par quartier"},
    "plan.week": {"nl": "Week (ISO, bv. 2026-W49)", "fr": "Semaine (ISO, p.ex. 2026-W49)"},
    "plan.seed": {"nl": "Toevalszaad", "fr": "Graine aléatoire"},
    "plan.use_forecast": {
        "nl": "Forecast gebruiken (met betrouwbaarheidstoets; duurt een minuut of meer) in plaats van de snelle basislijn",
        "fr": "Utiliser la prévision (avec test de fiabilité ; une minute ou plus) au lieu de la base de référence rapide",
    },
    "plan.make": {"nl": "Maak plan", "fr": "Créer le plan"},
    "plan.made": {
        "nl": "Ontwerp opgeslagen ({slots} momenten, methode {method}).",
        "fr": "Projet enregistré ({slots} créneaux, méthode {method}).",
    },
    "plan.versions": {"nl": "Versies van deze week", "fr": "Versions de cette semaine"},
    "plan.version": {"nl": "Versie", "fr": "Version"},
    "plan.draft": {"nl": "ontwerp", "fr": "projet"},
    "plan.no_plan": {
        "nl": "Nog geen plan voor deze week. Maak er een met de knop hierboven.",
        "fr": "Pas encore de plan pour cette semaine. Créez-en un avec le bouton ci-dessus.",
    },
    "plan.no_published": {
        "nl": "Er is nog geen gepubliceerd plan voor week {week}.",
        "fr": "Aucun plan publié pour la semaine {week}.",
    },
    "plan.grid": {"nl": "Inspecteurs × dagen", "fr": "Inspecteurs × jours"},
    "plan.grid_cell": {"nl": "{n} · {minutes} min", "fr": "{n} · {minutes} min"},
    "plan.edit": {"nl": "Momenten aanpassen", "fr": "Modifier les créneaux"},
    "plan.edit_help": {
        "nl": "Verschuif een moment (inspecteur, begin), vink 'weg' aan om het te schrappen, en bewaar.",
        "fr": "Déplacez un créneau (inspecteur, début), cochez « retirer » pour le supprimer, puis enregistrez.",
    },
    "plan.remove": {"nl": "weg", "fr": "retirer"},
    "plan.save_edits": {"nl": "Wijzigingen bewaren", "fr": "Enregistrer les modifications"},
    "plan.saved": {"nl": "Bewaard.", "fr": "Enregistré."},
    "plan.add": {"nl": "Moment toevoegen", "fr": "Ajouter un créneau"},
    "plan.add_place": {"nl": "Plaats", "fr": "Lieu"},
    "plan.add_start": {"nl": "Begin", "fr": "Début"},
    "plan.add_day": {"nl": "Dag", "fr": "Jour"},
    "plan.add_dwell": {"nl": "Verblijf (min)", "fr": "Durée (min)"},
    "plan.add_button": {"nl": "Toevoegen", "fr": "Ajouter"},
    "plan.manual_reason": {"nl": "toegevoegd door {user}", "fr": "ajouté par {user}"},
    "plan.problems": {"nl": "Let op in dit ontwerp:", "fr": "Attention dans ce projet :"},
    "plan.publish": {"nl": "Publiceren", "fr": "Publier"},
    "plan.published": {
        "nl": "Gepubliceerd als versie {version}.",
        "fr": "Publié comme version {version}.",
    },
    "plan.read_only": {
        "nl": "Gepubliceerde versies wijzig je niet meer: maak een nieuw ontwerp.",
        "fr": "Une version publiée ne se modifie plus : créez un nouveau projet.",
    },
    "plan.download_excel": {"nl": "Weekplan (Excel)", "fr": "Plan de la semaine (Excel)"},
    "plan.download_briefing": {"nl": "Briefing (PDF)", "fr": "Briefing (PDF)"},
    "plan.notes": {"nl": "Opmerkingen bij het plan", "fr": "Remarques sur le plan"},
    "plan.uncovered": {"nl": "Niet gedekte vaste taken", "fr": "Tâches fixes non couvertes"},
    "plan.roster": {"nl": "Inspecteurs en hun wijken", "fr": "Inspecteurs et leurs quartiers"},
    "plan.shifts": {"nl": "Diensten van de week", "fr": "Services de la semaine"},
    "plan.roster_upload": {
        "nl": "Dienstrooster inlezen (CSV/XLSX: inspecteur, wijk(en), datum, begin, einde, uren straat, afwezig)",
        "fr": "Importer l'horaire (CSV/XLSX : inspecteur, quartier(s), date, début, fin, heures en rue, absence)",
    },
    "plan.duties": {"nl": "Vaste taken", "fr": "Tâches fixes"},
    "plan.duties_upload": {
        "nl": "Vaste taken inlezen (CSV/XLSX)",
        "fr": "Importer les tâches fixes (CSV/XLSX)",
    },
    "plan.save": {"nl": "Bewaren", "fr": "Enregistrer"},
    "plan.categories": {
        "nl": "Categorieën die de planning sturen",
        "fr": "Catégories qui guident la planification",
    },
    "plan.categories_help": {
        "nl": "Standaard enkel wat burgers melden, niet wat politiewerk zelf vaststelt (drugsbezit, verkeersboetes): zo jaagt aanwezigheid niet op haar eigen staart. Elke wijziging wordt gelogd.",
        "fr": "Par défaut uniquement ce que signalent les citoyens, pas ce que constate l'activité policière elle-même (détention de drogue, amendes) : la présence ne court pas après sa propre queue. Chaque modification est journalisée.",
    },
    "plan.categories_saved": {"nl": "Gelogd: {detail}", "fr": "Journalisé : {detail}"},
    "plan.log": {"nl": "Logboek van de planning", "fr": "Journal de la planification"},
    "plan.fairness_help": {
        "nl": "Aandeel van de geplande minuten per wijk tegenover het aandeel in de schadegewogen, door burgers gemelde incidenten (52 weken). Verhoudingen boven 2 of onder 0,5 worden gemarkeerd.",
        "fr": "Part des minutes planifiées par quartier face à la part des incidents signalés par les citoyens, pondérés par gravité (52 semaines). Les rapports supérieurs à 2 ou inférieurs à 0,5 sont signalés.",
    },
    "plan.followup_weeks": {"nl": "Weken", "fr": "Semaines"},
    "plan.per_inspector": {
        "nl": "Gepland en gedaan per inspecteur",
        "fr": "Planifié et réalisé par inspecteur",
    },
    "plan.per_wijk": {"nl": "Per wijk", "fr": "Par quartier"},
    "plan.per_week": {"nl": "Per week", "fr": "Par semaine"},
    "plan.dosage": {
        "nl": "Minuten aanwezigheid per plaats (dosis)",
        "fr": "Minutes de présence par lieu (dose)",
    },
    "plan.effect": {"nl": "Effectbeeld", "fr": "Aperçu de l'effet"},
    "plan.effect_button": {"nl": "Bereken effectbeeld", "fr": "Calculer l'aperçu de l'effet"},
    "plan.effect_result": {
        "nl": "Gewogen verplaatsingsverschil (WDD) {wdd:+.0f} (z = {z:.2f}); WDQ {wdq}.",
        "fr": "Différence de déplacement pondérée (WDD) {wdd:+.0f} (z = {z:.2f}) ; WDQ {wdq}.",
    },
    "plan.effect_none": {
        "nl": "Nog geen bezochte plaatsen met genoeg minuten in deze weken.",
        "fr": "Pas encore de lieux visités avec assez de minutes pendant ces semaines.",
    },
    "plan.monthly": {
        "nl": "Maandrapport voor de coördinator",
        "fr": "Rapport mensuel pour le coordinateur",
    },
    "plan.month": {"nl": "Maand (JJJJ-MM)", "fr": "Mois (AAAA-MM)"},
    "plan.monthly_button": {
        "nl": "Maak maandrapport (PDF)",
        "fr": "Créer le rapport mensuel (PDF)",
    },
    "plan.inspector": {"nl": "Inspecteur", "fr": "Inspecteur"},
    "plan.inspector_hook": {
        "nl": "Aanmelding volgt: kies voorlopig jezelf in de lijst.",
        "fr": "La connexion suivra : choisissez-vous pour l'instant dans la liste.",
    },
    "plan.not_in_roster": {
        "nl": "{name} staat niet in het dienstrooster; vraag de wijkcoördinator om je toe te voegen.",
        "fr": "{name} ne figure pas dans l'horaire ; demandez au coordinateur de quartier de vous ajouter.",
    },
    "plan.no_shifts": {
        "nl": "Geen diensten met momenten voor jou in week {week}.",
        "fr": "Pas de service avec créneaux pour vous la semaine {week}.",
    },
    "plan.done": {"nl": "Gedaan", "fr": "Fait"},
    "plan.not_done": {"nl": "Niet gedaan", "fr": "Pas fait"},
    "plan.start": {"nl": "Begin", "fr": "Début"},
    "plan.end": {"nl": "Einde", "fr": "Fin"},
    "plan.note": {
        "nl": "Korte nota (geen persoonsgegevens)",
        "fr": "Note brève (pas de données personnelles)",
    },
    "plan.reason": {"nl": "Reden", "fr": "Raison"},
    "plan.reasons": {
        "nl": "interventie|andere opdracht|weer|ziek|tijd tekort|andere",
        "fr": "intervention|autre mission|météo|malade|manque de temps|autre",
    },
    "plan.record_done": {"nl": "Bewaar als gedaan", "fr": "Enregistrer comme fait"},
    "plan.record_not_done": {"nl": "Bewaar als niet gedaan", "fr": "Enregistrer comme pas fait"},
    "plan.recorded": {"nl": "Genoteerd.", "fr": "Noté."},
    "plan.status_published": {"nl": "gepubliceerd", "fr": "publié"},
    "plan.status_replaced": {"nl": "vervangen", "fr": "remplacé"},
    "plan.status_done": {"nl": "✅ gedaan", "fr": "✅ fait"},
    "plan.status_not_done": {"nl": "❌ niet gedaan", "fr": "❌ pas fait"},
    "plan.status_open": {"nl": "open", "fr": "ouvert"},
    "plan.layer_slots": {"nl": "Geplande momenten", "fr": "Créneaux planifiés"},
    "plan.layer_places": {"nl": "Hotspots (planning)", "fr": "Points chauds (planification)"},
    "plan.layer_alerts": {"nl": "Near-repeat-alarmzones", "fr": "Zones d'alerte near-repeat"},
    "plan.map": {"nl": "Kaart van mijn wijk", "fr": "Carte de mon quartier"},
    "plan.dwell": {"nl": "{minutes} min ter plaatse", "fr": "{minutes} min sur place"},
    # wijkradar plan / wijkrapport (wijkradar/cli_plan.py)
    "plan.cli.published": {
        "nl": "gepubliceerd als versie {version}",
        "fr": "publié comme version {version}",
    },
    "plan.cli.draft": {"nl": "ontwerp (nog niet gepubliceerd)", "fr": "projet (pas encore publié)"},
    "plan.cli.summary": {
        "nl": "Plan {week} — {state} · id {plan_id} · methode {method} · seed {seed} · {seconds} s",
        "fr": "Plan {week} — {state} · id {plan_id} · méthode {method} · graine {seed} · {seconds} s",
    },
    "plan.cli.col.shifts": {"nl": "diensten", "fr": "services"},
    "plan.cli.col.duties": {"nl": "vaste taken", "fr": "tâches fixes"},
    "plan.cli.col.hotspot_minutes": {"nl": "hotspot-min", "fr": "min points chauds"},
    "plan.cli.col.travel_minutes": {"nl": "reis-min", "fr": "min trajet"},
    "plan.cli.col.free_minutes": {"nl": "vrije straat-min", "fr": "min de rue libres"},
    "plan.cli.col.pool": {"nl": "plaatsen", "fr": "lieux"},
    "plan.cli.pool.own": {"nl": "eigen wijk", "fr": "propre quartier"},
    "plan.cli.pool.neighbour": {"nl": "buurwijk", "fr": "quartier voisin"},
    "plan.cli.pool.none": {"nl": "geen", "fr": "aucun"},
    "plan.cli.flagged": {
        "nl": "{n} wijken buiten 0,5–2 × hun aandeel in de gemelde schade (alle wijken: blad '{sheet}' van het weekplan):",
        "fr": "{n} quartiers hors de 0,5–2 × leur part de la gravité signalée (tous les quartiers : feuille « {sheet} » du plan de la semaine) :",
    },
    "plan.cli.flag_line": {
        "nl": "{name}: {minutes} % van de minuten, {harm} % van de schade → {flag}",
        "fr": "{name} : {minutes} % des minutes, {harm} % de la gravité → {flag}",
    },
    "plan.cli.note": {"nl": "let op: {note}", "fr": "attention : {note}"},
    "plan.cli.uncovered": {
        "nl": "niet gedekt: {n} vaste taken",
        "fr": "non couvert : {n} tâches fixes",
    },
    "plan.cli.files": {"nl": "{n} bestanden in {out}", "fr": "{n} fichiers dans {out}"},
    "plan.cli.report": {"nl": "wijkrapport: {path}", "fr": "rapport de quartier : {path}"},
    # texts the planner writes into a plan (gis/place_risk.py, gis/planning.py), in the
    # language of whoever makes the plan
    "plan.text.forecast_unreliable": {
        "nl": "De forecast is niet betrouwbaar genoeg (te weinig gegevens); het plan volgt de basislijn.",
        "fr": "La prévision n'est pas assez fiable (trop peu de données) ; le plan suit la base de référence.",
    },
    "plan.text.weak_places": {
        "nl": "{n} plaatsen met een hoge score maar minder dan {minimum} incidenten in 52 weken zijn niet ingepland: te weinig gegevens.",
        "fr": "{n} lieux au score élevé mais avec moins de {minimum} incidents en 52 semaines ne sont pas planifiés : trop peu de données.",
    },
    "plan.text.no_places": {
        "nl": "Geen enkele plaats heeft genoeg gegevens voor een gerichte aanwezigheid; het plan bevat enkel de vaste taken.",
        "fr": "Aucun lieu n'a assez de données pour une présence ciblée ; le plan ne contient que les tâches fixes.",
    },
    "plan.text.count_8w": {"nl": "{what} in 8 weken", "fr": "{what} en 8 semaines"},
    "plan.text.count_8w_others": {
        "nl": "{what} in 8 weken (+{n} andere)",
        "fr": "{what} en 8 semaines (+{n} autres)",
    },
    "plan.text.incidents_8w": {
        "nl": "{n} incidenten in 8 weken ({total} in 52 weken)",
        "fr": "{n} incidents en 8 semaines ({total} en 52 semaines)",
    },
    "plan.text.incidents_52w": {
        "nl": "{n} incidenten in 52 weken, vooral {category}",
        "fr": "{n} incidents en 52 semaines, surtout {category}",
    },
    "plan.text.every_day": {"nl": "elke dag", "fr": "tous les jours"},
    "plan.text.peak": {"nl": "piek {days} {start}–{end}u", "fr": "pic {days} {start}–{end}h"},
    "plan.text.duty_reason": {
        "nl": "vaste taak: {kind} — {name}",
        "fr": "tâche fixe : {kind} — {name}",
    },
    "plan.text.neighbour": {
        "nl": "buurwijk {wijk} (eigen wijk zonder plaats boven de drempel): ",
        "fr": "quartier voisin {wijk} (propre quartier sans lieu au-dessus du seuil) : ",
    },
    "plan.text.source_forecast": {"nl": "forecast", "fr": "prévision"},
    "plan.text.source_baseline": {"nl": "basislijn", "fr": "base de référence"},
    "plan.text.reason": {
        "nl": "{prefix}{evidence}, {peak}; {source} top {top} %; gekozen blok {day} {start}–{end}u ({ratio}× gemiddeld uur)",
        "fr": "{prefix}{evidence}, {peak} ; {source} top {top} % ; créneau choisi {day} {start}–{end}h ({ratio}× l'heure moyenne)",
    },
    "plan.text.uncovered": {
        "nl": "{n} vaste taken konden aan niemand van dienst worden gegeven (zie '{sheet}').",
        "fr": "{n} tâches fixes n'ont pu être confiées à personne de service (voir « {sheet} »).",
    },
    "plan.text.duties_exceed": {
        "nl": "{inspector} {date}: de vaste taken vragen meer dan de {minutes} min straattijd.",
        "fr": "{inspector} {date} : les tâches fixes demandent plus que les {minutes} min de temps en rue.",
    },
    "plan.text.no_place_for": {
        "nl": "Voor {n} inspecteurs is er in eigen en naburige wijken geen plaats boven de drempel: enkel vaste taken, de rest van de straattijd is vrij.",
        "fr": "Pour {n} inspecteurs, aucun lieu au-dessus du seuil dans leur quartier ni dans les quartiers voisins : seulement les tâches fixes, le reste du temps en rue est libre.",
    },
    "plan.check.outside_shift": {
        "nl": "{when}: valt buiten een dienst van de inspecteur",
        "fr": "{when} : en dehors d'un service de l'inspecteur",
    },
    "plan.check.dwell": {
        "nl": "{when}: verblijf {minutes} min (10–15 min gevraagd)",
        "fr": "{when} : présence de {minutes} min (10–15 min demandées)",
    },
    "plan.check.overlap": {
        "nl": "{when}: overlapt met het vorige moment",
        "fr": "{when} : chevauche le créneau précédent",
    },
    "plan.check.street_time": {
        "nl": "{shift}: {minutes} min straattijd gepland, {available} beschikbaar",
        "fr": "{shift} : {minutes} min de temps en rue planifiées, {available} disponibles",
    },
    "plan.effect_caution": {
        "nl": "Let op: dit is een waarneming, geen experiment. De bezochte plaatsen werden gekozen omdat ze hoog scoorden; een daling kan ook terugval naar het gemiddelde, een andere maatregel of toeval zijn.",
        "fr": "Attention : il s'agit d'une observation, pas d'une expérience. Les lieux visités ont été choisis parce que leur score était élevé ; une baisse peut aussi être un retour à la moyenne, l'effet d'une autre mesure ou le hasard.",
    },
    "plan.effect_weak_control": {
        "nl": "De vergelijkingsplaatsen hadden vooraf {control} incidenten tegenover {treated} in de bezochte plaatsen: er zijn te weinig gelijkaardige onbezochte plaatsen, dus de vergelijking is zwak.",
        "fr": "Les lieux de comparaison comptaient au préalable {control} incidents contre {treated} dans les lieux visités : il y a trop peu de lieux comparables non visités, la comparaison est donc faible.",
    },
    "plan.effect_group.treated": {"nl": "bezochte plaatsen", "fr": "lieux visités"},
    "plan.effect_group.buffer": {
        "nl": "rand rond bezochte plaatsen",
        "fr": "abords des lieux visités",
    },
    "plan.effect_group.control": {"nl": "vergelijkingsplaatsen", "fr": "lieux de comparaison"},
    "plan.effect_group.control_buffer": {
        "nl": "rand rond vergelijkingsplaatsen",
        "fr": "abords des lieux de comparaison",
    },
    "plan.col.cells": {"nl": "cellen", "fr": "cellules"},
    "plan.col.before": {"nl": "vooraf", "fr": "avant"},
    "plan.col.during": {"nl": "tijdens", "fr": "pendant"},
    "plan.col.change": {"nl": "verschil", "fr": "différence"},
    "cli.error": {"nl": "fout:", "fr": "erreur :"},
    # errors a planner can make and fix (gis/roster.py, gis/duties.py, gis/io_planning.py)
    "error.week_format": {
        "nl": "'{week}' is geen week. Schrijf een ISO-week zoals 2026-W49.",
        "fr": "« {week} » n'est pas une semaine. Écrivez une semaine ISO comme 2026-W49.",
    },
    "error.month_format": {
        "nl": "'{month}' is geen maand. Schrijf jjjj-mm, bv. 2026-11.",
        "fr": "« {month} » n'est pas un mois. Écrivez aaaa-mm, p. ex. 2026-11.",
    },
    "error.week_missing": {
        "nl": "Week '{week}' bestaat niet in {year}. Kies een week van 1 tot 52 (of 53).",
        "fr": "La semaine « {week} » n'existe pas en {year}. Choisissez une semaine de 1 à 52 (ou 53).",
    },
    "error.roster_time_start": {
        "nl": "Rooster, rij {row}: begin '{value}' is geen uur. Schrijf UU:MM, bv. 07:30.",
        "fr": "Horaire, ligne {row} : début « {value} » n'est pas une heure. Écrivez HH:MM, p. ex. 07:30.",
    },
    "error.roster_time_end": {
        "nl": "Rooster, rij {row}: einde '{value}' is geen uur. Schrijf UU:MM, bv. 16:00.",
        "fr": "Horaire, ligne {row} : fin « {value} » n'est pas une heure. Écrivez HH:MM, p. ex. 16:00.",
    },
    "error.roster_column": {
        "nl": "Het rooster mist een kolom. Geef een kolom met een van deze koppen: {headers}.",
        "fr": "Il manque une colonne à l'horaire. Ajoutez une colonne avec l'un de ces en-têtes : {headers}.",
    },
    "error.roster_no_inspector": {
        "nl": "Rooster, rij {row}: er staat geen inspecteur. Vul de naam in of schrap de rij.",
        "fr": "Horaire, ligne {row} : aucun inspecteur. Indiquez le nom ou supprimez la ligne.",
    },
    "error.roster_date": {
        "nl": "Rooster, rij {row}: '{value}' is geen datum. Schrijf dd/mm/jjjj.",
        "fr": "Horaire, ligne {row} : « {value} » n'est pas une date. Écrivez jj/mm/aaaa.",
    },
    "error.roster_street_time": {
        "nl": "Rooster, rij {row}: {minutes} min straattijd past niet in de dienst {start}–{end} ({length} min). Verlaag de straattijd.",
        "fr": "Horaire, ligne {row} : {minutes} min de temps en rue ne tiennent pas dans le service {start}–{end} ({length} min). Réduisez le temps en rue.",
    },
    "error.roster_mode": {
        "nl": "Rooster, rij {row}: vervoer '{value}' is onbekend. Kies uit: {allowed}.",
        "fr": "Horaire, ligne {row} : moyen de déplacement « {value} » inconnu. Choisissez parmi : {allowed}.",
    },
    "error.roster_wijk": {
        "nl": "Rooster, rij {row}: wijk '{wijk}' is geen wijk van deze werkruimte. Gebruik de wijkcode (bv. 24038W01).",
        "fr": "Horaire, ligne {row} : « {wijk} » n'est pas un quartier de cet espace de travail. Utilisez le code du quartier (p. ex. 24038W01).",
    },
    "error.roster_duplicate": {
        "nl": "Het rooster bevat de dienst '{shift}' twee keer. Schrap een van beide rijen.",
        "fr": "L'horaire contient deux fois le service « {shift} ». Supprimez l'une des deux lignes.",
    },
    "error.weekday": {
        "nl": "Weekdag '{day}' in '{text}' is onbekend. Gebruik ma di wo do vr za zo (of een reeks ma-vr).",
        "fr": "Jour « {day} » dans « {text} » inconnu. Utilisez lun mar mer jeu ven sam dim (ou une plage lun-ven).",
    },
    "error.duty_time_start": {
        "nl": "Vaste taak {duty}: begin '{value}' is geen uur. Schrijf UU:MM.",
        "fr": "Tâche fixe {duty} : début « {value} » n'est pas une heure. Écrivez HH:MM.",
    },
    "error.duty_time_end": {
        "nl": "Vaste taak {duty}: einde '{value}' is geen uur. Schrijf UU:MM.",
        "fr": "Tâche fixe {duty} : fin « {value} » n'est pas une heure. Écrivez HH:MM.",
    },
    "error.duty_column": {
        "nl": "De vaste taken missen de kolom '{column}'. Nodig: {columns}.",
        "fr": "Il manque la colonne « {column} » aux tâches fixes. Colonnes requises : {columns}.",
    },
    "error.duty_kind": {
        "nl": "Vaste taak {duty}: soort '{value}' is onbekend. Kies uit: {allowed}.",
        "fr": "Tâche fixe {duty} : type « {value} » inconnu. Choisissez parmi : {allowed}.",
    },
    "error.duty_point": {
        "nl": "Vaste taak {duty} heeft geen plaats. Geef x en y (Lambert 72).",
        "fr": "La tâche fixe {duty} n'a pas de lieu. Indiquez x et y (Lambert 72).",
    },
    "error.duty_end": {
        "nl": "Vaste taak {duty}: einde {end} valt niet na begin {start}.",
        "fr": "Tâche fixe {duty} : la fin {end} ne vient pas après le début {start}.",
    },
    "error.duty_when": {
        "nl": "Vaste taak {duty}: geef weekdagen (elke week) of een datum 'vanaf' (eenmalig).",
        "fr": "Tâche fixe {duty} : indiquez des jours (chaque semaine) ou une date « à partir du » (une seule fois).",
    },
    "error.duty_date_from": {
        "nl": "Vaste taak {duty}: 'vanaf' '{value}' is geen datum.",
        "fr": "Tâche fixe {duty} : « à partir du » « {value} » n'est pas une date.",
    },
    "error.duty_date_to": {
        "nl": "Vaste taak {duty}: 'tot en met' '{value}' is geen datum.",
        "fr": "Tâche fixe {duty} : « jusqu'au » « {value} » n'est pas une date.",
    },
    "error.categories_empty": {
        "nl": "Kies minstens één categorie die de planning stuurt.",
        "fr": "Choisissez au moins une catégorie qui oriente la planification.",
    },
    "error.plan_not_draft": {
        "nl": "Dit plan is al gepubliceerd of vervangen: enkel een ontwerp kan nog veranderen. Maak een nieuw ontwerp.",
        "fr": "Ce plan est déjà publié ou remplacé : seul un projet peut encore changer. Créez un nouveau projet.",
    },
    "error.reason_needed": {
        "nl": "Geef een reden voor een moment dat niet gedaan is.",
        "fr": "Indiquez la raison d'un créneau qui n'a pas été fait.",
    },
    "error.no_shifts": {
        "nl": "Het rooster heeft geen diensten in week {week}. Laad eerst een rooster (tab 'Rooster en vaste taken').",
        "fr": "L'horaire n'a aucun service la semaine {week}. Chargez d'abord un horaire (onglet « Horaire et tâches fixes »).",
    },
}
