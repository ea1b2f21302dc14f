"""The agent's sentences in French (the default).

Written with plain spaces and straight apostrophes for the editor's sake;
``french_typography`` gives every one its non-breaking spaces and curly
apostrophes at import (``tests/texts`` checks the result).
"""

from __future__ import annotations

import dataclasses
from typing import Final

from agent.texts.catalogue import Catalogue
from agent.texts.typography import french_typography


def _typeset(catalogue: Catalogue) -> Catalogue:
    fields = dataclasses.fields(catalogue)
    return Catalogue(**{f.name: french_typography(getattr(catalogue, f.name)) for f in fields})


FR: Final = _typeset(
    Catalogue(
        break_length="{minutes} minutes",
        break_length_one="1 minute",
        break_title="Répit : un moment pour souffler ?",
        break_body=(
            "Vous êtes devant l'écran depuis {stretch} sans pause de {min_break}. "
            "Quelques minutes debout, loin de l'écran, reposent les yeux et le dos ; "
            "le travail vous attendra."
        ),
        disconnect_title="Répit : droit à la déconnexion",
        disconnect_time="Il est {time}. ",
        disconnect_early=(
            "Votre journée de travail n'a pas encore commencé. "
            "Si rien ne presse, cela peut attendre l'heure habituelle."
        ),
        disconnect_evening=(
            "Votre journée de travail est terminée. "
            "Ce qui reste peut sans doute attendre demain : bonne soirée !"
        ),
        disconnect_between_windows=(
            "C'est la pause prévue dans votre horaire, celle du déjeuner par exemple. "
            "Profitez-en pour vous éloigner de l'écran."
        ),
        disconnect_non_working_day=(
            "C'est le week-end, un jour férié ou un jour non travaillé pour vous. "
            "Rien ne vous oblige à travailler aujourd'hui : reposez-vous."
        ),
        disconnect_outside_hours=(
            "Vous êtes en dehors de vos horaires de travail. Si rien ne presse, cela peut attendre."
        ),
        short_rest_title="Répit : une nuit un peu courte",
        short_rest_body=(
            "Votre repos avant cette journée a duré {rest}, moins que les {recommended} h "
            "recommandées. Si vous le pouvez, ménagez-vous aujourd'hui et terminez à l'heure."
        ),
        short_rest_body_unknown=(
            "Votre repos avant cette journée a été plus court que les {recommended} h "
            "recommandées. Si vous le pouvez, ménagez-vous aujourd'hui et terminez à l'heure."
        ),
        daily_limit_title="Répit : une longue journée d'écran",
        daily_limit_body=(
            "Vous avez passé {active} devant l'écran aujourd'hui. "
            "C'est déjà beaucoup : si vous le pouvez, gardez la suite pour demain."
        ),
        action_break="Je fais une pause",
        action_snooze="Dans 10 minutes",
        action_meeting="En réunion",
        menu_today="Mes chiffres du jour",
        menu_pause="Suspendre les rappels",
        menu_paused="Rappels suspendus {until}",
        menu_meeting="En réunion (1 heure)",
        menu_pause_tomorrow="Jusqu'à demain",
        menu_resume="Reprendre les rappels",
        menu_participation="Participation",
        menu_mode="{mode} — {detail}",
        menu_report="Mon rapport",
        menu_privacy="Confidentialité",
        menu_export="Exporter mes données",
        menu_erase="Effacer mes données…",
        menu_quit="Quitter",
        today_title="Répit : aujourd'hui",
        share_question="Partager des sommes anonymes avec votre équipe ?",
        share_what="Seront envoyés, par jour et par semaine, des nombres entiers :",
        share_values="durées d'écran, pauses, rappels ; jamais une heure, un nom ou un texte.",
        share_to="Destinataire : {destination}, qui ne publie que des totaux de groupe.",
        share_destination="l'agrégateur {url}, équipe {team}",
        share_not_enrolled="Cet ordinateur n'est inscrit dans aucune équipe :",
        share_not_enrolled_then=(
            "rien ne sera envoyé tant que votre administrateur ne l'aura pas inscrit."
        ),
        share_nothing_sent="Rien n'est envoyé : cet ordinateur n'est inscrit dans aucune équipe.",
        share_pending="Équipe : {team}",
        share_pending_then="rien ne sera envoyé avant la fin de l'inscription.",
        share_nothing_sent_pending="Rien n'est envoyé pour l'instant. Équipe : {team}.",
        share_yes="Oui, partager",
        share_no="Non, ne rien changer",
        erase_what="Efface de cet ordinateur : activité, chiffres, réglages, rapport",
        erase_what_then="et inscription dans l'équipe.",
        erase_stops="Répit s'arrête ensuite.",
        erase_yes="Oui, tout effacer",
        erase_no="Non, garder mes données",
        erased_title="Répit : vos données sont effacées",
        erased_body=(
            "Plus rien de Répit ne reste sur cet ordinateur, et Répit s'est arrêté. "
            "Au prochain démarrage, il vous demandera de choisir votre participation."
        ),
        exported_title="Répit : vos données exportées",
        exported_body="Le fichier {name} est dans le dossier qui vient de s'ouvrir : {folder}",
        time_of_day="{hour}\u00a0h\u00a0{minute:02d}",
        until_today="jusqu'à {time}",
        until_tomorrow="jusqu'à demain, {time}",
        until_day="jusqu'au {day}, {time}",
        tooltip="Écran aujourd'hui : {today} · depuis la dernière pause : {since_break}",
        tooltip_no_break="Écran aujourd'hui : {today}",
        tooltip_not_recording="Répit : {state}",
        summary_screen_time="Écran aujourd'hui : {today}",
        summary_since_break="Depuis la dernière pause : {since_break}",
        summary_nothing="Rien n'est encore enregistré aujourd'hui.",
        summary_not_chosen=(
            "Choisissez d'abord votre participation : dans ce menu, « Participation ». "
            "Rien n'est enregistré avant votre choix."
        ),
        summary_off=(
            "Votre participation est désactivée : rien n'est enregistré. "
            "Pour avoir vos chiffres, choisissez « Rappels seulement » dans « Participation »."
        ),
        summary_span="Première et dernière activité : {first} – {last}",
        summary_breaks="Pauses : {breaks}",
        summary_longest_stretch="Plus longue période sans pause : {longest}",
        summary_after_hours="Hors de vos horaires : {after_hours}",
        summary_reminders="Rappels affichés : {reminders}",
        state_not_chosen="participation à choisir",
        state_off="désactivé, rien n'est enregistré",
        state_paused="rappels suspendus",
        state_break_due="une pause vous ferait du bien",
        state_recording="actif",
        consent_title="Répit : choisissez votre participation",
        consent_body=(
            "Rien n'est enregistré tant que vous n'avez pas choisi. "
            "Dans le menu de l'icône Répit, « Participation » : {off}, {reminders} ou {share}. "
            "Vous pouvez changer d'avis à tout moment ; « Confidentialité » explique tout."
        ),
        mode_off="Désactivé",
        mode_reminders="Rappels seulement",
        mode_share="Rappels et partage anonyme",
        mode_not_chosen="Pas encore choisie",
        mode_off_detail="rien n'est enregistré, aucun rappel",
        mode_reminders_detail="des rappels ; tout reste sur cet ordinateur",
        mode_share_detail="des rappels, et des sommes anonymes pour votre équipe",
        resumed="Les rappels reprennent.",
        status_mode="Participation",
        status_today="Écran aujourd'hui",
        status_since_break="Depuis la dernière pause",
        status_next_reminder="Prochain rappel",
        status_team="Équipe",
        status_last_upload="Dernier envoi",
        status_never="jamais",
        status_none="aucun",
        status_not_enrolled="aucune, cet ordinateur n'est inscrit dans aucune équipe",
        status_paused_until="suspendus {until}",
        status_reminders="Rappels",
        status_share_pending=("rien n'est envoyé avant la fin de l'inscription au second serveur"),
        status_share_not_enrolled=(
            "rien n'est envoyé tant que cet ordinateur n'est pas inscrit dans une équipe"
        ),
        status_next_break="pause suggérée dans {duration}",
        status_agent="Agent",
        status_agent_running=(
            "en marche (pid {pid}, source {source}, processeur {cpu} %, mémoire {rss} Mo)"
        ),
        status_agent_stopped="arrêté",
        status_policy="Politique",
        status_policy_central="reçue de l'agrégateur le {day}",
        status_policy_kept="la nouvelle a été refusée ({reason}), la précédente reste en vigueur",
        answer_hint="[o/N]",
        answer_yes="o oui",
        cli_participation="Participation : {mode}.",
        cli_unchanged="Rien n'a changé : la participation reste « {mode} ».",
        cli_running=(
            "l'agent est en marche (pid {pid}) : quittez-le depuis son icône, "
            "ou arrêtez-le, puis recommencez"
        ),
        cli_already_running="Répit est déjà en marche (pid {pid}) : rien à faire.",
        cli_forget_question="Effacer toutes les données de Répit dans {folder} ?",
        cli_forget_nothing="Rien n'a été effacé.",
        cli_forgot_one="{count} fichier effacé dans {folder}.",
        cli_forgot_many="{count} fichiers effacés dans {folder}.",
        cli_exported="Données exportées dans {path}.",
    )
)
