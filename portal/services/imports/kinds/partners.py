"""Partner bodies (court, police station, petition office…) and judge liaison points, matched by
name (each name is unique, as the forms require)."""
from flask_babel import lazy_gettext as _l

from portal.models import JudgeLiaisonPoint, PartnerBody, PartnerKind
from portal.services.access import Area
from portal.services.imports.kinds.base import COMMUNITY_HEADERS, Column, Kind
from portal.services.imports.values import Lookup, Phone, Ref, Text, YesNo


class PartnerBodyImport(Kind):
    key = "partner_bodies"
    label = _l("Partner bodies")
    model = PartnerBody
    area = Area.PARTNERS
    key_column = "name"
    street_column = "street"
    help = _l("One row per body. A body is matched by its name: importing the file again updates it.")
    columns = (
        Column("name", Text(100), required=True, example="东城区人民法院"),
        Column("kind", Lookup(PartnerKind), required=True, example="court"),
        Column("street", Ref("street"), example=None),
        Column("contact_name", Text(40), example="李法官"),
        Column("phone", Phone("any"), example="010-64012345"),
        Column("address", Text(200), example="东城区人民路8号"),
        Column("notes", Text(5000, multiline=True)),
    )


class LiaisonPointImport(Kind):
    key = "liaison_points"
    label = _l("Judge liaison points")
    model = JudgeLiaisonPoint
    area = Area.PARTNERS
    key_column = "name"
    street_column = "street"
    help = _l("One row per liaison point. A point is matched by its name: importing the file again updates it.")
    columns = (
        Column("name", Text(100), required=True, example="和平社区法官联系点"),
        Column("street", Ref("street"), required=True, example=None),
        Column("community", Ref("community", street_from="street"), aliases=COMMUNITY_HEADERS, example=None),
        Column("court", Ref("court"), label=_l("Court"), example=None),
        Column("judge_name", Text(40), required=True, example="李明"),
        Column("judge_phone", Phone("any"), example="13812345678"),
        Column("judge_is_instructor", YesNo(), example=True),
        Column("address", Text(200), example="和平社区服务中心二楼"),
        Column("phone", Phone("any"), example="010-64012345"),
        Column("opening_hours", Text(120), example="每周三 9:00-11:30"),
        Column("is_public", YesNo(), example=True),
    )

    def check(self, row, record, run):
        street, community = row.values.get("street"), row.values.get("community")
        if street is not None and community is not None and community.street_id != street.id:
            row.fail("community", "community_street", community=community.name, street=street.name)
