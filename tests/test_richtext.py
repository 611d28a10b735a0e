"""Rich text sanitising: hostile markup never survives, ordinary markup does, and cleaning twice is a no-op."""
import pytest

from portal.services.richtext import plain_text, sanitize

HOSTILE = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg onload=alert(1)><circle/></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onmouseover="alert(1)">x</div>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form action="https://evil.example"><input name=x></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<!--<img src=x onerror=alert(1)>-->',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_is_removed(payload):
    clean = sanitize(payload).lower()
    for marker in ("<script", "onerror", "onload", "onmouseover", "javascript:", "vbscript:", "data:", "<iframe",
                   "<svg", "<object", "<embed", "<form", "<meta", "style=", "<style"):
        assert marker not in clean, (payload, clean)


def test_ordinary_markup_survives_and_cleaning_twice_changes_nothing():
    html = ('<h2>标题</h2><p>正文<strong>重点</strong><em>强调</em></p><ol start="2"><li>一</li></ol>'
            '<a href="https://example.org/a?b=1" title="说明">链接</a><img src="/files/1/a.png" alt="图">'
            '<table><tr><th scope="col">列</th></tr><tr><td colspan="2">格</td></tr></table>')
    clean = sanitize(html)
    for kept in ("<h2>标题</h2>", "<strong>重点</strong>", '<ol start="2">', 'href="https://example.org/a?b=1"',
                 'rel="noopener noreferrer"', 'alt="图"', 'colspan="2"', 'scope="col"'):
        assert kept in clean, kept
    assert sanitize(clean) == clean
    assert sanitize(None) == "" and sanitize("") == ""


def test_plain_text_for_summaries():
    assert plain_text("<p>甲 &amp; 乙</p><ul><li>丙</li></ul><script>x</script>") == "甲 & 乙 丙"
