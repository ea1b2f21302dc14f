"""The agent's sentences in French (the default)."""

from __future__ import annotations

from typing import Final

from agent.texts.catalogue import Catalogue

FR: Final = Catalogue(
    break_length="{minutes} minutes",
    break_length_one="1 minute",
    break_title="Un moment pour souffler ?",
    break_body=(
        "Vous êtes devant l'écran depuis {stretch} sans pause de {min_break}. "
        "Quelques minutes debout, loin de l'écran, reposent les yeux et le dos ; "
        "le travail vous attendra."
    ),
    disconnect_title="Droit à la déconnexion",
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
    short_rest_title="Une nuit un peu courte",
    short_rest_body=(
        "Votre repos avant cette journée a duré {rest}, moins que les {recommended} h "
        "recommandées. Si vous le pouvez, ménagez-vous aujourd'hui et terminez à l'heure."
    ),
    short_rest_body_unknown=(
        "Votre repos avant cette journée a été plus court que les {recommended} h "
        "recommandées. Si vous le pouvez, ménagez-vous aujourd'hui et terminez à l'heure."
    ),
    daily_limit_title="Une longue journée d'écran",
    daily_limit_body=(
        "Vous avez passé {active} devant l'écran aujourd'hui. "
        "C'est déjà beaucoup : si vous le pouvez, gardez la suite pour demain."
    ),
    menu_today="Mes chiffres du jour",
    menu_pause="Suspendre les rappels",
    menu_paused="Rappels suspendus",
    menu_pause_hour="Pendant 1 heure",
    menu_pause_tomorrow="Jusqu'à demain",
    menu_participation="Participation",
    menu_report="Mon rapport",
    menu_privacy="Confidentialité",
    menu_quit="Quitter",
    today_title="Répit : aujourd'hui",
    tooltip="Écran aujourd'hui : {today} · depuis la dernière pause : {since_break}",
    tooltip_no_break="Écran aujourd'hui : {today}",
    tooltip_not_recording="Répit : {state}",
    summary_screen_time="Écran aujourd'hui : {today}",
    summary_since_break="Depuis la dernière pause : {since_break}",
    summary_nothing="Rien n'est encore enregistré aujourd'hui.",
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
    resumed="Les rappels reprennent.",
    status_mode="Participation",
    status_today="Écran aujourd'hui",
    status_since_break="Depuis la dernière pause",
    status_next_reminder="Prochain rappel",
    status_team="Équipe",
    status_last_upload="Dernier envoi",
    status_never="jamais",
    status_none="aucun",
    status_not_enrolled="pas d'équipe",
    status_paused_until="Rappels suspendus jusqu'à",
    status_next_break="pause suggérée dans {duration}",
    status_agent="Agent",
    status_agent_running=(
        "en marche (pid {pid}, source {source}, processeur {cpu} %, mémoire {rss} Mo)"
    ),
    status_agent_stopped="arrêté",
    status_policy="Politique",
    status_policy_central="reçue de l'agrégateur le {day}",
    status_policy_kept="la nouvelle a été refusée ({reason}), la précédente reste en vigueur",
)
