"""Each office's "three in place" checklist and the district's equipment inventory, with exports."""
from flask import request
from flask_admin import expose
from flask_babel import gettext

from admin_views.area_page import AreaPage
from admin_views.fields import int_arg, visible_streets
from portal.extensions import db
from portal.models import Condition, EquipmentKind
from portal.services import facilities
from portal.services.access import Action, Area
from portal.services.xlsx_report import workbook_bytes


class OfficeChecklistPage(AreaPage):
    area = Area.FACILITIES
    endpoint_actions = {"export": Action.EXPORT}

    def choices(self):
        year, years = self.year_choice()
        return {"year": year, "years": years,
                "incomplete": request.args.get("show") == "incomplete"}

    def checklists(self, chosen):
        offices = facilities.offices_in_scope(street_limit=self.street_limit())
        found = facilities.office_checklists(offices, chosen["year"])
        return [c for c in found if not c.complete] if chosen["incomplete"] else found

    @expose("/")
    def index(self):
        chosen = self.choices()
        checklists = self.checklists(chosen)
        columns = checklists[0].items if checklists else []
        return self.render(
            "admin/portal/office_checklist.html", checklists=checklists, columns=columns, chosen=chosen,
            groups=facilities.GROUPS, can_export=self.permits(Action.EXPORT), args=request.args.to_dict(),
        )

    @expose("/export/xlsx/")
    def export(self):
        chosen = self.choices()
        checklists = self.checklists(chosen)
        columns = checklists[0].items if checklists else []
        header = [gettext("Judicial office"), gettext("Street")] + [str(item.label) for item in columns] + [gettext("Missing")]
        rows = [
            [c.office.name, c.office.street.name]
            + [item.count if item.ok else gettext("Missing") for item in c.items]
            + ["、".join(str(item.label) for item in c.missing)]
            for c in checklists
        ]
        title = gettext("Three in place %(year)s", year=chosen["year"])
        return self.xlsx_response(workbook_bytes([(title, header, rows)]), f"three-in-place-{chosen['year']}")


class EquipmentInventoryPage(AreaPage):
    area = Area.FACILITIES
    endpoint_actions = {"export": Action.EXPORT}

    def choices(self):
        streets = visible_streets(Area.FACILITIES)().all()
        street_id = int_arg("street")
        if street_id not in {s.id for s in streets}:
            street_id = None
        kinds = db.session.scalars(
            db.select(EquipmentKind).order_by(EquipmentKind.sort_order, EquipmentKind.id)
        ).all()
        kind_id = int_arg("kind")
        if kind_id not in {k.id for k in kinds}:
            kind_id = None
        condition = request.args.get("condition") or None
        if condition not in {c.value for c in Condition}:
            condition = None
        return {"streets": streets, "street_id": street_id, "kinds": kinds, "kind_id": kind_id,
                "conditions": Condition.choices(), "condition": condition}

    def filters(self, chosen):
        return {"street_limit": self.street_limit(), "street_id": chosen["street_id"],
                "kind_id": chosen["kind_id"], "condition": chosen["condition"]}

    @expose("/")
    def index(self):
        chosen = self.choices()
        inventory = facilities.equipment_inventory(**self.filters(chosen))
        return self.render(
            "admin/portal/equipment_inventory.html", inventory=inventory, chosen=chosen,
            conditions=list(Condition), can_export=self.permits(Action.EXPORT), args=request.args.to_dict(),
        )

    @expose("/export/xlsx/")
    def export(self):
        chosen = self.choices()
        filters = self.filters(chosen)
        inventory = facilities.equipment_inventory(**filters)
        district = gettext("District level")
        summary_header = [gettext("Street")] + [k.label for k in inventory.kinds] + [gettext("Total")]
        summary = [
            [name or district] + [inventory.by_street.get((street_id, k.id), 0) for k in inventory.kinds]
            + [inventory.street_total(street_id)]
            for street_id, name in inventory.streets
        ]
        summary.append([gettext("Total")] + [inventory.kind_total(k.id) for k in inventory.kinds] + [inventory.total])
        condition_header = [gettext("Equipment kind")] + [c.label for c in Condition]
        by_condition = [[k.label] + [inventory.by_condition.get((k.id, c.value), 0) for c in Condition]
                        for k in inventory.kinds]
        item_header = [gettext("Street"), gettext("Owner"), gettext("Facility"), gettext("Facility kind"),
                       gettext("Equipment kind"), gettext("Quantity"), gettext("Condition"), gettext("Notes")]
        items = [
            [e.facility.street.name if e.facility.street else district, str(e.facility.owner or ""),
             e.facility.name, str(e.facility.kind), str(e.kind), e.quantity, Condition.label_of(e.condition), e.notes]
            for e in facilities.equipment_items(**filters)
        ]
        sheets = [
            (gettext("By street"), summary_header, summary),
            (gettext("By condition"), condition_header, by_condition),
            (gettext("Items"), item_header, items),
        ]
        return self.xlsx_response(workbook_bytes(sheets), "equipment-inventory")
