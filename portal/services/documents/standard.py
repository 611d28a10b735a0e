"""The standard templates, after the Ministry of Justice's people's-mediation document formats.

Each function writes one document's Word template with its placeholders; a district may
replace any of them with its own edited version (``portal.services.documents.templates``).
The wording is the formats' own, in Simplified Chinese whatever the reader's language.
"""
from functools import cache

from portal.services.documents.builder import DATE_BLANK, SHORT_DATE, SHORT_LINE, SIGN_LINE, Sheet

RIGHTS = (
    "一、当事人在人民调解活动中享有下列权利：",
    "（一）选择或者接受人民调解员；",
    "（二）接受调解、拒绝调解或者要求终止调解；",
    "（三）要求调解公开进行或者不公开进行；",
    "（四）自主表达意愿、自愿达成调解协议。",
    "二、当事人在人民调解活动中履行下列义务：",
    "（一）如实陈述纠纷事实；",
    "（二）遵守调解现场秩序，尊重人民调解员；",
    "（三）尊重对方当事人行使权利。",
    "三、人民调解委员会调解民间纠纷，不收取任何费用。",
    "四、经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
    "当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。",
)


def party_lines(sheet, collection="parties", role="{{ p.role }}", container=None):
    """Each party of ``collection``: a person's name, sex, ethnic group, date of birth and age,
    occupation, phone, address and ID number; an organisation's name, code, address, legal
    representative and phone."""
    sheet.tag(f"{{%p for p in {collection} %}}", container)
    sheet.tag("{%p if p.is_person %}", container)
    sheet.para(f"**{role}：**{{{{ p.name }}}}　**性别：**{{{{ p.sex }}}}　**民族：**{{{{ p.ethnicity }}}}　"
               "**出生日期：**{{ p.birth_date }}　**年龄：**{{ p.age }}", container=container)
    sheet.para("**职业或职务：**{{ p.occupation }}　**联系电话：**{{ p.phone }}", container=container)
    sheet.para("**住址：**{{ p.address }}　**身份证号码：**{{ p.id_number }}", container=container)
    sheet.tag("{%p else %}", container)
    sheet.para(f"**{role}：**{{{{ p.name }}}}　**统一社会信用代码：**{{{{ p.id_number }}}}", container=container)
    sheet.para("**住所地：**{{ p.address }}　**法定代表人（负责人）：**{{ p.representative }}　**联系电话：**{{ p.phone }}",
               container=container)
    sheet.tag("{%p endif %}", container)
    sheet.tag("{%p endfor %}", container)


def party_cell():
    """The parties in one table cell, one line each."""
    return "{%p for p in parties %}\n{{ p.role }}：{{ p.name }}，{{ p.details }}\n{%p endfor %}"


def application():
    s = Sheet()
    s.title("人民调解申请书")
    party_lines(s, "applicants", "申请人")
    party_lines(s, "respondents", "被申请人")
    s.para("**纠纷简要情况：**", space_before=6)
    s.para("{{ case.facts }}", indent=True)
    s.para("**申请事项：**", space_before=6)
    s.para("{{ application.requests }}", indent=True)
    s.para("人民调解委员会已将申请人民调解的相关规定告知我，现自愿申请{{ committee.name }}进行调解。", indent=True, space_before=6)
    s.para("此致", space_before=6)
    s.para("{{ committee.name }}")
    s.signature("申请人（签名或按指印）", date=False)
    s.para("{{ case.received_on }}", align="right")
    return s


def acceptance():
    s = Sheet()
    s.title("人民调解受理登记表")
    s.subtitle("编号：{{ case.number }}")
    s.table([
        ["当事人", (party_cell(), 3)],
        ["纠纷类型", "{{ case.dispute_type }}", "纠纷来源", "{{ case.source }}"],
        ["纠纷简要情况", ("{{ case.facts }}", 3)],
        ["登记日期", "{{ case.received_on }}", "受理日期", "{{ case.accepted_on }}"],
        ["人民调解员", ("{{ mediator_names }}", 3)],
        ["受理意见", ("经审查，该纠纷属于人民调解受理范围，当事人同意调解，予以受理。", 3)],
        ["办结期限", ("{{ case.due_on }}前", 3)],
    ], widths=[3, 5, 3, 5])
    s.signature("登记人（签名）", date=False)
    s.seal(date="{{ case.accepted_on }}")
    return s


def refusal_notice():
    s = Sheet()
    s.title("不予受理告知书")
    s.tag("{%p for p in applicants %}")
    s.para("{{ p.name }}：")
    s.tag("{%p endfor %}")
    s.para("你（单位）于{{ case.received_on }}向本委员会申请调解的{{ case.title }}，经审查，"
           "{{ case.refusal_reason }}本委员会决定不予受理。", indent=True)
    s.para("建议你（单位）向{{ case.referred_to }}申请解决。", indent=True)
    s.para("特此告知。", indent=True)
    s.seal(date="{{ case.concluded_on }}")
    s.blank()
    s.para("**当事人签收：**" + SIGN_LINE + "　" + DATE_BLANK, space_before=12)
    return s


def rights_notice():
    s = Sheet()
    s.title("当事人权利义务告知书")
    s.tag("{%p for p in parties %}")
    s.para("{{ p.name }}：")
    s.tag("{%p endfor %}")
    s.para("根据《中华人民共和国人民调解法》的规定，{{ committee.name }}受理{{ case.title }}后，"
           "现将当事人在人民调解活动中的权利和义务告知如下：", indent=True)
    for line in RIGHTS:
        s.para(line, indent=True)
    s.seal(date="{{ case.accepted_on }}")
    s.para("以上权利义务我已知悉。", space_before=12)
    s.tag("{%p for p in parties %}")
    s.para("{{ p.role }}（签名或按指印）：" + SHORT_LINE + "　" + SHORT_DATE)
    s.tag("{%p endfor %}")
    return s


def investigation():
    s = Sheet()
    s.title("人民调解调查记录")
    s.subtitle("编号：{{ case.number }}")
    s.para("**时间：**{{ meeting.time }}")
    s.para("**地点：**{{ meeting.place }}")
    s.para("**调查人：**{{ meeting.mediators }}　**记录人：**{{ meeting.recorder }}")
    s.para("**被调查人：**{{ meeting.parties }}")
    s.para("**在场人：**{{ meeting.invited }}")
    s.para("**调查事项：**{{ case.title }}")
    s.para("**调查记录：**", space_before=6)
    s.para("{{ meeting.summary }}", indent=True)
    s.para("**调查结论：**{{ meeting.outcome }}", space_before=6)
    s.signature("被调查人（签名或按指印）", date=False)
    s.signature("调查人（签名）", date=False)
    s.signature("记录人（签名）")
    return s


def mediation_record():
    s = Sheet()
    s.title("人民调解记录")
    s.subtitle("编号：{{ case.number }}　第{{ meeting.number }}次调解")
    s.para("**时间：**{{ meeting.time }}")
    s.para("**地点：**{{ meeting.place }}")
    s.para("**当事人：**{{ meeting.parties }}")
    s.para("**人民调解员：**{{ meeting.mediators }}")
    s.para("**记录人：**{{ meeting.recorder }}")
    s.para("**邀请参加人员：**{{ meeting.invited }}")
    s.para("**纠纷简要情况：**", space_before=6)
    s.para("{{ case.facts }}", indent=True)
    s.para("**调解情况：**", space_before=6)
    s.para("{{ meeting.summary }}", indent=True)
    s.para("**调解结果：**{{ meeting.outcome }}", space_before=6)
    s.signature("当事人（签名或按指印）", date=False)
    s.signature("人民调解员（签名）", date=False)
    s.signature("记录人（签名）")
    return s


def agreement():
    s = Sheet()
    s.title("人民调解协议书")
    s.subtitle("编号：{{ case.number }}")
    party_lines(s)
    s.para("**纠纷主要事实、争议事项：**", space_before=6)
    s.para("{{ agreement.facts }}", indent=True)
    s.tag("{%p if agreement.responsibilities %}")
    s.para("**各方责任：**", space_before=6)
    s.para("{{ agreement.responsibilities }}", indent=True)
    s.tag("{%p endif %}")
    s.para("**经调解，当事人自愿达成如下协议：**", space_before=6)
    s.para("{{ agreement.terms }}", indent=True)
    s.tag("{%p if agreement.amount %}")
    s.para("**协议涉及金额：**{{ agreement.amount }}")
    s.tag("{%p endif %}")
    s.para("**履行方式：**{{ agreement.performance_method }}", space_before=6)
    s.para("**履行地点：**{{ agreement.performance_place }}")
    s.para("**履行期限：**{{ agreement.performance_deadline }}{% if agreement.performance_deadline %}前{% endif %}")
    s.para("本协议一式{{ agreement.copies_text }}份，当事人、人民调解委员会各持一份。", indent=True, space_before=6)
    s.para("本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效，"
           "具有法律约束力，当事人应当按照约定履行。", indent=True)
    s.tag("{%p for p in parties %}")
    s.para("{{ p.role }}（签名或按指印）：" + SHORT_LINE + "　" + SHORT_DATE, space_before=6)
    s.tag("{%p endfor %}")
    s.tag("{%p for m in mediator_signatures %}")
    s.para("人民调解员（签名）：" + SIGN_LINE, space_before=6)
    s.tag("{%p endfor %}")
    s.seal(date="{{ agreement.signed_on }}")
    return s


def oral_agreement():
    s = Sheet()
    s.title("人民调解口头协议登记表")
    s.subtitle("编号：{{ case.number }}")
    s.table([
        ["当事人", (party_cell(), 3)],
        ["纠纷简要情况", ("{{ agreement.facts }}", 3)],
        ["协议内容", ("{{ agreement.terms }}", 3)],
        ["履行方式", ("{{ agreement.performance_method }}", 3)],
        ["履行地点", "{{ agreement.performance_place }}", "履行期限", "{{ agreement.performance_deadline }}"],
        ["达成协议日期", "{{ agreement.signed_on }}", "人民调解员", "{{ mediator_names }}"],
        ["备注", ("", 3)],
    ], widths=[3, 5, 3, 5])
    s.signature("当事人（签名或按指印）", date=False)
    s.signature("登记人（签名）")
    return s


def follow_up():
    s = Sheet()
    s.title("人民调解回访记录")
    s.subtitle("编号：{{ case.number }}")
    s.table([
        ["纠纷名称", ("{{ case.title }}", 3)],
        ["当事人", (party_cell(), 3)],
        ["回访日期", "{{ follow_up.done_on }}", "回访方式", "{{ follow_up.method }}"],
        ["回访人", "{{ follow_up.visited_by }}", "是否起诉", "{{ follow_up.lawsuit }}"],
        ["协议履行情况", ("{{ follow_up.performed }}", 3)],
        ["当事人满意程度", ("{{ follow_up.satisfaction }}", 3)],
        ["遗留风险", ("{{ follow_up.risk }}", 3)],
        ["采取措施", ("{{ follow_up.measures }}", 3)],
        ["备注", ("{{ follow_up.notes }}", 3)],
    ], widths=[3.4, 4.6, 3, 5])
    s.signature("回访人（签名）")
    return s


def referral_letter():
    s = Sheet()
    s.title("纠纷{{ referral.verb }}函")
    s.subtitle("编号：{{ case.number }}")
    s.para("{{ referral.partner }}：")
    s.para("{{ case.received_on }}，本委员会收到{{ case.title }}。{% if referral.matter %}{{ referral.matter }}{% endif %}"
           "根据《中华人民共和国人民调解法》的有关规定，现将该纠纷{{ referral.verb }}你单位依法处理，"
           "请予接收，并将处理情况反馈本委员会。", indent=True)
    s.para("附：纠纷相关材料", indent=True)
    s.para("联系电话：{{ committee.phone }}", indent=True)
    s.seal(date="{{ referral.sent_on }}")
    s.cut_line()
    s.title("回　执", size=16)
    s.para("{{ committee.name }}：")
    s.para("你委于{{ referral.sent_on }}{{ referral.verb }}的{{ case.title }}（编号：{{ case.number }}）"
           "及相关材料已收到。", indent=True)
    s.para("接收人（签名）：" + SIGN_LINE, align="right", space_before=6)
    s.para("{{ referral.partner }}（印）", align="right", space_before=12)
    s.para(DATE_BLANK, align="right")
    return s


def confirmation_application():
    s = Sheet()
    s.title("司法确认申请书")
    party_lines(s, role="申请人")
    s.para("**请求事项：**", space_before=6)
    s.para("请求确认申请人于{{ agreement.signed_on }}经{{ committee.name }}主持调解达成的人民调解协议有效。", indent=True)
    s.para("**事实和理由：**", space_before=6)
    s.para("{{ agreement.facts }}", indent=True)
    s.para("经{{ committee.name }}主持调解，申请人于{{ agreement.signed_on }}自愿达成如下协议：", indent=True)
    s.para("{{ agreement.terms }}", indent=True)
    s.para("申请人出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为；如果因为该协议内容而给他人"
           "造成损害的，愿意承担相应的民事责任和其他法律责任。", indent=True)
    s.para("此致", space_before=6)
    s.para("{% if confirmation.court %}{{ confirmation.court }}{% else %}＿＿＿＿＿＿人民法院{% endif %}")
    s.para("附：人民调解协议书", space_before=6)
    s.tag("{%p for p in parties %}")
    s.para("申请人（签名盖章或按指印）：" + SIGN_LINE, align="right", space_before=6)
    s.tag("{%p endfor %}")
    s.para(DATE_BLANK, align="right")
    return s


def cover():
    s = Sheet()
    s.para("{{ committee.name }}", align="center", size=16, space_before=36)
    s.title("人民调解卷宗", size=26)
    s.blank()
    s.table([
        ["案　　号", "{{ case.number }}"],
        ["案　　由", "{{ case.title }}"],
        ["人民调解员", "{{ mediator_names }}"],
        ["起止日期", "自{{ dossier.starts_on }}至{{ dossier.ends_on }}"],
        ["立 卷 人", "{{ dossier.filed_by }}"],
        ["立卷日期", "{{ dossier.filed_on }}"],
        ["保管期限", "{{ case.retention }}"],
    ], widths=[4, 11])
    s.para("本卷共{{ dossier.documents }}件，{{ dossier.pages }}页", align="center", space_before=24)
    return s


def index():
    s = Sheet()
    s.title("卷内目录")
    s.subtitle("案号：{{ case.number }}")
    s.table([
        ["序号", "文件题名", "页号", "备注"],
        "{%tr for row in dossier.rows %}",
        ["{{ row.number }}", "{{ row.title }}", "{{ row.pages }}", "{{ row.note }}"],
        "{%tr endfor %}",
    ], widths=[1.6, 9, 2.4, 3])
    return s


def back_cover():
    s = Sheet()
    s.title("卷内备考表")
    s.subtitle("案号：{{ case.number }}")
    s.para("**本卷情况说明：**", space_before=6)
    s.para("本卷共有文件{{ dossier.documents }}件，共{{ dossier.pages }}页。{{ dossier.remarks }}", indent=True)
    s.para("**立卷人：**{{ dossier.filed_by }}", space_before=36)
    s.para("**检查人：**" + SIGN_LINE)
    s.para("**立卷时间：**{{ dossier.filed_on }}")
    return s


BUILDERS = {
    "application": application,
    "acceptance": acceptance,
    "refusal_notice": refusal_notice,
    "rights_notice": rights_notice,
    "investigation": investigation,
    "mediation_record": mediation_record,
    "agreement": agreement,
    "oral_agreement": oral_agreement,
    "follow_up": follow_up,
    "referral_letter": referral_letter,
    "confirmation_application": confirmation_application,
    "cover": cover,
    "index": index,
    "back_cover": back_cover,
}


@cache
def standard_template(key):
    """The built-in DOCX template of document ``key``, as bytes (built once per process)."""
    return BUILDERS[key]().to_bytes()
