"""The person's own report (``repit-agent report``): a local, self-contained HTML page.

``render_report`` turns the person's day, week and reminder figures into one
HTML document with inline SVG charts, in French or English. Nothing in it is
fetched or sent: the page is for the person at the workstation only.
"""

from agent.report.data import ReportData
from agent.report.render import render_report
from contract.charts import Mark, bar_chart
from contract.wording import format_duration

__all__ = ["Mark", "ReportData", "bar_chart", "format_duration", "render_report"]
