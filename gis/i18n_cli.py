# ruff: noqa: E501  (the message catalogue holds whole sentences)
"""Help texts of the ``wijkradar`` command line (merged into :data:`gis.i18n.MESSAGES`).

``cli.help.<command path>`` describes a command or command group (``cli.help.wijkradar`` is the
program itself); ``cli.opt.<name>`` is the help of an option or argument, shared by every
command where the same text applies. The language is chosen once, when the command line is
imported, by ``WIJKRADAR_LANG`` (:data:`wijkradar.cli_common.HELP_LANGUAGE`).
"""

from __future__ import annotations

CLI_MESSAGES: dict[str, dict[str, str]] = {
    # commands and command groups (wijkradar/cli*.py)
    "cli.help.wijkradar": {
        "nl": "wijkradar — hotspots en aanwezigheid voor de wijkdienst.",
        "fr": "wijkradar — points chauds et présence pour le service de quartier.",
    },
    "cli.help.zone": {
        "nl": "Politiezones en hun wijken.",
        "fr": "Les zones de police et leurs quartiers.",
    },
    "cli.help.zone.list": {
        "nl": "Toon de 107 politiezones van Vlaanderen en Brussel.",
        "fr": "Affiche les 107 zones de police de Flandre et de Bruxelles.",
    },
    "cli.help.zone.show": {
        "nl": "Toon de gemeenten, deelgemeenten en wijken van een zone.",
        "fr": "Affiche les communes, sections de commune et quartiers d'une zone.",
    },
    "cli.help.zone.wijken": {
        "nl": "Vervang de wijken van de werkruimte door de eigen polygonen van de zone; toont herstellingen, gaten en overlappingen (m²).",
        "fr": "Remplace les quartiers de l'espace de travail par les polygones propres à la zone ; affiche les réparations, trous et chevauchements (m²).",
    },
    "cli.help.workspace": {
        "nl": "Werkruimtes (GeoPackage).",
        "fr": "Espaces de travail (GeoPackage).",
    },
    "cli.help.workspace.create": {
        "nl": "Maak een lege werkruimte (GeoPackage-bestand of postgresql://-URL) voor een of meer zones.",
        "fr": "Crée un espace de travail vide (fichier GeoPackage ou URL postgresql://) pour une ou plusieurs zones.",
    },
    "cli.help.workspace.info": {
        "nl": "Toon de zones, het aantal incidenten en het importlogboek van een werkruimte.",
        "fr": "Affiche les zones, le nombre d'incidents et le journal d'import d'un espace de travail.",
    },
    "cli.help.import": {
        "nl": "Importeer incidenten uit een CSV/XLSX-bestand; geweigerde rijen komen in een rapport naast de werkruimte.",
        "fr": "Importe des incidents depuis un fichier CSV/XLSX ; les lignes refusées vont dans un rapport à côté de l'espace de travail.",
    },
    "cli.help.demo": {
        "nl": "Bouw een werkruimte met SYNTHETISCHE demo-incidenten voor de gegeven zone(s).",
        "fr": "Construit un espace de travail avec des incidents de démonstration SYNTHÉTIQUES pour la ou les zones données.",
    },
    "cli.help.gazetteer": {
        "nl": "Adressenbestand (BeST-Address of Adressenregister) voor offline geocodering.",
        "fr": "Fichier d'adresses (BeST-Address ou Adressenregister) pour le géocodage hors ligne.",
    },
    "cli.help.gazetteer.import": {
        "nl": "Laad BeST-Address of het Adressenregister in de werkruimte, geknipt op de zone.",
        "fr": "Charge BeST-Address ou l'Adressenregister dans l'espace de travail, découpé selon la zone.",
    },
    "cli.help.geocode": {
        "nl": "Geocodeer elk incident met status to_geocode (en probeer te controleren rijen opnieuw met de correcties); toont het aantal per niveau.",
        "fr": "Géocode chaque incident au statut to_geocode (et réessaie les lignes à vérifier avec les corrections) ; affiche le nombre par niveau.",
    },
    "cli.help.user": {
        "nl": "Gebruikers van een werkruimte en hun rol.",
        "fr": "Les utilisateurs d'un espace de travail et leur rôle.",
    },
    "cli.help.user.add": {
        "nl": "Voeg een gebruiker toe of werk hem bij (wachtwoord via stdin, met argon2 gehasht, of een OIDC-koppeling).",
        "fr": "Ajoute ou actualise un utilisateur (mot de passe via stdin, haché avec argon2, ou un lien OIDC).",
    },
    "cli.help.user.remove": {
        "nl": "Verwijder een gebruiker (zijn auditrecords blijven bewaard).",
        "fr": "Supprime un utilisateur (ses enregistrements d'audit sont conservés).",
    },
    "cli.help.user.list": {
        "nl": "Toon de gebruikers, hun rol en wijken (nooit een wachtwoord of hash).",
        "fr": "Affiche les utilisateurs, leur rôle et leurs quartiers (jamais un mot de passe ni un hash).",
    },
    "cli.help.audit": {
        "nl": "Het auditlogboek (enkel chef en admin).",
        "fr": "Le journal d'audit (chef et admin uniquement).",
    },
    "cli.help.audit.list": {
        "nl": "Toon het auditlogboek (chef/admin); het lezen zelf wordt gelogd.",
        "fr": "Affiche le journal d'audit (chef/admin) ; la lecture elle-même est journalisée.",
    },
    "cli.help.audit.export": {
        "nl": "Schrijf het volledige auditlogboek als CSV (chef/admin); wordt gelogd.",
        "fr": "Écrit tout le journal d'audit en CSV (chef/admin) ; journalisé.",
    },
    "cli.help.postgis": {
        "nl": "Werkruimtes op een gedeelde PostgreSQL/PostGIS-server.",
        "fr": "Espaces de travail sur un serveur PostgreSQL/PostGIS partagé.",
    },
    "cli.help.postgis.create": {
        "nl": "Maak een lege werkruimte in een PostGIS-schema (wachtwoord uit ~/.pgpass of PGPASSWORD).",
        "fr": "Crée un espace de travail vide dans un schéma PostGIS (mot de passe depuis ~/.pgpass ou PGPASSWORD).",
    },
    "cli.help.postgis.copy": {
        "nl": "Kopieer een werkruimte (gebieden, incidenten, importlogboek, gebruikers) naar een nieuw PostGIS-schema.",
        "fr": "Copie un espace de travail (zones, incidents, journal d'import, utilisateurs) vers un nouveau schéma PostGIS.",
    },
    "cli.help.export": {
        "nl": "Schrijf (GeoPackage + CSV) precies wat gebruiker --as mag zien; gelogd zoals een download.",
        "fr": "Écrit (GeoPackage + CSV) exactement ce que l'utilisateur --as peut voir ; journalisé comme un téléchargement.",
    },
    "cli.help.plan": {
        "nl": "Maak het aanwezigheidsplan van de week: slots per dienst met plaats, tijd, verblijfsduur en reden.",
        "fr": "Établit le plan de présence de la semaine : créneaux par service avec lieu, heure, durée et motif.",
    },
    "cli.help.wijkrapport": {
        "nl": "Schrijf het maandelijkse wijkrapport (incidenten, trends, hotspots, gedane aanwezigheid) als PDF.",
        "fr": "Écrit le rapport mensuel de quartier (incidents, tendances, points chauds, présence effectuée) en PDF.",
    },
    "cli.help.demo-opvolging": {
        "nl": "Vul een DEMO-werkruimte met SYNTHETISCHE gepubliceerde plannen en opvolging van voorbije weken.",
        "fr": "Remplit un espace de travail de DÉMO avec des plans publiés et un suivi SYNTHÉTIQUES des semaines passées.",
    },
    "cli.help.backtest": {
        "nl": "Toets de voorspelling tegen de basislijnen count-4w, count-52w en kde-52w.",
        "fr": "Teste la prévision par rapport aux références count-4w, count-52w et kde-52w.",
    },
    "cli.help.signals": {
        "nl": "Signalen uit de wijk: defecten op het openbaar domein en bronnen van onveiligheid.",
        "fr": "Signalements du quartier : défauts sur le domaine public et sources d'insécurité.",
    },
    "cli.help.signals.import": {
        "nl": "Importeer signalen (type, x/y of lat/lon, beschrijving, datum, …); foute rijen worden opgelijst.",
        "fr": "Importe des signalements (type, x/y ou lat/lon, description, date, …) ; les lignes erronées sont listées.",
    },
    "cli.help.signals.export": {
        "nl": "Exporteer de signalen naar CSV (formules onschadelijk gemaakt) of een GeoPackage-laag.",
        "fr": "Exporte les signalements en CSV (formules neutralisées) ou en couche GeoPackage.",
    },
    "cli.help.signals.handover": {
        "nl": "Maak de overdrachtslijst van één dienst (PDF + CSV) en registreer ze; er wordt geen e-mail verstuurd.",
        "fr": "Établit la liste de transmission d'un service (PDF + CSV) et l'enregistre ; aucun e-mail n'est envoyé.",
    },
    "cli.help.signals.services": {
        "nl": "Toon de verantwoordelijke diensten, of vervang ze uit een CSV/XLSX-bestand.",
        "fr": "Affiche les services responsables, ou les remplace depuis un fichier CSV/XLSX.",
    },
    "cli.help.signals.counts": {
        "nl": "Aantal signalen per wijk voor een maand (het blok van het maandelijkse wijkrapport).",
        "fr": "Nombre de signalements par quartier pour un mois (le bloc du rapport mensuel de quartier).",
    },
    # options and arguments shared by several commands
    "cli.opt.lang": {
        "nl": "Taal van de uitvoer: nl of fr / langue : nl ou fr.",
        "fr": "Langue de la sortie : nl ou fr.",
    },
    "cli.opt.workspace_gpkg": {
        "nl": "Werkruimte (.gpkg).",
        "fr": "Espace de travail (.gpkg).",
    },
    "cli.opt.workspace_gpkg_or_postgresql": {
        "nl": "Werkruimte (.gpkg of postgresql://-URL).",
        "fr": "Espace de travail (.gpkg ou URL postgresql://).",
    },
    "cli.opt.workspace_gpkg_or_url": {
        "nl": "Werkruimte (.gpkg of URL).",
        "fr": "Espace de travail (.gpkg ou URL).",
    },
    "cli.opt.workspace_location": {
        "nl": "Werkruimte: .gpkg of postgresql://-URL.",
        "fr": "Espace de travail : .gpkg ou URL postgresql://.",
    },
    "cli.opt.zone": {"nl": "Zonecode, bv. ipz31.", "fr": "Code de zone, p. ex. ipz31."},
    "cli.opt.seed": {"nl": "Toevalszaad.", "fr": "Graine aléatoire."},
    "cli.opt.end_date": {
        "nl": "Einddatum (jjjj-mm-dd), standaard vandaag.",
        "fr": "Date de fin (aaaa-mm-jj), par défaut aujourd'hui.",
    },
    # zone wijken, import, demo (wijkradar/cli.py)
    "cli.opt.zone.wijken.file": {
        "nl": "GeoJSON, GeoPackage of gezipte Shapefile.",
        "fr": "GeoJSON, GeoPackage ou Shapefile zippé.",
    },
    "cli.opt.layer": {"nl": "Laag in een GeoPackage.", "fr": "Couche dans un GeoPackage."},
    "cli.opt.code_column": {"nl": "Kolom met de wijkcode.", "fr": "Colonne du code de quartier."},
    "cli.opt.name_column": {"nl": "Kolom met de wijknaam.", "fr": "Colonne du nom de quartier."},
    "cli.opt.import.file": {"nl": "CSV of XLSX export.", "fr": "Export CSV ou XLSX."},
    "cli.opt.import.crs": {
        "nl": "CRS van x/y: EPSG:31370, 3812 of 4326.",
        "fr": "CRS de x/y : EPSG:31370, 3812 ou 4326.",
    },
    "cli.opt.mapping": {"nl": "Mappingbestand (YAML).", "fr": "Fichier de correspondance (YAML)."},
    "cli.opt.source": {"nl": "Bron van rijen zonder bron.", "fr": "Source des lignes sans source."},
    "cli.opt.import.zone": {
        "nl": "Maak de werkruimte aan voor zone.",
        "fr": "Crée l'espace de travail pour la zone.",
    },
    "cli.opt.demo.zone": {"nl": "Zonecode(s).", "fr": "Code(s) de zone."},
    "cli.opt.years": {
        "nl": "Aantal jaren demodata.",
        "fr": "Nombre d'années de données de démonstration.",
    },
    # backtest (wijkradar/cli_backtest.py)
    "cli.opt.backtest.file": {
        "nl": "CSV met kolommen id, category, start, x, y.",
        "fr": "CSV avec les colonnes id, category, start, x, y.",
    },
    "cli.opt.backtest.crs": {
        "nl": "CRS van x/y, bv. EPSG:31370.",
        "fr": "CRS de x/y, p. ex. EPSG:31370.",
    },
    "cli.opt.test_start": {
        "nl": "Eerste testdag (jjjj-mm-dd).",
        "fr": "Premier jour de test (aaaa-mm-jj).",
    },
    "cli.opt.test_end": {
        "nl": "Laatste testdag (jjjj-mm-dd).",
        "fr": "Dernier jour de test (aaaa-mm-jj).",
    },
    "cli.opt.backtest.out": {
        "nl": "Map voor folds.csv, summary.csv, top_cells.csv.",
        "fr": "Dossier pour folds.csv, summary.csv, top_cells.csv.",
    },
    "cli.opt.cell": {"nl": "Celgrootte in meter.", "fr": "Taille des cellules en mètres."},
    "cli.opt.horizon": {
        "nl": "Horizon in dagen (één fold per horizon).",
        "fr": "Horizon en jours (un fold par horizon).",
    },
    "cli.opt.backtest.category": {
        "nl": "Enkel deze categorie(ën).",
        "fr": "Seulement cette ou ces catégories.",
    },
    "cli.opt.zone_file": {
        "nl": "Zonepolygonen; anders de cellen binnen 300 m van een eerder feit.",
        "fr": "Polygones de zone ; sinon les cellules à moins de 300 m d'un fait antérieur.",
    },
    "cli.opt.shift_block": {
        "nl": 'Voorspel en toets één shiftblok, bv. "ma-vr 08:00-16:00" of "22:00-06:00" (elke dag); de basislijnen tellen dan enkel de feiten in het blok.',
        "fr": 'Prévoit et teste un seul bloc horaire, p. ex. "lun-ven 08:00-16:00" ou "22:00-06:00" (tous les jours) ; les références ne comptent alors que les faits du bloc.',
    },
    # gazetteer, geocode (wijkradar/cli_geocode.py)
    "cli.opt.gazetteer.file": {
        "nl": "openaddress-be*.zip/.csv of Adressenregister.",
        "fr": "openaddress-be*.zip/.csv ou Adressenregister.",
    },
    "cli.opt.gazetteer.zone": {
        "nl": "Knip op deze zone(s) van WS.",
        "fr": "Découpe selon cette ou ces zones de WS.",
    },
    "cli.opt.buffer": {
        "nl": "Marge rond de zone in meter.",
        "fr": "Marge autour de la zone en mètres.",
    },
    "cli.opt.gazetteer.geocode": {
        "nl": "Geocodeer daarna de rijen die op een punt wachten.",
        "fr": "Géocode ensuite les lignes qui attendent un point.",
    },
    "cli.opt.redo": {
        "nl": "Herdoe ook de rijen die al door de geocoder geplaatst zijn.",
        "fr": "Refait aussi les lignes déjà placées par le géocodeur.",
    },
    # plan, wijkrapport, demo-opvolging (wijkradar/cli_plan.py)
    "cli.opt.week": {"nl": "ISO-week, bv. 2026-W49.", "fr": "Semaine ISO, p. ex. 2026-W49."},
    "cli.opt.plan.out": {
        "nl": "Map voor weekplan (Excel) en briefings (PDF).",
        "fr": "Dossier pour le plan hebdomadaire (Excel) et les briefings (PDF).",
    },
    "cli.opt.roster": {
        "nl": "Dienstrooster (CSV/XLSX) om eerst in te lezen.",
        "fr": "Horaire de service (CSV/XLSX) à lire d'abord.",
    },
    "cli.opt.duties": {"nl": "Vaste taken (CSV/XLSX).", "fr": "Tâches fixes (CSV/XLSX)."},
    "cli.opt.plan.seed": {
        "nl": "Toevalszaad voor onvoorspelbare tijden.",
        "fr": "Graine aléatoire pour des heures imprévisibles.",
    },
    "cli.opt.inspector": {
        "nl": "Enkel deze inspecteur(s).",
        "fr": "Seulement cet ou ces inspecteurs.",
    },
    "cli.opt.bike_kmh": {"nl": "Fietssnelheid km/u.", "fr": "Vitesse à vélo en km/h."},
    "cli.opt.publish": {"nl": "Publiceer het plan meteen.", "fr": "Publie le plan immédiatement."},
    "cli.opt.plan.by": {
        "nl": "Wie maakt/publiceert het plan.",
        "fr": "Qui établit/publie le plan.",
    },
    "cli.opt.briefings": {"nl": "Schrijf een PDF per dienst.", "fr": "Écrit un PDF par service."},
    "cli.opt.forecast": {
        "nl": "Gebruik de forecast (gis.forecast, met betrouwbaarheidstoets; traag) in plaats van de snelle basislijn.",
        "fr": "Utilise la prévision (gis.forecast, avec test de fiabilité ; lent) au lieu de la référence rapide.",
    },
    "cli.opt.report.month": {"nl": "Maand, bv. 2026-11.", "fr": "Mois, p. ex. 2026-11."},
    "cli.opt.pdf_file": {"nl": "PDF-bestand.", "fr": "Fichier PDF."},
    "cli.opt.report.zone": {
        "nl": "Zonecode (standaard de eerste).",
        "fr": "Code de zone (par défaut la première).",
    },
    "cli.opt.weeks": {"nl": "Aantal weken terug.", "fr": "Nombre de semaines en arrière."},
    # signals (wijkradar/cli_signals.py)
    "cli.opt.signals.file": {
        "nl": "CSV of XLSX met signalen.",
        "fr": "CSV ou XLSX avec des signalements.",
    },
    "cli.opt.signals.by": {
        "nl": "Melder van rijen zonder melder.",
        "fr": "Déclarant des lignes sans déclarant.",
    },
    "cli.opt.signals.crs": {
        "nl": "CRS van x/y (anders afgeleid).",
        "fr": "CRS de x/y (sinon déduit).",
    },
    "cli.opt.rejects": {
        "nl": "Schrijf de geweigerde rijen naar dit CSV-bestand.",
        "fr": "Écrit les lignes refusées dans ce fichier CSV.",
    },
    "cli.opt.signals.out": {
        "nl": "Doelbestand: .csv of .gpkg.",
        "fr": "Fichier cible : .csv ou .gpkg.",
    },
    "cli.opt.status": {
        "nl": "Enkel deze status(sen): nieuw, doorgegeven, in_behandeling, opgelost, niet_weerhouden.",
        "fr": "Seulement ce(s) statut(s) : nieuw, doorgegeven, in_behandeling, opgelost, niet_weerhouden.",
    },
    "cli.opt.service": {
        "nl": "De dienst (zoals in de tabel).",
        "fr": "Le service (comme dans le tableau).",
    },
    "cli.opt.handover.by": {"nl": "Wie de lijst opmaakt.", "fr": "Qui établit la liste."},
    "cli.opt.handover.out": {
        "nl": "Map voor de PDF en de CSV.",
        "fr": "Dossier pour le PDF et le CSV.",
    },
    "cli.opt.sender": {"nl": "Afzender op het document.", "fr": "Expéditeur sur le document."},
    "cli.opt.reminders": {
        "nl": "Ook openstaande herinneringen.",
        "fr": "Aussi les rappels en attente.",
    },
    "cli.opt.mark": {
        "nl": "Nieuwe signalen op 'doorgegeven' zetten.",
        "fr": "Passer les nouveaux signalements au statut 'doorgegeven' (transmis).",
    },
    "cli.opt.services.file": {
        "nl": "CSV/XLSX met type;nis;service;contact (vervangt).",
        "fr": "CSV/XLSX avec type;nis;service;contact (remplace).",
    },
    "cli.opt.counts.month": {
        "nl": "Maand (jjjj-mm), standaard vorige maand.",
        "fr": "Mois (aaaa-mm), par défaut le mois précédent.",
    },
    # user, export, audit, postgis (wijkradar/cli_users.py)
    "cli.opt.user.name": {
        "nl": "Gebruikersnaam (a-z, 0-9, . _ -).",
        "fr": "Nom d'utilisateur (a-z, 0-9, . _ -).",
    },
    "cli.opt.user.remove.name": {"nl": "Gebruikersnaam.", "fr": "Nom d'utilisateur."},
    "cli.opt.role": {
        "nl": "chef, inspecteur, partner of admin.",
        "fr": "chef, inspecteur, partner ou admin.",
    },
    "cli.opt.wijk": {
        "nl": "Eigen wijk (inspecteur); herhaalbaar.",
        "fr": "Quartier propre (inspecteur) ; répétable.",
    },
    "cli.opt.neighbour": {
        "nl": "Buurwijk, enkel lezen (inspecteur); herhaalbaar.",
        "fr": "Quartier voisin, lecture seule (inspecteur) ; répétable.",
    },
    "cli.opt.email": {
        "nl": "E-mail bij de identiteitsprovider.",
        "fr": "E-mail auprès du fournisseur d'identité.",
    },
    "cli.opt.subject": {
        "nl": "OIDC 'sub' bij de provider.",
        "fr": "'sub' OIDC auprès du fournisseur.",
    },
    "cli.opt.password_stdin": {
        "nl": "Lees het wachtwoord van stdin.",
        "fr": "Lit le mot de passe depuis stdin.",
    },
    "cli.opt.export.as": {
        "nl": "Exporteer wat deze gebruiker mag zien.",
        "fr": "Exporte ce que cet utilisateur peut voir.",
    },
    "cli.opt.export.what": {
        "nl": "incidents, nuisance, hotspots of plan.",
        "fr": "incidents, nuisance, hotspots ou plan.",
    },
    "cli.opt.export.out": {"nl": "Map voor de bestanden.", "fr": "Dossier pour les fichiers."},
    "cli.opt.start_date": {"nl": "Vanaf (jjjj-mm-dd).", "fr": "À partir du (aaaa-mm-jj)."},
    "cli.opt.end_exclusive": {
        "nl": "Tot (jjjj-mm-dd, niet inbegrepen).",
        "fr": "Jusqu'au (aaaa-mm-jj, non compris).",
    },
    "cli.opt.category": {"nl": "Categorie; herhaalbaar.", "fr": "Catégorie ; répétable."},
    "cli.opt.level": {
        "nl": "nuisance: wijk, deelgemeente of grid.",
        "fr": "nuisance : wijk, deelgemeente ou grid.",
    },
    "cli.opt.period": {
        "nl": "nuisance: total, quarter, month, week.",
        "fr": "nuisance : total, quarter, month, week.",
    },
    "cli.opt.cell_size": {
        "nl": "Celgrootte (m) van grid/hotspots.",
        "fr": "Taille des cellules (m) de grid/hotspots.",
    },
    "cli.opt.xlsx": {"nl": "Schrijf ook een XLSX.", "fr": "Écrit aussi un XLSX."},
    "cli.opt.audit.as": {"nl": "Een chef of admin.", "fr": "Un chef ou un admin."},
    "cli.opt.audit.user": {"nl": "Enkel deze gebruiker.", "fr": "Seulement cet utilisateur."},
    "cli.opt.audit.action": {"nl": "Enkel deze actie.", "fr": "Seulement cette action."},
    "cli.opt.last": {
        "nl": "Toon de laatste N records.",
        "fr": "Affiche les N derniers enregistrements.",
    },
    "cli.opt.csv_file": {"nl": "CSV-bestand.", "fr": "Fichier CSV."},
    "cli.opt.postgis.url": {
        "nl": "postgresql://host/db?schema=naam (geen wachtwoord).",
        "fr": "postgresql://host/db?schema=nom (sans mot de passe).",
    },
    "cli.opt.postgis.source": {
        "nl": "Bestaande werkruimte (.gpkg).",
        "fr": "Espace de travail existant (.gpkg).",
    },
    "cli.opt.postgis.target": {
        "nl": "Nieuwe werkruimte: postgresql://…?schema=naam.",
        "fr": "Nouvel espace de travail : postgresql://…?schema=nom.",
    },
}
