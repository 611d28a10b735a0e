"""Lean list pages draw each row's buttons once per page and copy them per row: every row still
gets its own view, edit and delete buttons, with its own id, and none where deleting is refused."""
import re

from tests.helpers import text_of


def test_each_row_has_its_own_buttons(client, login_as, two_streets, make_case):
    committee = two_streets["east_committee"].id
    draft = make_case(committee).id
    numbered = make_case(committee, number="（2026）东调字第0001号", status="accepted").id
    login_as("staff", street_id=two_streets["east"].id)
    html = text_of(client.get("/admin/cases/?page_size=100"))
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(
        r'<tr>\s*<td class="list-checkbox-column">\s*<input[^>]*value="(\d+)".*?</tr>', html, re.S)}
    assert set(rows) == {draft, numbered}
    for case_id, row in rows.items():
        assert f"/admin/cases/details/?id={case_id}&amp;url=" in row
        assert f"/admin/cases/edit/?id={case_id}&amp;url=" in row
        assert 'data-label="标题"' in row
    assert re.search(rf'name="id"[^>]*value="{draft}"', rows[draft])  # a registration made by mistake can go
    assert 'action="/admin/cases/delete/"' not in rows[numbered]  # an accepted case cannot
    assert len(set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html))) >= 1
