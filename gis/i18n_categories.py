"""Incident categories in French (merged into :data:`gis.i18n.MESSAGES` as ``category.<code>``).

A category is data: the Dutch fact qualification a Flemish zone records (``woninginbraak``).
It stays so in every table and file; only what a French-speaking user reads is translated,
through :func:`gis.i18n.category_label`. A category not listed here is shown as recorded.
"""

from __future__ import annotations

_FRENCH: dict[str, str] = {
    "woninginbraak": "cambriolage d'habitation",
    "diefstal met geweld": "vol avec violence",
    "slagen en verwondingen": "coups et blessures",
    "intrafamiliaal geweld": "violence intrafamiliale",
    "verkeersongeval met gewonden": "accident de la route avec blessés",
    "verkeersongeval": "accident de la route",
    "drugsoverlast": "nuisances liées à la drogue",
    "autodiefstal": "vol de voiture",
    "diefstal uit voertuig": "vol dans un véhicule",
    "fietsdiefstal": "vol de vélo",
    "winkeldiefstal": "vol à l'étalage",
    "gauwdiefstal": "vol à la tire",
    "vandalisme": "vandalisme",
    "burenruzie": "conflit de voisinage",
    "graffiti": "graffiti",
    "geluidsoverlast": "nuisances sonores",
    "jongerenoverlast": "nuisances causées par des jeunes",
    "sluikstorten": "dépôt clandestin",
    "parkeeroverlast": "nuisances de stationnement",
    "wildplassen": "uriner sur la voie publique",
    "drugsbezit": "détention de drogue",
    "verkeersovertreding": "infraction de roulage",
    "snelheidsovertreding": "excès de vitesse",
    "rijden onder invloed": "conduite sous influence",
    "gordeldracht": "port de la ceinture",
    "gsm achter het stuur": "GSM au volant",
    "parkeerovertreding": "infraction de stationnement",
    "gas-vaststelling": "constat SAC",
    "identiteitscontrole": "contrôle d'identité",
    "illegaal verblijf": "séjour illégal",
    "wapenbezit": "port d'arme",
}

CATEGORY_MESSAGES: dict[str, dict[str, str]] = {
    f"category.{code}": {"nl": code, "fr": french} for code, french in _FRENCH.items()
}
