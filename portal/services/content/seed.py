"""The content types every installation ships with: procedure, rule, notice and FAQ.

Idempotent (listed in portal.services.reference.SEEDERS): a type is matched by key and added
with its fields only when missing; an existing type is left exactly as the district office keeps
it (a field it removed does not come back).
"""
from sqlalchemy import select

from portal.extensions import db
from portal.models.content import ContactKind, ContentField, ContentType, FieldKind
from portal.services.chinese import to_traditional

# key: (Simplified name, English name, [(field key, kind, Simplified label, English label, required[, target])])
STANDARD_TYPES = {
    "procedure": ("办事流程", "Procedures", [
        ("summary", FieldKind.LONG_TEXT, "简介", "Summary", True),
        ("steps", FieldKind.STEPS, "办理步骤", "Steps", True),
        ("details", FieldKind.RICH_TEXT, "详细说明", "Details", False),
        ("legal_basis", FieldKind.LONG_TEXT, "法律依据", "Legal basis", False),
        ("attachment", FieldKind.FILE, "附件", "Attachment", False),
        ("where_to_ask", FieldKind.RECORD, "咨询地点", "Where to ask", False, ContactKind.JUDICIAL_OFFICE),
    ]),
    "rule": ("规章制度", "Rules", [
        ("summary", FieldKind.LONG_TEXT, "简介", "Summary", False),
        ("body", FieldKind.RICH_TEXT, "正文", "Text", True),
        ("effective_on", FieldKind.DATE, "施行日期", "In force from", False),
    ]),
    "notice": ("通知公告", "Notices", [
        ("summary", FieldKind.LONG_TEXT, "摘要", "Summary", False),
        ("body", FieldKind.RICH_TEXT, "正文", "Text", True),
        ("image", FieldKind.FILE, "图片或附件", "Image or attachment", False),
    ]),
    "faq": ("常见问题", "Questions and answers", [
        ("answer", FieldKind.RICH_TEXT, "解答", "Answer", True),
        ("category", FieldKind.TEXT, "分类", "Category", False),
    ]),
}


def ensure_content_types():
    """Add the standard content types that are missing; returns how many were added."""
    added = 0
    existing = set(db.session.scalars(select(ContentType.key)))
    for order, (key, (name, name_en, fields)) in enumerate(STANDARD_TYPES.items(), start=1):
        if key in existing:
            continue
        content_type = ContentType(
            key=key, name=name, name_zh_hant=to_traditional(name), name_en=name_en, sort_order=order * 10,
        )
        db.session.add(content_type)
        added += 1
        for position, (field_key, kind, label, label_en, required, *target) in enumerate(fields, start=1):
            content_type.fields.append(ContentField(
                key=field_key, kind=kind, label=label, label_zh_hant=to_traditional(label), label_en=label_en,
                required=required, target=target[0] if target else None, sort_order=position * 10,
            ))
    db.session.flush()
    return added
