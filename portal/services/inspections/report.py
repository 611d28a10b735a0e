"""The inspection report (检查情况报告): what was inspected, by whom, each finding, the dossiers
checked, the rectification items and the conclusion. An official paper: always in Simplified
Chinese, whatever the reader's language; printed on A4 and written as DOCX with the standard
documents' builder (portal.services.documents.builder)."""
from dataclasses import dataclass, field

from flask_babel import force_locale

from portal.models import DocumentKind, FindingResult, RectificationStatus
from portal.services.documents.builder import Sheet
from portal.services.documents.dates import numeric_date, official_date
from portal.services.inspections import visits

OUTCOME_WORDS = {"ok": "齐全规范", "missing": "缺失", "incorrect": "有误"}


@dataclass
class Report:
    title: str
    facts: list                      # [(label, value)]
    groups: list                     # [(group, [(item, result, note)])]
    score: str
    dossiers: list = field(default_factory=list)      # [(number, outcome, detail)]
    rectifications: list = field(default_factory=list)  # [(item, requirement, deadline, status)]
    conclusion: str = ""
    date: str = ""


def build(inspection):
    """The report's content, worded in Simplified Chinese."""
    with force_locale("zh_Hans_CN"):
        score, recorded, total = visits.score_of(inspection)
        inspectors = "、".join([str(user) for user in inspection.inspectors] +
                              [name for name in [inspection.other_inspectors.strip()] if name])
        facts = [
            ("被检查单位", str(inspection.judicial_office) + (f"（{inspection.committee.name}）" if inspection.committee else "")),
            ("检查日期", official_date(inspection.inspected_on)),
            ("检查方式", "定期检查（事先通知）" if inspection.announced else "不定期检查（未事先通知）"),
            ("检查人员", inspectors or "—"),
            ("检查表", inspection.template.name),
        ]
        groups = []
        for group_label, findings in visits.grouped_findings(inspection):
            groups.append((str(group_label), [
                (f.item.name, str(FindingResult.label_of(f.result)) if f.result else "未检查", f.note)
                for f in findings]))
        dossiers = []
        for check in inspection.dossier_checks:
            if check.complete is None:
                outcome, detail = "未检查", ""
            else:
                outcome = "齐全规范" if check.complete else "不齐全或有误"
                detail = "；".join(f"{DocumentKind(kind).label}{OUTCOME_WORDS[value]}"
                                  for kind, value in check.results.items() if value != "ok")
            dossiers.append((check.case.number or f"#{check.case_id}", outcome, detail or check.note))
        rects = [(r.finding.item.name, r.requirement, numeric_date(r.due_on), str(RectificationStatus.label_of(r.status)))
                 for r in sorted((f.rectification for f in inspection.findings if f.rectification is not None),
                                 key=lambda r: r.id)]
        return Report(
            title=f"{inspection.judicial_office}检查情况报告",
            facts=facts, groups=groups,
            score=f"{score}分（满分100分）" if score is not None else f"已检查{recorded}项，共{total}项",
            dossiers=dossiers, rectifications=rects, conclusion=inspection.conclusion,
            date=official_date(inspection.inspected_on),
        )


def _heading(sheet, text):
    sheet.para(text, bold=True, space_before=6)


def docx_bytes(report):
    sheet = Sheet()
    sheet.title(report.title)
    sheet.table([[label, value] for label, value in report.facts], widths=(3.5, 12.1))
    _heading(sheet, "一、检查情况")
    rows = [["检查项目", "结果", "说明"]]
    for group, items in report.groups:
        rows.append(group)
        rows.extend([name, result, note or ""] for name, result, note in items)
    sheet.table(rows, widths=(8, 2.8, 4.8))
    sheet.para(f"**得分：**{report.score}")
    if report.dossiers:
        _heading(sheet, "二、卷宗抽查")
        sheet.table([["卷宗", "结论", "问题"]] + [list(row) for row in report.dossiers], widths=(5.5, 3.5, 6.6))
    _heading(sheet, "三、整改事项")
    if report.rectifications:
        sheet.table([["检查项目", "整改要求", "整改期限", "状态"]] + [list(row) for row in report.rectifications],
                    widths=(4.5, 6, 2.6, 2.5))
    else:
        sheet.para("无。")
    _heading(sheet, "四、总体结论")
    sheet.para(report.conclusion or "—", indent=True)
    sheet.blank()
    sheet.para("检查组（签名）：＿＿＿＿＿＿＿＿＿＿", align="right")
    sheet.para(report.date, align="right")
    return sheet.to_bytes()

