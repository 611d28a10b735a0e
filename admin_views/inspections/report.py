"""The inspection report's responses: the A4 print page and the DOCX download."""
from flask import Response, render_template, url_for

from portal import timeutil
from portal.services.inspections import report


def render_print(inspection):
    return render_template("admin/portal/inspections/report_print.html", report=report.build(inspection),
                           back_url=url_for("inspections.details_view", id=inspection.id),
                           docx_url=url_for("inspections.docx_view", id=inspection.id))


def send_docx(inspection):
    data = report.docx_bytes(report.build(inspection))
    filename = f"inspection-{inspection.id}-{timeutil.now():%Y%m%d}.docx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
