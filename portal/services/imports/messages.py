"""Every message an import shows, by code, so a problem is stored as (code, params) and read in
the reader's language whenever the preview is shown."""
from flask_babel import lazy_gettext as _l

FILE_PROBLEMS = {
    "empty_upload": _l("Choose a file to upload; the file was empty."),
    "too_large": _l("The file is too large: at most %(mb)s MB."),
    "unpacked_too_large": _l("The file unpacks to far more data than a ledger holds; it was not read."),
    "not_spreadsheet": _l("This is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."),
    "old_excel": _l("This is an old Excel 97–2003 file (.xls). Open it in Excel or WPS and save it as "
                    "an Excel workbook (.xlsx), then upload that."),
    "open_document": _l("This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx) and upload that."),
    "unreadable": _l("The workbook could not be read; it may be damaged. Open it in Excel or WPS, save it again and upload that."),
    "encoding": _l("The CSV file is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” and upload that."),
    "empty_sheet": _l("The first sheet of the file is empty."),
    "no_header": _l("No header row was found in the first rows of the sheet. The first row should "
                    "name the columns, as in the template."),
    "no_rows": _l("The sheet has a header row but no rows of data."),
    "missing_columns": _l("These required columns are missing: %(columns)s. Download the template to see them."),
    "duplicate_columns": _l("These columns appear more than once: %(columns)s."),
    "too_many_rows": _l("The file has more than %(max)s rows. Split it into smaller files."),
    "interrupted": _l("Checking the file was interrupted. Upload it again."),
}

CELL_PROBLEMS = {
    "required": _l("Required."),
    "formula": _l("This cell holds a formula; type the value itself (copy, then paste as values)."),
    "too_long": _l("At most %(max)s characters."),
    "control": _l("Contains characters that cannot be stored (control characters)."),
    "date": _l("Not a date. Write it as 2024-03-01."),
    "date_range": _l("The date %(value)s is not plausible."),
    "future": _l("This date cannot be in the future."),
    "number": _l("Not a number."),
    "number_range": _l("Must be between %(min)s and %(max)s."),
    "decimals": _l("At most %(places)s decimal places."),
    "choice": _l("“%(value)s” is not one of the allowed values: see the sheet “%(sheet)s” of the template."),
    "yes_no": _l("Write 是 or 否 (yes or no)."),
    "id_format": _l("An ID number has 18 characters: 17 digits and a final digit or X."),
    "id_birth_date": _l("The birth date inside this ID number is not a real date."),
    "id_check_digit": _l("This ID number's check digit is wrong; please check each digit."),
    "id_as_number": _l("The ID number was stored as a number and lost its last digits. Format the "
                       "column as text and type it again."),
    "credit_code": _l("Neither a valid ID number nor a valid unified social credit code."),
    "mobile": _l("A mobile number has 11 digits and starts with 13–19."),
    "landline": _l("Enter a landline such as 010-64012345."),
    "phone": _l("Enter a mobile (13812345678) or landline (010-64012345) number."),
    "masked": _l("This value is masked (as in an export) and does not match the stored one; write it in full."),
    "masked_new": _l("This value is masked (as in an export); a new record needs it in full."),
    "not_found": _l("No %(what)s called “%(value)s” among those you may use."),
    "ambiguous": _l("Several %(what)s are called “%(value)s”; use the code, or the street column to tell them apart."),
    "other_street": _l("This row belongs to %(street)s; you can only import records of your own street."),
    "duplicate_row": _l("Row %(row)s of this file already has %(value)s."),
    "key_other_street": _l("%(value)s is already kept by another street's office; ask the district office."),
    "unique_taken": _l("%(value)s is already used by another record."),
    "birth_date_mismatch": _l("The date of birth does not match the ID number."),
    "sex_mismatch": _l("The sex does not match the ID number."),
    "not_before": _l("Must not be before %(what)s."),
    "not_after_first_step": _l("Must not be after the case's first step (%(date)s)."),
    "absent_hours": _l("Absent earns no hours: leave the hours empty or write 0."),
    "session_not_started": _l("The session starts at %(start)s: until then attendance can only be “Expected”."),
    "list_lengths": _l("Give one value for each name in %(column)s (or none)."),
    "parent_cycle": _l("A committee cannot be its own parent, directly or through others."),
    "community_street": _l("%(community)s is not in %(street)s."),
    "grid_community": _l("%(grid)s is not in %(community)s."),
    "needs_for_status": _l("Required for a case that is “%(status)s”."),
    "status_not_importable": _l("Only cases that were accepted can be added (they have a number); "
                                "“%(status)s” is not one of them."),
    "unnumbered_new": _l("A case without a number can only be one already in the portal, and this row "
                         "matches none (same committee, date received and title); new cases need their number."),
    "status_changed": _l("This case is already in the portal as “%(status)s”; record later steps on the case's page."),
    "lifecycle_changed": _l("This case is already in the portal with %(value)s here; it changes only through the case's steps."),
    "committee_changed": _l("The committee of an accepted case changes only by escalating or transferring it."),
    "archived": _l("This case is archived: only the district office can change it."),
    "not_active_mediator": _l("%(value)s has left or is suspended."),
    "hours_over": _l("Hours credited cannot be more than the session's hours (%(max)s)."),
    "no_person": _l("Give the name or the ID number."),
    "ambiguous_person": _l("Several people in this street are called “%(value)s”; change them on their own pages."),
    "grids_one_street": _l("A reporter's grids must all lie in one street."),
    "name_mismatch": _l("The ID number belongs to %(name)s."),
}

NOTICES = {
    "ignored_columns": _l("These columns were not imported: %(columns)s."),
    "derived_columns": _l("These columns are worked out by the portal and were not imported: %(columns)s."),
    "example_skipped": _l("The template's example row (row %(row)s) was skipped."),
    "header_row": _l("The header was found on row %(row)s; the rows above it were skipped."),
    "changed_since_preview": _l("Records changed since your preview; nothing was saved. Check this new preview and save again."),
}


# What a reference names, for "not found" and "ambiguous".
WHAT = {
    "street": _l("street"),
    "community": _l("community or village"),
    "grid": _l("grid"),
    "committee": _l("committee"),
    "mediator": _l("mediator"),
    "partner": _l("partner body"),
    "court": _l("court"),
    "case": _l("case"),
}


class Problem(Exception):
    """A problem with a coded message (a key of CELL_PROBLEMS or FILE_PROBLEMS) and its parameters."""

    def __init__(self, code, /, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def render(table, code, params=None):
    """The message ``code`` of ``table`` in the reader's language, with its parameters."""
    message = table.get(code)
    if message is None:
        return code
    params = {key: str(WHAT.get(value, value)) if key == "what" else _text(value) for key, value in (params or {}).items()}
    return str(message) % params if params else str(message)


def _text(value):
    if isinstance(value, (list, tuple)):
        from portal.services.cases import join_labels

        return join_labels(str(v) for v in value)
    return str(value)
