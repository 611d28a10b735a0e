"""The public pages and the API answer in a few queries, however much content there is: no query
per entry, type or contact point, and no scans of other tables to date an answer."""
import pytest

from tests.test_list_queries import counted_queries

# Most queries each answer may take: the public types with their fields (2), the entries, their
# count and their translations (3), and the records and files an entry links (1 each).
CEILINGS = {
    "/": 6,  # the notices and the procedures, each with their translations
    "/content/faq/": 5,
    "/content/procedure/mediation": 6,
    "/api/v1/types/faq/entries?per_page=100": 5,
    "/api/v1/types/procedure/entries/mediation": 6,
    "/api/v1/types": 2,
    "/api/v1/contacts": 2,
}


def queries_for(client, app, url):
    client.get(url)  # the first request of a page compiles its templates
    with counted_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("url", CEILINGS)
def test_public_answers_take_a_few_queries_whatever_the_content(client, app, content_world, make_entry, url):
    make_entry("notice", slug="one-notice", title="一则通知")  # every kind of list on the page has a row
    few = queries_for(client, app, url)
    assert few <= CEILINGS[url], f"{url}: {few} queries"
    for n in range(12):
        make_entry("notice", slug=f"more-notice-{n}", title=f"更多通知{n}")
        make_entry("faq", slug=f"more-question-{n}", title=f"更多问题{n}", title_en=f"More {n}")
        make_entry("procedure", slug=f"more-procedure-{n}", title=f"更多流程{n}",
                   shared={"where_to_ask": content_world["east_office"].id})
    many = queries_for(client, app, url)
    assert many == few, f"{url}: {few} queries for a little content, {many} for more"
