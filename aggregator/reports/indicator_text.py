"""What each indicator is called in the reports, and what it means and does not mean.

French and English; the keys are the indicators' (``indicators.INDICATORS``).
"""

from __future__ import annotations

from contract.wording import Language

INDICATOR_TEXT: dict[Language, dict[str, tuple[str, str]]] = {
    "fr": {
        "over_7h": (
            "Jours actifs avec 7 h d'écran ou plus",
            "Le repère de 7 h de l'enquête auprès des agents de 2023. Ne dit pas que la "
            "journée de travail a duré 7 h\u00a0: seulement le temps d'activité à l'écran.",
        ),
        "over_10h": (
            "Jours actifs avec plus de 10 h d'écran",
            "Indice de dépassement de la durée quotidienne maximale de 10 h. Ce n'est pas "
            "un décompte du temps de travail.",
        ),
        "after_hours": (
            "Jours actifs avec de l'activité hors des plages de travail",
            "Au moins une minute d'écran en dehors des horaires de la politique ce jour-là, "
            "ou un jour non travaillé. Quelques minutes ne sont pas forcément du travail.",
        ),
        "night": (
            "Jours actifs avec de l'activité le soir ou la nuit (22 h – 5 h)",
            "Au moins une minute d'écran dans la plage de nuit. Ne dit pas combien de temps.",
        ),
        "non_working_day": (
            "Jours actifs qui étaient des jours non travaillés",
            "Week-ends, jours fériés et fermetures de la politique avec de l'écran. "
            "Un horaire décalé autorisé y figure aussi.",
        ),
        "amplitude_12h": (
            "Jours actifs avec plus de 12 h entre la première et la dernière activité",
            "Indice de dépassement de l'amplitude maximale de 12 h. Une seule connexion "
            "tardive suffit\u00a0: ce n'est pas 12 h de travail.",
        ),
        "rest_11h": (
            "Jours actifs précédés d'un repos de moins de 11 h",
            "Indice du repos quotidien minimal de 11 h, d'après l'écran seulement\u00a0: un "
            "travail sans écran n'y apparaît pas.",
        ),
        "no_break_6h": (
            "Jours actifs avec 6 h d'écran sans pause de 20 min",
            "Indice de la pause de 20 min due après 6 h. Une pause loin de l'écran mais "
            "sans verrouiller le poste compte comme une pause.",
        ),
        "over_48h": (
            "Semaines actives avec plus de 48 h d'écran",
            "Indice de dépassement de la durée hebdomadaire maximale de 48 h.",
        ),
        "avg_44h": (
            "Semaines actives au-delà de 44 h en moyenne sur 12 semaines",
            "Indice de la moyenne maximale de 44 h sur 12 semaines consécutives\u00a0; "
            "compté seulement quand 12 semaines d'historique sont connues.",
        ),
        "rest_35h": (
            "Semaines actives sans repos hebdomadaire de 35 h",
            "Aucune interruption d'écran de 35 h dans la semaine. Ne dit pas que le repos "
            "a été travaillé.",
        ),
        "screen_time": (
            "Temps d'écran moyen par jour actif",
            "Moyenne sur les jours avec de l'activité. Ce n'est pas la durée du travail\u00a0: "
            "réunions, appels et papier n'y figurent pas.",
        ),
        "breaks": (
            "Pauses (5 min ou plus) par jour actif",
            "Interruptions d'écran d'au moins 5 min entre deux activités, pas forcément "
            "des pauses prises comme telles.",
        ),
        "reminders_break": (
            "Rappels de pause affichés, pour 100 jours actifs",
            "Rappels après une séance d'écran continue. Dépend des réglages de chaque poste.",
        ),
        "reminders_disconnect": (
            "Rappels de déconnexion affichés, pour 100 jours actifs",
            "Rappels hors des plages de travail. Ne dit pas si la personne a arrêté.",
        ),
        "reminders_short_rest": (
            "Rappels de repos court affichés, pour 100 jours actifs",
            "Rappels d'un repos de moins de 11 h depuis la veille.",
        ),
        "reminders_daily_limit": (
            "Rappels du repère quotidien affichés, pour 100 jours actifs",
            "Rappels quand l'écran du jour atteint le repère de la politique (7 h par défaut).",
        ),
        "reminders_followed": (
            "Rappels de pause suivis d'une pause dans les 10 min",
            "Part des rappels de pause après lesquels une pause a commencé. Ne dit pas "
            "que la pause a eu lieu à cause du rappel.",
        ),
    },
    "en": {
        "over_7h": (
            "Active days with 7 h of screen time or more",
            "The 7-hour mark of the 2023 staff survey. It does not say the working day "
            "lasted 7 h: only the screen activity did.",
        ),
        "over_10h": (
            "Active days with more than 10 h of screen time",
            "A sign of the 10-hour daily maximum being exceeded. Not a count of working time.",
        ),
        "after_hours": (
            "Active days with activity outside working hours",
            "At least one minute on screen outside the policy's hours that day, or on a "
            "non-working day. A few minutes are not necessarily work.",
        ),
        "night": (
            "Active days with activity in the evening or at night (10 pm – 5 am)",
            "At least one minute on screen in the night window. It does not say how long.",
        ),
        "non_working_day": (
            "Active days that were non-working days",
            "Weekends, public holidays and the policy's closures with screen activity. "
            "An authorised shifted schedule shows here too.",
        ),
        "amplitude_12h": (
            "Active days with more than 12 h between first and last activity",
            "A sign of the 12-hour maximum span being exceeded. One late log-in is enough: "
            "it is not 12 h of work.",
        ),
        "rest_11h": (
            "Active days after a rest shorter than 11 h",
            "A sign of the 11-hour minimum daily rest, from the screen only: work done "
            "away from a screen does not show.",
        ),
        "no_break_6h": (
            "Active days with 6 h of screen time without a 20-min break",
            "A sign of the 20-minute break due after 6 h. A break away from the screen "
            "without locking it still counts as a break.",
        ),
        "over_48h": (
            "Active weeks with more than 48 h of screen time",
            "A sign of the 48-hour weekly maximum being exceeded.",
        ),
        "avg_44h": (
            "Active weeks over 44 h on average over 12 weeks",
            "A sign of the 44-hour maximum average over 12 weeks; counted only once 12 "
            "weeks of history are known.",
        ),
        "rest_35h": (
            "Active weeks without a 35-hour weekly rest",
            "No 35-hour break from the screen in the week. It does not say the rest was "
            "spent working.",
        ),
        "screen_time": (
            "Average screen time per active day",
            "Averaged over days with activity. Not working time: meetings, calls and "
            "paper do not show.",
        ),
        "breaks": (
            "Breaks (5 min or more) per active day",
            "Pauses of at least 5 min between two activities, not necessarily breaks "
            "taken as such.",
        ),
        "reminders_break": (
            "Break reminders shown, per 100 active days",
            "Reminders after a continuous screen stretch. Depends on each device's settings.",
        ),
        "reminders_disconnect": (
            "Disconnect reminders shown, per 100 active days",
            "Reminders outside working hours. It does not say whether the person stopped.",
        ),
        "reminders_short_rest": (
            "Short-rest reminders shown, per 100 active days",
            "Reminders of a rest shorter than 11 h since the day before.",
        ),
        "reminders_daily_limit": (
            "Daily-mark reminders shown, per 100 active days",
            "Reminders when the day's screen time reaches the policy's mark (7 h by default).",
        ),
        "reminders_followed": (
            "Break reminders followed by a break within 10 min",
            "The share of break reminders after which a break began. It does not say the "
            "break happened because of the reminder.",
        ),
    },
}

SHORT_LABEL: dict[Language, dict[str, str]] = {
    "fr": {
        "over_7h": "≥ 7 h",
        "over_10h": "> 10 h",
        "after_hours": "Hors horaires",
        "night": "Soir et nuit",
        "non_working_day": "Jours non travaillés",
        "no_break_6h": "Sans pause de 20 min",
        "over_48h": "Semaines > 48 h",
        "screen_time": "Écran moyen",
    },
    "en": {
        "over_7h": "≥ 7 h",
        "over_10h": "> 10 h",
        "after_hours": "After hours",
        "night": "Evening and night",
        "non_working_day": "Non-working days",
        "no_break_6h": "No 20-min break",
        "over_48h": "Weeks > 48 h",
        "screen_time": "Average screen time",
    },
}
