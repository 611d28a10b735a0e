"""How fast the standard documents and the bound dossier are made: ``python -m portal.benchmarks.documents``.

Builds a throw-away database (SQLite in a temporary folder, or ``--url`` for PostgreSQL, whose
schema it DROPS) with one complete case (three parties, two meetings, a written agreement, a
follow-up) and 30 scanned pages (two 10-page PDF scans and 10 photographed pages as JPEG), then
times over HTTP, as the office asks for them:

- each standard document as DOCX and as PDF, against a floor: the same template library filling
  a one-line template, and WeasyPrint laying out one line of Chinese (the fixed cost of each);
- the whole dossier PDF, read from the streamed answer in 64 KB pieces, against a floor: pypdf
  merely concatenating the same scans;
- the memory the dossier takes at its peak while bound (tracemalloc), and what sending it adds:
  a few chunks, not the size of the PDF, as it is streamed from a temporary file.

Prints medians; nothing is asserted.
"""
import argparse
import io
import os
import random
import statistics
import time
import tracemalloc
from datetime import datetime, timedelta
from decimal import Decimal

from portal.benchmarks.support import bench_app, fresh_schema

PASSWORD = "bench-password"


def scan_jpeg(rng, width=1240, height=1754):
    """A page photographed at 150 dpi: grey paper with noise, so it compresses like a real scan."""
    from PIL import Image

    noise = bytes(rng.randrange(200, 256) for _ in range(width * 16))
    image = Image.new("L", (width, height), 235)
    stripe = Image.frombytes("L", (width, 16), noise)
    for y in range(0, height, 32):
        image.paste(stripe, (0, y))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def scan_pdf(pages):
    """A scanned PDF: each page one JPEG on A4 (as scanners write them)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(data)) for data in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return out.getvalue()


def build(app, rng):
    from portal import timeutil
    from portal.extensions import db
    from portal.models import (
        Case, CaseParty, CaseSource, Committee, Community, DisputeType, District, Ethnicity, MediationSession,
        Mediator, Street, User,
    )
    from portal.services import attachments
    from portal.services import cases as lifecycle
    from portal.services.reference import ensure_reference_data

    fresh_schema(app)
    with app.test_request_context():
        ensure_reference_data()
        district = District(code="D1", name="东城区")
        street = Street(district=district, code="S01", name="东华街道", is_pilot=True)
        community = Community(street=street, code="C01", name="和平社区")
        top = Committee(name="东华街道人民调解委员会", short_name="东华", level="street", street=street)
        committee = Committee(name="和平社区人民调解委员会", short_name="和平", level="community", street=street,
                              community=community, parent=top, address="和平路1号", phone="010-12345678")
        user = User(username="bench-staff", role="staff", street=street)
        user.set_password(PASSWORD)
        mediators = [Mediator(name="王调解", sex="male", street=street), Mediator(name="李调解", sex="female", street=street)]
        db.session.add_all([top, committee, user, *mediators])
        han = db.session.query(Ethnicity).filter_by(code="han").first()
        today = timeutil.today()
        case = Case(
            title="张三与李四邻里纠纷", committee=committee,
            dispute_type=db.session.query(DisputeType).filter_by(code="neighbour").first(),
            source=db.session.query(CaseSource).first(), received_on=today - timedelta(days=20),
            facts="李四家装修损坏张三家外墙。" * 5, amount=Decimal("5000"), mediators=mediators,
        )
        case.parties = [
            CaseParty(role="applicant", kind="person", name="张三", sex="male", ethnicity=han, occupation="教师",
                      id_number="110101198005011234", phone="13812345678", address="和平里1号"),
            CaseParty(role="respondent", kind="person", name="李四", sex="female", ethnicity=han, occupation="个体",
                      id_number="11010119850309432X", phone="13912345678", address="和平里2号"),
            CaseParty(role="other", kind="organisation", name="某装饰有限公司", id_number="91110101MA01234567",
                      address="建设路9号", representative="赵五"),
        ]
        db.session.add(case)
        db.session.flush()
        lifecycle.accept(case, on=today - timedelta(days=19))
        lifecycle.start_mediation(case, on=today - timedelta(days=18))
        start = datetime.combine(today - timedelta(days=17), datetime.min.time()).replace(hour=9)
        for kind, day in (("investigation", 0), ("mediation", 1)):
            case.sessions.append(MediationSession(
                kind=kind, starts_at=start + timedelta(days=day), ends_at=start + timedelta(days=day, hours=2),
                location_text="和平社区调解室", recorder="赵记录", summary="双方陈述意见。" * 20, outcome="达成一致。",
                parties=case.parties[:2], mediators=mediators))
        lifecycle.settle(case, kind="written", terms="李四赔偿张三五千元。", signed_on=today - timedelta(days=10),
                         performance_method="转账", performance_place="和平社区", amount=Decimal("5000"))
        follow_up = case.follow_ups[0]
        follow_up.due_on = follow_up.done_on = today - timedelta(days=1)
        follow_up.method, follow_up.performed, follow_up.satisfaction, follow_up.risk = "visit", "fully", "satisfied", "none"
        pages = [scan_jpeg(rng) for _ in range(4)]
        scans = [("identity", scan_pdf([pages[n % 4] for n in range(10)]), "身份证明.pdf"),
                 ("evidence", scan_pdf([pages[(n + 1) % 4] for n in range(10)]), "证据.pdf")]
        scans += [("evidence", pages[n % 4], f"照片{n}.jpg") for n in range(10)]
        attachments.store_many(case, [(data, name, kind, "") for kind, data, name in scans])
        db.session.commit()
        ids = {"case": case.id, "sessions": [s.id for s in case.sessions], "follow_up": follow_up.id}
        scan_bytes = sum(len(data) for _kind, data, _name in scans)
        db.session.remove()
    return ids, [data for _kind, data, _name in scans if data.startswith(b"%PDF")], scan_bytes


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def floors(app, repeat):
    """The fixed cost of the two libraries: a one-line template filled, one line laid out as PDF."""
    from docx import Document
    from docxtpl import DocxTemplate
    from weasyprint import HTML

    document = Document()
    document.add_paragraph("{{ name }}")
    buffer = io.BytesIO()
    document.save(buffer)
    template = buffer.getvalue()

    def fill():
        filled = DocxTemplate(io.BytesIO(template))
        filled.render({"name": "张三"})
        filled.save(io.BytesIO())

    def pdf():
        HTML(string="<p style=\"font-family:'Noto Serif CJK SC'\">人民调解协议书</p>").write_pdf()

    return timed(fill, repeat), timed(pdf, repeat)


def streamed(client, url):
    response = client.get(url, buffered=False)
    size = 0
    for piece in response.response:
        size += len(piece)
    response.close()
    return response.status_code, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--url", default=os.environ.get("PORTAL_BENCH_DATABASE_URL"),
                        help="PostgreSQL URL (its schema is DROPPED); default: a temporary SQLite file")
    args = parser.parse_args()
    import tempfile

    app = bench_app(args.url, WTF_CSRF_ENABLED=False, PORTAL_UPLOAD_DIR=tempfile.mkdtemp(prefix="portal-bench-up-"))
    ids, pdf_scans, scan_bytes = build(app, random.Random(11))
    client = app.test_client()
    client.post("/auth/login", data={"username": "bench-staff", "password": PASSWORD})
    fill_floor, pdf_floor = floors(app, args.repeat)
    print(f"floor: fill a one-line DOCX template {fill_floor:6.1f} ms · lay out one line as PDF {pdf_floor:6.1f} ms")
    print(f"{'document':<26} {'DOCX ms':>8} {'×floor':>7} {'PDF ms':>8} {'×floor':>7}")
    case = ids["case"]
    documents = [("application", ""), ("acceptance", ""), ("rights_notice", ""),
                 ("investigation", f"&record={ids['sessions'][0]}"), ("mediation_record", f"&record={ids['sessions'][1]}"),
                 ("agreement", ""), ("follow_up", f"&record={ids['follow_up']}"), ("confirmation_application", "")]
    client.get(f"/admin/case_documents/agreement/docx/?id={case}")  # first use: imports, fonts
    for key, suffix in documents:
        docx = timed(lambda: client.get(f"/admin/case_documents/{key}/docx/?id={case}{suffix}"), args.repeat)
        pdf = timed(lambda: client.get(f"/admin/case_documents/{key}/pdf/?id={case}{suffix}"), args.repeat)
        print(f"{key:<26} {docx:8.1f} {docx / fill_floor:7.1f} {pdf:8.1f} {pdf / pdf_floor:7.1f}")

    def concatenate():
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for data in pdf_scans:
            for page in PdfReader(io.BytesIO(data)).pages:
                writer.add_page(page)
        writer.write(io.BytesIO())

    url = f"/admin/case_documents/dossier/?id={case}"
    status, size = streamed(client, url)
    floor = timed(concatenate, args.repeat)
    dossier = timed(lambda: streamed(client, url), max(1, args.repeat // 2))
    print(f"dossier (30 scanned pages, {scan_bytes / 1e6:.1f} MB of scans): {dossier:8.1f} ms, {size / 1e6:.1f} MB "
          f"(HTTP {status}) · floor: concatenate the 20 PDF scan pages {floor:7.1f} ms · ×{dossier / floor:.1f}")
    bound, sending = dossier_memory(app, case)
    print(f"dossier memory: binding peaks at {bound / 1e6:.1f} MB (fonts and layout included); sending the "
          f"{size / 1e6:.1f} MB PDF adds {sending / 1e3:.0f} KB at most (streamed from a temporary file, never held whole)")


def dossier_memory(app, case_id):
    """Peak memory while binding, and the extra peak while the bound PDF is read out to send."""
    from portal.extensions import db
    from portal.models import Case
    from portal.services.documents import dossier

    with app.test_request_context():
        case = db.session.get(Case, case_id)
        tracemalloc.start()
        bound = dossier.bind(case)
        _current, binding_peak = tracemalloc.get_traced_memory()
        base, _peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        while bound.file.read(64 * 1024):
            pass
        _current, sending_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        bound.file.close()
        db.session.remove()
    return binding_peak, sending_peak - base


if __name__ == "__main__":
    main()
