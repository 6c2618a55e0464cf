# ruff: noqa: E501  (the message catalogue holds whole sentences)
"""Messages of the partner and signal pages' tables and downloads (merged into
:data:`gis.i18n.MESSAGES`)."""

from __future__ import annotations

PARTNER_MESSAGES: dict[str, dict[str, str]] = {
    # partner page (pages/3_Partners.py) and its CSV/PDF (wijkradar/partner_report.py)
    "partner.browser_title": {"nl": "wijkradar — partners", "fr": "wijkradar — partenaires"},
    "partner.col.area_name": {"nl": "Naam gebied", "fr": "Nom de la zone"},
    "partner.file_stem": {"nl": "overlast", "fr": "nuisances"},
    # signals page (pages/5_Signalen.py)
    "signal.browser_title": {"nl": "wijkradar — signalen", "fr": "wijkradar — signalements"},
    "signal.gpkg_only": {
        "nl": "Signalen worden voorlopig enkel in een GeoPackage-werkruimte bewaard.",
        "fr": "Pour l'instant, les signalements ne sont enregistrés que dans un espace de travail GeoPackage.",
    },
    "signal.settings.col.code": {"nl": "Code", "fr": "Code"},
    "signal.settings.col.label_nl": {"nl": "Naam (Nederlands)", "fr": "Nom (néerlandais)"},
    "signal.settings.col.label_fr": {"nl": "Naam (Frans)", "fr": "Nom (français)"},
    "signal.settings.col.colour": {"nl": "Kleur", "fr": "Couleur"},
    "signal.settings.col.overdue_days": {
        "nl": "Te laat na (dagen)",
        "fr": "En retard après (jours)",
    },
    "signal.settings.col.active": {"nl": "Actief", "fr": "Actif"},
    "signal.settings.col.contact": {"nl": "Contact", "fr": "Contact"},
    "signal.settings.help.code": {
        "nl": "Vaste sleutel van de soort: 2 tot 48 kleine letters, cijfers of _. Een soort die al gebruikt wordt, zet u op niet-actief in plaats van ze te wissen.",
        "fr": "Clé fixe du type : 2 à 48 minuscules, chiffres ou _. Un type déjà utilisé se désactive au lieu d'être supprimé.",
    },
    "signal.settings.help.colour": {
        "nl": "Kleur op de kaart, als #rrggbb.",
        "fr": "Couleur sur la carte, au format #rrggbb.",
    },
    "signal.settings.help.overdue_days": {
        "nl": "Een open signaal dat ouder is, staat als te laat.",
        "fr": "Un signalement ouvert plus ancien est marqué en retard.",
    },
    "signal.settings.help.active": {
        "nl": "Aangeboden bij het melden.",
        "fr": "Proposé lors d'un signalement.",
    },
    "signal.settings.help.any": {
        "nl": "* = alle",
        "fr": "* = tous",
    },
    "signal.settings.any": {"nl": "* (alle)", "fr": "* (tous)"},
    # hand-over list (wijkradar/signal_services.py)
    "signal.handover.default_sender": {
        "nl": "Wijkdienst {zone} — {by}",
        "fr": "Service de quartier {zone} — {by}",
    },
    # bulk import of signals: reject reasons (wijkradar/signal_services.py)
    "signal.reject.unknown_type": {"nl": "onbekende soort", "fr": "type inconnu"},
    "signal.reject.no_coordinates": {"nl": "geen coördinaten", "fr": "pas de coordonnées"},
    "signal.reject.bad_date": {"nl": "onleesbare datum", "fr": "date illisible"},
    # wijkradar signals … (wijkradar/cli_signals.py)
    "signal.cli.no_workspace": {
        "nl": "werkruimte {path} bestaat niet",
        "fr": "l'espace de travail {path} n'existe pas",
    },
    "signal.cli.rejects_written": {
        "nl": "geweigerde rijen: {path}",
        "fr": "lignes refusées : {path}",
    },
    "signal.cli.exported": {
        "nl": "{rows} signalen geschreven naar {path}",
        "fr": "{rows} signalements écrits dans {path}",
    },
    "signal.cli.handover_done": {
        "nl": "{count} signalen voor {service}; {marked} op 'doorgegeven' gezet.",
        "fr": "{count} signalements pour {service} ; {marked} passés à « transmis ».",
    },
    "signal.cli.col.nis": {"nl": "Gemeente (NIS)", "fr": "Commune (INS)"},
    "signal.cli.col.new": {"nl": "Nieuw", "fr": "Nouveaux"},
    "signal.cli.col.open": {"nl": "Open", "fr": "Ouverts"},
    "signal.cli.col.reported": {"nl": "Gemeld", "fr": "Signalés"},
    "signal.cli.col.handed_over": {"nl": "Doorgegeven", "fr": "Transmis"},
    "signal.cli.col.resolved": {"nl": "Opgelost", "fr": "Résolus"},
    "signal.cli.col.not_retained": {"nl": "Niet weerh.", "fr": "Non retenus"},
    "signal.cli.no_service": {
        "nl": "(geen dienst ingesteld)",
        "fr": "(aucun service configuré)",
    },
    "signal.cli.counts_title": {"nl": "signalen {month}", "fr": "signalements {month}"},
    # errors a user can cause and fix (gis/signals.py, gis/io_signals.py, gis/photos.py)
    "error.signal_types_columns": {
        "nl": "De lijst met soorten signalen mist de kolommen {missing}. Nodig: {expected}.",
        "fr": "Il manque les colonnes {missing} à la liste des types de signalements. Colonnes requises : {expected}.",
    },
    "error.signal_type_code": {
        "nl": "Soortcode '{code}' is niet toegelaten. Gebruik 2 tot 48 kleine letters, cijfers of _ (bv. sluikstort).",
        "fr": "Le code de type « {code} » n'est pas autorisé. Utilisez 2 à 48 minuscules, chiffres ou _ (p. ex. sluikstort).",
    },
    "error.signal_type_duplicate": {
        "nl": "Soortcode '{code}' staat twee keer in de lijst. Geef elke soort een eigen code of schrap een van beide rijen.",
        "fr": "Le code de type « {code} » figure deux fois dans la liste. Donnez à chaque type son propre code ou supprimez l'une des deux lignes.",
    },
    "error.signal_type_label": {
        "nl": "Soort '{code}' heeft geen Nederlandse naam. Vul de kolom Naam (Nederlands) in.",
        "fr": "Le type « {code} » n'a pas de nom néerlandais. Remplissez la colonne Nom (néerlandais).",
    },
    "error.signal_type_colour": {
        "nl": "Soort '{code}': kleur '{colour}' is geen kleurcode. Schrijf #rrggbb, bv. #c0392b.",
        "fr": "Type « {code} » : la couleur « {colour} » n'est pas un code couleur. Écrivez #rrggbb, p. ex. #c0392b.",
    },
    "error.signal_type_overdue": {
        "nl": "Soort '{code}': te laat na '{value}' dagen kan niet. Vul een geheel aantal dagen in, minstens 1.",
        "fr": "Type « {code} » : en retard après « {value} » jours n'est pas possible. Indiquez un nombre entier de jours, au moins 1.",
    },
    "error.signal_type_in_use": {
        "nl": "Soort '{code}' wordt nog gebruikt door bewaarde signalen en kan niet gewist worden. Zet ze op niet-actief in plaats van ze te schrappen.",
        "fr": "Le type « {code} » est encore utilisé par des signalements enregistrés et ne peut pas être supprimé. Désactivez-le au lieu de le supprimer.",
    },
    "error.signal_services_columns": {
        "nl": "De dienstentabel mist de kolommen {missing}. Nodig: {expected}.",
        "fr": "Il manque les colonnes {missing} au tableau des services. Colonnes requises : {expected}.",
    },
    "error.signal_service_name": {
        "nl": "Dienstentabel, rij {row} (soort '{type}', gemeente '{nis}'): er staat geen dienst. Vul de naam van de dienst in of schrap de rij.",
        "fr": "Tableau des services, ligne {row} (type « {type} », commune « {nis} ») : aucun service. Indiquez le nom du service ou supprimez la ligne.",
    },
    "error.signal_service_nis": {
        "nl": "Dienstentabel: '{value}' is geen NIS-code van een gemeente. Schrijf 5 cijfers (bv. 23002) of * voor alle gemeenten.",
        "fr": "Tableau des services : « {value} » n'est pas un code INS de commune. Écrivez 5 chiffres (p. ex. 23002) ou * pour toutes les communes.",
    },
    "error.signal_service_type": {
        "nl": "Dienstentabel: '{value}' is geen soort signaal. Kies uit: {allowed}.",
        "fr": "Tableau des services : « {value} » n'est pas un type de signalement. Choisissez parmi : {allowed}.",
    },
    "error.signal_service_duplicate": {
        "nl": "De dienstentabel noemt soort '{type}' in gemeente '{nis}' twee keer. Schrap een van beide rijen.",
        "fr": "Le tableau des services mentionne deux fois le type « {type} » dans la commune « {nis} ». Supprimez l'une des deux lignes.",
    },
    "error.signal_too_long": {
        "nl": "Het veld {field} is {length} tekens lang; hoogstens {limit} zijn toegelaten. Kort de tekst in.",
        "fr": "Le champ {field} compte {length} caractères ; {limit} au maximum sont admis. Raccourcissez le texte.",
    },
    "error.signal_too_long_description": {
        "nl": "De beschrijving is {length} tekens lang; hoogstens {limit} zijn toegelaten. Kort ze in: een korte notitie volstaat.",
        "fr": "La description compte {length} caractères ; {limit} au maximum sont admis. Raccourcissez-la : une note brève suffit.",
    },
    "error.signal_too_long_address": {
        "nl": "Het adres is {length} tekens lang; hoogstens {limit} zijn toegelaten. Schrijf enkel straat, nummer en gemeente.",
        "fr": "L'adresse compte {length} caractères ; {limit} au maximum sont admis. Indiquez seulement la rue, le numéro et la commune.",
    },
    "error.signal_too_long_reported_by": {
        "nl": "De naam van de melder is {length} tekens lang; hoogstens {limit} zijn toegelaten. Kort de naam in.",
        "fr": "Le nom de l'auteur du signalement compte {length} caractères ; {limit} au maximum sont admis. Raccourcissez le nom.",
    },
    "error.signal_too_long_by": {
        "nl": "De naam van wie de wijziging invoert is {length} tekens lang; hoogstens {limit} zijn toegelaten. Kort de naam in.",
        "fr": "Le nom de la personne qui encode la modification compte {length} caractères ; {limit} au maximum sont admis. Raccourcissez le nom.",
    },
    "error.signal_too_long_note": {
        "nl": "De notitie is {length} tekens lang; hoogstens {limit} zijn toegelaten. Kort ze in.",
        "fr": "La note compte {length} caractères ; {limit} au maximum sont admis. Raccourcissez-la.",
    },
    "error.signal_too_long_service": {
        "nl": "De naam van de dienst is {length} tekens lang; hoogstens {limit} zijn toegelaten. Kort de naam in.",
        "fr": "Le nom du service compte {length} caractères ; {limit} au maximum sont admis. Raccourcissez le nom.",
    },
    "error.signal_new_type": {
        "nl": "Signaal {signal}: '{value}' is geen actieve soort. Kies uit: {allowed}.",
        "fr": "Signalement {signal} : « {value} » n'est pas un type actif. Choisissez parmi : {allowed}.",
    },
    "error.signal_new_location_source": {
        "nl": "Signaal {signal}: herkomst van de plaats '{value}' is onbekend. Kies uit: {allowed}.",
        "fr": "Signalement {signal} : origine de l'emplacement « {value} » inconnue. Choisissez parmi : {allowed}.",
    },
    "error.signal_new_point": {
        "nl": "Signaal {signal}: de plaats ({x}, {y}) is geen getal. Klik op de kaart of geef geldige coördinaten.",
        "fr": "Signalement {signal} : l'emplacement ({x}, {y}) n'est pas un nombre. Cliquez sur la carte ou indiquez des coordonnées valables.",
    },
    "error.signal_new_reporter": {
        "nl": "Signaal {signal}: de melder ontbreekt. Vul in wie het signaal meldt.",
        "fr": "Signalement {signal} : l'auteur manque. Indiquez qui fait le signalement.",
    },
    "error.signal_new_date": {
        "nl": "Signaal {signal}: de meldingsdatum {value} ligt na nu ({now}). Kies een datum in het verleden.",
        "fr": "Signalement {signal} : la date du signalement {value} est postérieure à maintenant ({now}). Choisissez une date passée.",
    },
    "error.signal_new_outside": {
        "nl": "Signaal {signal}: de plaats ({x}, {y}) ligt buiten de gemeenten van deze werkruimte. Klik binnen de zone.",
        "fr": "Signalement {signal} : l'emplacement ({x}, {y}) se trouve hors des communes de cet espace de travail. Cliquez à l'intérieur de la zone.",
    },
    "error.signal_id_twice": {
        "nl": "Referentie '{id}' staat twee keer bij de nieuwe signalen. Geef elk signaal een eigen referentie.",
        "fr": "La référence « {id} » figure deux fois parmi les nouveaux signalements. Donnez à chaque signalement sa propre référence.",
    },
    "error.signal_id_stored": {
        "nl": "Referentie '{id}' is al bewaard. Gebruik een andere referentie of laat het signaal weg.",
        "fr": "La référence « {id} » est déjà enregistrée. Utilisez une autre référence ou omettez ce signalement.",
    },
    "error.signal_transition_nieuw": {
        "nl": "Een nieuw signaal kan enkel naar 'doorgegeven' of 'niet weerhouden'. Geef het eerst door aan een dienst.",
        "fr": "Un nouveau signalement ne peut passer qu'à « transmis » ou « non retenu ». Transmettez-le d'abord à un service.",
    },
    "error.signal_transition_doorgegeven": {
        "nl": "Een doorgegeven signaal kan enkel naar 'in behandeling', 'opgelost', 'niet weerhouden' of opnieuw 'doorgegeven' aan een andere dienst. Kies een van die statussen.",
        "fr": "Un signalement transmis ne peut passer qu'à « en traitement », « résolu », « non retenu » ou de nouveau à « transmis » à un autre service. Choisissez l'un de ces statuts.",
    },
    "error.signal_transition_in_behandeling": {
        "nl": "Een signaal in behandeling kan enkel naar 'opgelost', 'niet weerhouden' of opnieuw 'doorgegeven' aan een andere dienst. Kies een van die statussen.",
        "fr": "Un signalement en traitement ne peut passer qu'à « résolu », « non retenu » ou de nouveau à « transmis » à un autre service. Choisissez l'un de ces statuts.",
    },
    "error.signal_transition_opgelost": {
        "nl": "Een opgelost signaal is afgesloten; het kan enkel heropend worden (terug naar 'nieuw').",
        "fr": "Un signalement résolu est clôturé ; il peut seulement être rouvert (retour à « nouveau »).",
    },
    "error.signal_transition_niet_weerhouden": {
        "nl": "Een niet weerhouden signaal is afgesloten; het kan enkel heropend worden (terug naar 'nieuw').",
        "fr": "Un signalement non retenu est clôturé ; il peut seulement être rouvert (retour à « nouveau »).",
    },
    "error.signal_change_before": {
        "nl": "Signaal {signal}: de datum {at} ligt vóór de vorige wijziging ({last}). Kies een datum vanaf {last}.",
        "fr": "Signalement {signal} : la date {at} précède la modification précédente ({last}). Choisissez une date à partir du {last}.",
    },
    "error.signal_change_future": {
        "nl": "De wijziging is gedateerd op {at}, na nu ({now}). Kies vandaag of een vroegere dag.",
        "fr": "La modification est datée du {at}, après maintenant ({now}). Choisissez aujourd'hui ou un jour passé.",
    },
    "error.signal_change_by": {
        "nl": "Een statuswijziging heeft de naam nodig van wie ze invoert. Vul de naam in.",
        "fr": "Une modification de statut exige le nom de la personne qui l'encode. Indiquez le nom.",
    },
    "error.signal_handover_service": {
        "nl": "Signaal {signal}: doorgeven kan enkel aan een dienst. Vul de dienst in.",
        "fr": "Signalement {signal} : une transmission exige un service. Indiquez le service.",
    },
    "error.signal_reroute_same": {
        "nl": "Signaal {signal} is al doorgegeven aan {service}. Kies een andere dienst om het door te sturen.",
        "fr": "Le signalement {signal} a déjà été transmis à {service}. Choisissez un autre service pour le réorienter.",
    },
    "error.photo_empty": {
        "nl": "De foto is leeg (0 bytes). Kies het bestand opnieuw.",
        "fr": "La photo est vide (0 octet). Choisissez à nouveau le fichier.",
    },
    "error.photo_too_large": {
        "nl": "De foto is {size} MB; hoogstens {limit} MB is toegelaten. Kies een kleinere foto of verklein ze eerst.",
        "fr": "La photo fait {size} Mo ; {limit} Mo au maximum sont admis. Choisissez une photo plus petite ou réduisez-la d'abord.",
    },
    "error.photo_type": {
        "nl": "De foto is een {kind}-bestand. Enkel JPEG en PNG zijn toegelaten; bewaar ze als JPEG of PNG.",
        "fr": "La photo est un fichier {kind}. Seuls JPEG et PNG sont admis ; enregistrez-la en JPEG ou en PNG.",
    },
    "error.photo_pixels": {
        "nl": "De foto heeft {width}×{height} pixels; hoogstens {limit} megapixels zijn toegelaten. Verklein de foto eerst.",
        "fr": "La photo compte {width}×{height} pixels ; {limit} mégapixels au maximum sont admis. Réduisez d'abord la photo.",
    },
    "error.photo_unreadable": {
        "nl": "De foto kan niet gelezen worden als JPEG of PNG; het bestand is beschadigd of geen foto. Kies een ander bestand.",
        "fr": "La photo ne peut pas être lue comme JPEG ou PNG ; le fichier est endommagé ou n'est pas une photo. Choisissez un autre fichier.",
    },
}
