"""Messages of the data pages' tables and exports (merged into :data:`gis.i18n.MESSAGES`).

Column headings and code values of the import, incident, audit-log, partner and signal
tables and of their CSV/Excel/PDF downloads.

Keys: ``table.col.<field>`` (heading of a canonical field, also the field's name in the reject
report), ``table.source.<code>`` (:data:`gis.schema.SOURCES`), ``audit.action.<code>``
(:data:`gis.workspace.AUDIT_ACTIONS`), ``table.sheet.<export>`` and ``table.file.<export>``
(names of a download's Excel sheet and file) and ``table.tab.<page>`` (browser tab titles).
"""

from __future__ import annotations

TABLE_MESSAGES: dict[str, dict[str, str]] = {
    # incident fields (gis.schema, gis.importing.INPUT_FIELDS)
    "table.col.id": {"nl": "PV/id", "fr": "PV/id"},
    "table.col.source": {"nl": "Bron", "fr": "Source"},
    "table.col.category": {"nl": "Categorie", "fr": "Catégorie"},
    "table.col.start": {"nl": "Begin", "fr": "Début"},
    "table.col.end": {"nl": "Einde", "fr": "Fin"},
    "table.col.x": {"nl": "X", "fr": "X"},
    "table.col.y": {"nl": "Y", "fr": "Y"},
    "table.col.lat": {"nl": "Breedtegraad", "fr": "Latitude"},
    "table.col.lon": {"nl": "Lengtegraad", "fr": "Longitude"},
    "table.col.street": {"nl": "Straat", "fr": "Rue"},
    "table.col.number": {"nl": "Nr.", "fr": "N°"},
    "table.col.box": {"nl": "Bus", "fr": "Boîte"},
    "table.col.postcode": {"nl": "Postcode", "fr": "Code postal"},
    "table.col.municipality": {"nl": "Gemeente", "fr": "Commune"},
    "table.col.wijk": {"nl": "Wijk", "fr": "Quartier"},
    "table.col.description": {"nl": "Omschrijving", "fr": "Description"},
    "table.field.whole_row": {"nl": "(hele rij)", "fr": "(ligne entière)"},
    # import log (gis.io_workspace.IMPORT_LOG_COLUMNS)
    "table.col.import_id": {"nl": "Import-id", "fr": "ID d'import"},
    "table.col.imported_at": {"nl": "Geïmporteerd op", "fr": "Importé le"},
    "table.col.file": {"nl": "Bestand", "fr": "Fichier"},
    "table.col.read": {"nl": "Gelezen", "fr": "Lus"},
    "table.col.stored": {"nl": "Bewaard", "fr": "Enregistrés"},
    "table.col.rejected": {"nl": "Geweigerd", "fr": "Refusés"},
    "table.col.duplicates": {"nl": "Dubbels", "fr": "Doublons"},
    "table.col.crs": {"nl": "Coördinatenstelsel", "fr": "Système de coordonnées"},
    "table.col.reject_report": {"nl": "Weigeringsrapport", "fr": "Rapport de refus"},
    # audit log (gis.workspace.AUDIT_COLUMNS)
    "table.col.seq": {"nl": "Volgnr.", "fr": "N° d'ordre"},
    "table.col.at": {"nl": "Tijdstip (UTC)", "fr": "Moment (UTC)"},
    "table.col.user": {"nl": "Gebruiker", "fr": "Utilisateur"},
    "table.col.role": {"nl": "Rol", "fr": "Rôle"},
    "table.col.action": {"nl": "Actie", "fr": "Action"},
    "table.col.what": {"nl": "Wat", "fr": "Objet"},
    "table.col.filters": {"nl": "Filter", "fr": "Filtre"},
    "table.col.rows": {"nl": "Rijen", "fr": "Lignes"},
    "table.col.client": {"nl": "Kanaal", "fr": "Canal"},
    "table.col.detail": {"nl": "Detail", "fr": "Détail"},
    # sources (gis.schema.SOURCES)
    "table.source.pv": {"nl": "pv (proces-verbaal)", "fr": "PV (procès-verbal)"},
    "table.source.melding": {"nl": "melding", "fr": "déclaration"},
    "table.source.klacht": {"nl": "klacht", "fr": "plainte"},
    "table.source.interventie": {"nl": "interventie", "fr": "intervention"},
    "table.source.gas": {"nl": "GAS-boete", "fr": "sanction administrative (SAC)"},
    "table.source.signaal": {"nl": "signaal uit de wijk", "fr": "signalement du quartier"},
    "table.source.andere": {"nl": "andere", "fr": "autre"},
    # audit actions (gis.workspace.AUDIT_ACTIONS)
    "audit.action.login": {"nl": "aanmelding", "fr": "connexion"},
    "audit.action.login_failed": {"nl": "mislukte aanmelding", "fr": "échec de connexion"},
    "audit.action.logout": {"nl": "afmelding", "fr": "déconnexion"},
    "audit.action.view": {"nl": "inzage", "fr": "consultation"},
    "audit.action.aggregate_view": {"nl": "inzage tellingen", "fr": "consultation de comptages"},
    "audit.action.export": {"nl": "export", "fr": "exportation"},
    "audit.action.plan_publish": {"nl": "plan gepubliceerd", "fr": "plan publié"},
    "audit.action.visit": {"nl": "bezoek", "fr": "visite"},
    "audit.action.user_add": {"nl": "gebruiker bewaard", "fr": "utilisateur enregistré"},
    "audit.action.user_remove": {"nl": "gebruiker verwijderd", "fr": "utilisateur supprimé"},
    "audit.action.settings": {"nl": "instellingen gewijzigd", "fr": "paramètres modifiés"},
    "audit.action.audit_view": {"nl": "auditlog ingekeken", "fr": "journal d'audit consulté"},
    "audit.action.audit_export": {"nl": "auditlog geëxporteerd", "fr": "journal d'audit exporté"},
    # Excel sheets and browser tabs
    "table.sheet.incidents": {"nl": "Incidenten", "fr": "Incidents"},
    "table.file.incidents": {"nl": "incidenten", "fr": "incidents"},
    "table.tab.import": {"nl": "wijkradar — import", "fr": "wijkradar — import"},
    "table.tab.review": {"nl": "wijkradar — adressen", "fr": "wijkradar — adresses"},
    "table.tab.incidents": {"nl": "wijkradar — incidenten", "fr": "wijkradar — incidents"},
    "table.tab.audit": {"nl": "wijkradar — audit", "fr": "wijkradar — journal d'audit"},
}
"""Headings and code words of the data pages' tables and downloads, nl-BE and fr-BE."""
