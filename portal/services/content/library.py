"""The standard public texts: procedures, rules and answers every office posts (上墻公示).

Written from the People's Mediation Law of the PRC (人民調解法), the Ministry of Justice's
provisions on people's mediation work and the district's work plan (see DOMAIN.md). Simplified
Chinese and English are written here; Traditional Chinese is derived with OpenCC through the
normal save path, so it shows as "converted automatically" until an editor reviews it.

``load_standard_content()`` adds the entries that are missing (matched by type and address);
the demo loader and ``flask --app wsgi public seed-content`` call it.
"""
from sqlalchemy import select

from portal.extensions import db
from portal.models.content import ContentEntry, ContentType, EntryStatus
from portal.services.content import EntryInput, save_entry


def _steps(*pairs):
    return [{"title": title, "description": description} for title, description in pairs]


PROCEDURES = [
    {
        "slug": "mediation-process", "sort_order": 10,
        "zh": {
            "title": "人民调解流程",
            "summary": "人民调解是在人民调解委员会主持下，双方当事人自愿平等协商、化解民间纠纷的活动。调解不收取任何费用。",
            "steps": _steps(
                ("申请", "当事人可以书面或口头向社区（村）、街道人民调解委员会申请调解，也可以在本网站网上申请；"
                         "调解委员会也可以主动调解，或受理公安、法院、信访等部门移送、委托的纠纷。"),
                ("受理审查", "调解委员会审查是否属于人民调解的范围，并征求对方当事人意见。一方明确拒绝调解的，不得调解；"
                             "不予受理的，告知当事人可以通过哪些途径解决。"),
                ("调解", "调解委员会指派一名或数名人民调解员，一般在调解室进行调解，制作调解记录。"
                         "调解员依据法律、政策和公序良俗，帮助当事人自愿达成协议。"),
                ("达成协议或终止调解", "达成协议的，可以制作人民调解协议书，也可以采取口头协议方式，由调解员记录协议内容；"
                                     "调解不成的，终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护权利。"),
                ("履行与回访", "调解协议具有法律约束力，当事人应当按照约定履行。调解委员会对协议履行情况进行回访。"),
                ("司法确认（可选）", "双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。"),
            ),
            "details": "<p>调解一般自受理之日起一个月内完成。在调解过程中，当事人享有选择或者接受人民调解员、"
                       "要求调解公开或者不公开进行、自主表达意愿、自愿达成调解协议等权利。</p>"
                       "<p>调解遵循<strong>小纠纷不出社区（村）、一般纠纷不出街道、大纠纷不出区</strong>的原则，"
                       "社区调解不成的，可以逐级提交街道、区级调解组织调解。</p>",
            "legal_basis": "《中华人民共和国人民调解法》第十七条至第三十一条",
        },
        "en": {
            "title": "The people's mediation process",
            "summary": "People's mediation is the settlement of everyday disputes by the parties themselves, freely and "
                       "as equals, with the help of a people's mediation committee. Mediation is free of charge.",
            "steps": _steps(
                ("Apply", "Apply in writing or orally to the community (village) or street mediation committee, or online "
                          "on this website. A committee may also mediate on its own initiative, or take disputes referred "
                          "by the police, the court, the petition office or other departments."),
                ("Review", "The committee checks that the dispute can be mediated and asks the other party. If one party "
                           "clearly refuses, there is no mediation; if the dispute is not accepted, you are told where to "
                           "turn instead."),
                ("Mediation", "The committee appoints one or more mediators, who usually meet the parties in a mediation "
                              "room and keep a record. They help the parties reach a voluntary agreement based on the law, "
                              "policy and public morals."),
                ("Agreement or end of mediation", "An agreement is written down as a people's mediation agreement, or "
                              "recorded by the mediator as an oral agreement. If no agreement is reached, mediation ends "
                              "and you are told which legal routes (arbitration, administrative or court) remain open."),
                ("Performance and follow-up", "The agreement is legally binding and must be performed as agreed. The "
                                              "committee follows up on whether it has been performed."),
                ("Judicial confirmation (optional)", "If both parties wish, they may jointly apply to the court for "
                                                     "judicial confirmation within 30 days of the agreement taking effect."),
            ),
            "details": "<p>Mediation is normally concluded within one month of acceptance. During mediation you may "
                       "choose or accept a mediator, ask for the mediation to be held in public or in private, speak "
                       "freely and agree only to what you accept.</p>"
                       "<p>The aim is that <strong>small disputes are settled in the community, ordinary ones in the "
                       "street and big ones in the district</strong>: a dispute the community cannot settle can be "
                       "passed on to the street and then to the district.</p>",
            "legal_basis": "People's Mediation Law of the PRC, articles 17 to 31",
        },
    },
    {
        "slug": "judicial-confirmation", "sort_order": 20,
        "zh": {
            "title": "司法确认流程",
            "summary": "经人民调解委员会调解达成的调解协议，双方当事人可以共同申请人民法院确认其效力。"
                       "经确认有效后，一方拒绝履行的，对方可以申请强制执行。",
            "steps": _steps(
                ("达成调解协议", "在人民调解委员会主持下达成调解协议，协议自各方当事人签名、盖章或者按指印，"
                               "人民调解员签名并加盖调解委员会印章之日起生效。"),
                ("共同提出申请", "双方当事人自调解协议生效之日起三十日内，共同向调解委员会所在地等有管辖权的基层人民法院提出申请，"
                               "提交调解协议、身份证明和与协议有关的材料。"),
                ("法院审查", "人民法院一般自受理之日起十五日内作出是否确认的决定，因特殊情况可以依法延长。"),
                ("确认有效", "一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行。"),
                ("不予确认", "当事人可以通过人民调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。"),
            ),
            "details": "<p>涉及婚姻关系、收养关系等身份关系的调解协议，以及法律规定的其他情形，人民法院不予确认。"
                       "申请司法确认不收取费用。</p>",
            "legal_basis": "《中华人民共和国人民调解法》第三十三条；《中华人民共和国民事诉讼法》关于确认调解协议案件的规定",
        },
        "en": {
            "title": "Judicial confirmation of a mediation agreement",
            "summary": "The parties to an agreement reached before a people's mediation committee may jointly ask the "
                       "court to confirm it. Once confirmed, if one party does not perform it, the other may ask the "
                       "court to enforce it.",
            "steps": _steps(
                ("Reach an agreement", "The agreement is reached before a people's mediation committee and takes effect "
                                       "when the parties have signed, sealed or fingerprinted it and the mediator has "
                                       "signed it and the committee sealed it."),
                ("Apply together", "Within 30 days of the agreement taking effect, both parties apply together to the "
                                   "competent basic-level court (for example the court where the committee sits), with "
                                   "the agreement, proof of identity and related documents."),
                ("Court review", "The court normally decides within 15 days of accepting the application; the time may "
                                 "be extended in special circumstances as the law allows."),
                ("Confirmed", "If one party refuses to perform the agreement or performs only part of it, the other "
                              "party may apply to the court for enforcement."),
                ("Not confirmed", "The parties may change the agreement or reach a new one through mediation, or bring a "
                                  "lawsuit in court."),
            ),
            "details": "<p>Agreements on marriage, adoption or other matters of personal status, and other matters the "
                       "law excludes, cannot be confirmed. The court charges no fee for judicial confirmation.</p>",
            "legal_basis": "People's Mediation Law of the PRC, article 33; Civil Procedure Law of the PRC, provisions on "
                           "cases confirming mediation agreements",
        },
    },
    {
        "slug": "how-to-apply", "sort_order": 30,
        "zh": {
            "title": "申请调解指南",
            "summary": "申请人民调解可以网上申请、到场申请或者电话申请，调解不收取任何费用。",
            "steps": _steps(
                ("准备材料", "本人身份证件；对方当事人的姓名（名称）、联系方式和地址；与纠纷有关的证据材料，"
                           "如合同、票据、照片、聊天记录等；委托他人代为参加的，提交授权委托书。"),
                ("提交申请", "在本网站“申请调解”页面填写申请，或者到所在社区（村）、街道人民调解委员会、司法所申请，"
                           "也可以电话申请。网上申请成功后，请记下查询码。"),
                ("等待受理", "调解委员会一般在几个工作日内与您电话联系，征求对方当事人意见后决定是否受理。"),
                ("参加调解", "按照约定的时间和地点参加调解，如实陈述纠纷事实，遵守调解现场秩序。"),
                ("查询进度", "在“查询进度”页面输入查询码和申请时填写的手机号码，即可查看申请的办理状态。"),
            ),
            "details": "<p>属于专门机关管辖处理的纠纷，法律、法规禁止采用民间调解方式解决的纠纷，"
                       "以及人民法院、公安机关或者其他行政机关已经受理或者解决的纠纷，人民调解委员会不予受理，"
                       "并会告知您可以向哪里申请。</p>",
            "legal_basis": "《中华人民共和国人民调解法》第十七条、第十八条",
        },
        "en": {
            "title": "How to apply for mediation",
            "summary": "You can apply for people's mediation online, in person or by phone. Mediation is free of charge.",
            "steps": _steps(
                ("Prepare", "Your identity document; the other party's name, phone number and address; evidence about "
                            "the dispute such as contracts, receipts, photos or messages; and a power of attorney if "
                            "someone will attend on your behalf."),
                ("Apply", "Fill in the form on the \"Apply for mediation\" page of this website, or apply at your "
                          "community (village) or street mediation committee or judicial office, or by phone. After "
                          "applying online, keep your tracking code."),
                ("Acceptance", "The committee normally calls you within a few working days and decides whether to "
                               "accept the dispute after asking the other party."),
                ("Attend mediation", "Come at the agreed time and place, state the facts truthfully and respect the "
                                     "order of the session."),
                ("Check progress", "On the \"Check an application\" page, enter your tracking code and the mobile number "
                                   "you applied with to see the state of your application."),
            ),
            "details": "<p>Disputes that belong to a specialised body, disputes the law forbids settling by mediation, "
                       "and disputes a court, the police or another administrative body has already accepted or "
                       "decided are not accepted; the committee will tell you where to apply instead.</p>",
            "legal_basis": "People's Mediation Law of the PRC, articles 17 and 18",
        },
    },
    {
        "slug": "tiered-resolution", "sort_order": 40,
        "zh": {
            "title": "矛盾纠纷分级调处流程",
            "summary": "小纠纷不出社区（村）、一般纠纷不出街道、大纠纷不出区：纠纷在最接近群众的一级及时化解。",
            "steps": _steps(
                ("排查发现", "网格调解小组和信息员排查发现矛盾纠纷，及时报告社区（村）人民调解委员会。"),
                ("社区（村）调解", "小纠纷由社区（村）人民调解委员会就地调解。"),
                ("街道调解", "社区调解不成或者较为复杂的纠纷，提交街道人民调解委员会调解，司法所指导，可以邀请联系法官参与。"),
                ("区级调处", "重大、疑难纠纷由区级调解组织或者调解团调解，公安、信访、劳动保障等部门联动化解。"),
                ("其他途径", "调解不成的，告知当事人可以依法通过仲裁、行政、诉讼等途径解决。"),
            ),
            "details": "",
            "legal_basis": "",
        },
        "en": {
            "title": "Tiered resolution of disputes",
            "summary": "Small disputes are settled in the community, ordinary ones in the street and big ones in the "
                       "district: each dispute is settled at the level closest to the people concerned.",
            "steps": _steps(
                ("Screening", "Grid mediation groups and information reporters find disputes early and report them to "
                              "the community (village) mediation committee."),
                ("Community mediation", "Small disputes are mediated on the spot by the community (village) committee."),
                ("Street mediation", "Disputes the community cannot settle, or more complex ones, go to the street "
                                     "committee, guided by the judicial office; a liaison judge may be invited."),
                ("District level", "Major and difficult disputes are mediated by district-level bodies or a mediation "
                                   "panel, working with the police, the petition office, labour and other departments."),
                ("Other routes", "If mediation fails, the parties are told that arbitration, an administrative body or "
                                 "the court remain open to them."),
            ),
            "details": "",
            "legal_basis": "",
        },
    },
]

RULES = [
    {
        "slug": "committee-work-rules", "sort_order": 10,
        "zh": {
            "title": "人民调解委员会工作制度",
            "summary": "人民调解委员会日常工作遵循的制度，上墙公示。",
            "body": "<ol>"
                    "<li><strong>岗位责任制度。</strong>调解委员会主任主持全面工作，委员和调解员分工负责，责任到人。</li>"
                    "<li><strong>纠纷排查制度。</strong>定期开展矛盾纠纷排查，重要节日和敏感时期加强排查；网格信息员发现纠纷及时报告。</li>"
                    "<li><strong>登记制度。</strong>受理的纠纷逐件登记，填写受理登记表，不予受理的告知理由和解决途径。</li>"
                    "<li><strong>调解制度。</strong>依法、平等、自愿调解，不收取任何费用；调解一般在调解室进行，制作调解记录。</li>"
                    "<li><strong>回访制度。</strong>对调解协议的履行情况进行回访，督促履行，防止纠纷反复。</li>"
                    "<li><strong>统计报告制度。</strong>建立统计台账，每月按时向上级报送调解统计报表，重大纠纷及时报告。</li>"
                    "<li><strong>档案管理制度。</strong>一案一卷，调解文书格式统一，案卷按规范装订归档。</li>"
                    "<li><strong>学习培训制度。</strong>定期学习法律法规和政策，参加司法所组织的业务培训。</li>"
                    "<li><strong>例会制度。</strong>每月召开工作例会，分析矛盾纠纷形势，研究疑难纠纷的调处。</li>"
                    "</ol>",
        },
        "en": {
            "title": "Working rules of people's mediation committees",
            "summary": "The rules a people's mediation committee follows in its daily work, posted for the public.",
            "body": "<ol>"
                    "<li><strong>Responsibility.</strong> The director leads the committee's work; members and mediators each "
                    "have clear duties.</li>"
                    "<li><strong>Screening.</strong> Disputes are screened regularly, more often around holidays and sensitive "
                    "periods; grid reporters report disputes as soon as they find them.</li>"
                    "<li><strong>Registration.</strong> Every accepted dispute is registered on an acceptance form; a refused "
                    "application is told the reason and where to turn.</li>"
                    "<li><strong>Mediation.</strong> Mediation follows the law, equality and free will, and is free of charge; "
                    "it is normally held in a mediation room and recorded.</li>"
                    "<li><strong>Follow-up.</strong> The committee checks that agreements are performed and presses for "
                    "performance, so disputes do not return.</li>"
                    "<li><strong>Statistics and reports.</strong> A register of disputes is kept and monthly statistics are "
                    "reported on time; major disputes are reported at once.</li>"
                    "<li><strong>Archives.</strong> One dossier per case, documents in the standard forms, bound and filed as "
                    "prescribed.</li>"
                    "<li><strong>Learning and training.</strong> Members study laws, regulations and policy regularly and "
                    "attend the judicial office's training.</li>"
                    "<li><strong>Monthly meetings.</strong> The committee meets monthly to review the disputes of the area and "
                    "discuss difficult cases.</li>"
                    "</ol>",
        },
    },
    {
        "slug": "work-discipline", "sort_order": 20,
        "zh": {
            "title": "人民调解工作纪律",
            "summary": "人民调解员在调解工作中必须遵守的纪律。",
            "body": "<p>人民调解员在调解工作中必须做到“五不准”：</p>"
                    "<ol>"
                    "<li>不准徇私舞弊，偏袒一方当事人；</li>"
                    "<li>不准对当事人压制、打击报复；</li>"
                    "<li>不准侮辱、处罚纠纷当事人；</li>"
                    "<li>不准泄露当事人的个人隐私、商业秘密；</li>"
                    "<li>不准吃请受礼，索取、收受财物或者牟取其他不正当利益。</li>"
                    "</ol>"
                    "<p>违反上述纪律的，由所在人民调解委员会给予批评教育、责令改正；情节严重的，由推选或者聘任单位予以罢免或者解聘。</p>",
        },
        "en": {
            "title": "Discipline of people's mediation work",
            "summary": "The discipline every people's mediator must keep.",
            "body": "<p>In their work, people's mediators must never:</p>"
                    "<ol>"
                    "<li>favour one party or act for personal gain;</li>"
                    "<li>put pressure on a party or retaliate against one;</li>"
                    "<li>insult or punish a party;</li>"
                    "<li>disclose a party's private information or trade secrets;</li>"
                    "<li>accept meals or gifts, ask for or take money or property, or seek any other improper benefit.</li>"
                    "</ol>"
                    "<p>A mediator who breaks this discipline is criticised and told to correct it by the committee; in "
                    "serious cases the body that elected or hired the mediator removes them.</p>",
        },
    },
    {
        "slug": "mediator-code", "sort_order": 30,
        "zh": {
            "title": "人民调解员守则",
            "summary": "人民调解员履行职责应当遵守的行为准则。",
            "body": "<ol>"
                    "<li>遵守宪法、法律、法规和国家政策，依法调解。</li>"
                    "<li>坚持平等自愿，尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。</li>"
                    "<li>公道正派，不偏不倚，以事实为根据，以法律为准绳。</li>"
                    "<li>耐心细致，说理疏导，及时调处矛盾纠纷，防止纠纷激化。</li>"
                    "<li>廉洁自律，调解民间纠纷不收取任何费用。</li>"
                    "<li>保守秘密，不泄露当事人的个人隐私和商业秘密。</li>"
                    "<li>如实制作调解记录和调解协议，做好回访和档案工作。</li>"
                    "<li>加强学习，参加业务培训，不断提高调解工作能力。</li>"
                    "</ol>",
        },
        "en": {
            "title": "Code of conduct for people's mediators",
            "summary": "The standards a people's mediator keeps in carrying out their duties.",
            "body": "<ol>"
                    "<li>Abide by the Constitution, laws, regulations and state policy, and mediate according to law.</li>"
                    "<li>Keep to equality and free will and respect the parties' rights; never use mediation to stop a party "
                    "from seeking arbitration, administrative or judicial remedies.</li>"
                    "<li>Be fair and impartial, take the facts as the basis and the law as the yardstick.</li>"
                    "<li>Be patient and thorough, reason with the parties and settle disputes promptly before they "
                    "escalate.</li>"
                    "<li>Be honest and clean: mediation of everyday disputes is free of charge.</li>"
                    "<li>Keep confidences: never disclose a party's private information or trade secrets.</li>"
                    "<li>Keep truthful records of mediation and agreements, follow up and keep the files in order.</li>"
                    "<li>Keep learning and attend training to mediate ever better.</li>"
                    "</ol>",
        },
    },
    {
        "slug": "rights-and-duties", "sort_order": 40,
        "zh": {
            "title": "当事人的权利和义务",
            "summary": "参加人民调解的当事人享有的权利和应当履行的义务。",
            "body": "<h2>当事人享有下列权利</h2>"
                    "<ul>"
                    "<li>选择或者接受人民调解员；</li>"
                    "<li>接受调解、拒绝调解或者要求终止调解；</li>"
                    "<li>要求调解公开进行或者不公开进行；</li>"
                    "<li>自主表达意愿、自愿达成调解协议。</li>"
                    "</ul>"
                    "<h2>当事人应当履行下列义务</h2>"
                    "<ul>"
                    "<li>如实陈述纠纷事实；</li>"
                    "<li>遵守调解现场秩序，尊重人民调解员；</li>"
                    "<li>尊重对方当事人行使权利。</li>"
                    "</ul>",
        },
        "en": {
            "title": "Rights and duties of the parties",
            "summary": "What parties to people's mediation are entitled to, and what they must do.",
            "body": "<h2>The parties have the right to</h2>"
                    "<ul>"
                    "<li>choose or accept a people's mediator;</li>"
                    "<li>accept mediation, refuse it or ask for it to end;</li>"
                    "<li>ask for the mediation to be held in public or in private;</li>"
                    "<li>express their wishes freely and reach an agreement of their own free will.</li>"
                    "</ul>"
                    "<h2>The parties must</h2>"
                    "<ul>"
                    "<li>state the facts of the dispute truthfully;</li>"
                    "<li>respect the order of the session and the mediator;</li>"
                    "<li>respect the other party's exercise of their rights.</li>"
                    "</ul>",
        },
    },
]

FAQ = [
    ("fee", 10, "申请人民调解要收费吗？", "<p>不收费。人民调解委员会调解民间纠纷，不收取任何费用。</p>",
     "Does mediation cost anything?", "<p>No. People's mediation committees mediate everyday disputes free of charge.</p>"),
    ("agreement-effect", 20, "调解协议有法律效力吗？",
     "<p>经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
     "双方当事人还可以申请人民法院司法确认，确认有效后可以申请强制执行。</p>",
     "Is a mediation agreement legally binding?",
     "<p>Yes. An agreement reached before a people's mediation committee is legally binding and must be performed as "
     "agreed. The parties may also ask the court to confirm it; a confirmed agreement can be enforced by the court.</p>"),
    ("other-party-refuses", 30, "对方不同意调解怎么办？",
     "<p>人民调解以双方自愿为前提，一方明确拒绝调解的，不能进行调解。您可以依法通过仲裁、行政机关处理或者向人民法院起诉等途径解决。</p>",
     "What if the other party does not agree to mediation?",
     "<p>Mediation needs both parties' consent: if one clearly refuses, there is no mediation. You can still turn to "
     "arbitration, an administrative body or the court.</p>"),
    ("not-mediable", 40, "哪些纠纷不能申请人民调解？",
     "<p>法律、法规规定只能由专门机关管辖处理的，或者禁止采用民间调解方式解决的纠纷；"
     "人民法院、公安机关或者其他行政机关已经受理或者解决的纠纷。</p>",
     "Which disputes cannot be mediated?",
     "<p>Disputes the law reserves for a specialised body or forbids settling by mediation, and disputes a court, the "
     "police or another administrative body has already accepted or decided.</p>"),
    ("duration", 50, "调解一般需要多长时间？",
     "<p>一般自受理之日起一个月内调解终结。纠纷复杂的，调解员会与当事人商定后续安排。</p>",
     "How long does mediation take?",
     "<p>Mediation is normally concluded within one month of acceptance. For complex disputes the mediator agrees the "
     "next steps with the parties.</p>"),
    ("track-application", 60, "如何查询网上申请的办理进度？",
     "<p>在“查询进度”页面输入提交申请后得到的查询码和申请时填写的手机号码，即可查看办理状态。"
     "为保护个人信息，查询结果只显示办理状态。</p>",
     "How do I check my online application?",
     "<p>On the \"Check an application\" page, enter the tracking code you received and the mobile number you applied "
     "with. To protect personal information, the result shows only the state of the application.</p>"),
    ("privacy", 70, "我的个人信息会被公开吗？",
     "<p>不会。申请中的姓名、身份证号码、电话和地址只用于办理调解，只有负责的工作人员可以查看，不会在网站上公开。</p>",
     "Will my personal information be made public?",
     "<p>No. Names, ID numbers, phone numbers and addresses in an application are used only to handle the mediation, "
     "are seen only by the staff responsible and are never shown on the website.</p>"),
]


def _faq_entries():
    for slug, order, question, answer, question_en, answer_en in FAQ:
        yield {"slug": slug, "sort_order": order,
               "zh": {"title": question, "answer": answer}, "en": {"title": question_en, "answer": answer_en}}


STANDARD_CONTENT = {
    "procedure": PROCEDURES,
    "rule": RULES,
    "faq": list(_faq_entries()),
}


def entry_input(content_type, spec, *, status=EntryStatus.PUBLISHED, publish_at=None):
    """An EntryInput for ``spec`` ({slug, sort_order, zh: {...}, en: {...}})."""
    keys = {f.key for f in content_type.fields}

    def locale(values):
        return {"title": values["title"], "data": {k: v for k, v in values.items() if k in keys}}

    return EntryInput(
        slug=spec["slug"], status=status, publish_at=publish_at, sort_order=spec.get("sort_order", 0),
        locales={"zh_Hans_CN": locale(spec["zh"]), "en": locale(spec["en"])},
    )


def load_entries(type_key, specs, *, status=EntryStatus.PUBLISHED):
    """Add the entries of ``specs`` that are missing from type ``type_key``; returns how many."""
    content_type = db.session.scalar(select(ContentType).where(ContentType.key == type_key))
    if content_type is None:
        return 0
    have = set(db.session.scalars(select(ContentEntry.slug).where(ContentEntry.type_id == content_type.id)))
    added = 0
    for spec in specs:
        if spec["slug"] in have:
            continue
        save_entry(content_type, entry_input(content_type, spec, status=status, publish_at=spec.get("publish_at")))
        added += 1
    return added


def load_standard_content(status=EntryStatus.PUBLISHED):
    return sum(load_entries(key, specs, status=status) for key, specs in STANDARD_CONTENT.items())
