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
}
