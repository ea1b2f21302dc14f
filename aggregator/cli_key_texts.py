"""The French help of ``repit-aggregator helper-key create|rotate|retire``.

A part of ``aggregator.cli_texts`` (which typesets it), kept apart to keep that
module small: plain spaces and straight apostrophes, as there.
"""

from __future__ import annotations

from typing import Final

HELPER_KEY_CREATE: Final = """Créer la paire de clés HPKE du second serveur et afficher sa
configuration publique (JSON).

La clé privée reste dans --key-file ; les postes reçoivent la configuration
publique du serveur principal, qui la lit sur /api/v1/hpke-config du
second serveur.

\b
Exemple :
  repit-aggregator helper-key create --key-file /etc/repit/helper-key.json
      --token-file /etc/repit/leader-token
"""

HELPER_KEY_ROTATE: Final = """Créer une nouvelle clé HPKE courante et garder les précédentes pour
ouvrir ce qui leur a été scellé.

Les postes scellent avec la nouvelle clé dès qu'ils la connaissent (le serveur
principal la transmet aux nouvelles inscriptions, les agents inscrits la
récupèrent une fois par jour) ; les rapports déjà scellés avec une ancienne clé
s'ouvrent encore. Le second serveur en marche lit le fichier au démarrage et à chaque
SIGHUP : rechargez-le (systemctl reload repit-helper). Affiche la nouvelle
configuration publique (JSON).

\b
Exemple :
  repit-aggregator helper-key rotate --key-file /etc/repit/helper-key.json
"""

HELPER_KEY_RETIRE: Final = """Abandonner une clé HPKE retirée : les rapports encore scellés avec
elle sont refusés dès lors.

Retirez une clé une fois arrivés les rapports scellés avec elle : une semaine
après la rotation couvre les agents éteints (ils envoient ce qui attend à leur
démarrage suivant), davantage si certains restent éteints pendant des congés. La
clé courante ne peut pas être retirée ; rechargez ensuite le second serveur
(systemctl reload repit-helper).

\b
Exemple :
  repit-aggregator helper-key retire --key-file /etc/repit/helper-key.json --id 17
"""
ROTATED_KEY_FILE: Final = (
    "Le fichier de clés du second serveur (helper-key create), réécrit sur place, lisible par "
    "son seul propriétaire."
)
