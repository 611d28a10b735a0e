"""All models, imported here so metadata and Alembic see every table."""
from portal.models.applications import OnlineApplication, RateLimitHit
from portal.models.audit import AuditAction, AuditArchive, AuditEntry
from portal.models.cases import Case, CaseParty, CaseStatus, PartyKind, PartyRole, case_mediators
from portal.models.case_records import (
    AgreementKind, CaseAgreement, CaseAttachment, CaseEvent, CaseNumberCounter, ConfirmationOutcome,
    DocumentKind, FollowUp, JudicialConfirmation, MediationSession, MeetingKind, Transition,
)
from portal.models.content import (
    ContactKind, ContentBlob, ContentEntry, ContentField, ContentFile, ContentRevision, ContentTranslation,
    ContentType, EntryStatus, FieldKind,
)
from portal.models.documents import DocumentTemplate, DocumentTemplateFile
from portal.models.facilities import Condition, Equipment, Facility, OfficeFunding, RoomBooking
from portal.models.geography import Community, CommunityKind, District, Grid, Street
from portal.models.inspections import (
    AssessmentComment, AssessmentIndicator, AssessmentScheme, AssessmentScore, ChecklistItem, ChecklistTemplate,
    DossierCheck, FindingResult, IndicatorSource, Inspection, InspectionFinding, ItemGroup, RecordList,
    Rectification, RectificationStatus, SchemeStatus, ScoringRule,
)
from portal.models.imports import ImportBatch, ImportStatus
from portal.models.lookups import (
    LOOKUP_MODELS, CaseSource, DisputeType, EducationLevel, EquipmentKind, Ethnicity,
    FacilityKind, MediatorGrade, PartnerKind, PoliticalStatus, TrainingKind,
)
from portal.models.linkage import (
    CaseReferral, JudgeReview, ReferralKind, ReferralResult, ReviewOutcome, ReviewStage,
)
from portal.models.mediators import Employment, Mediator, MediatorStatus, Sex
from portal.models.organisation import (
    Committee, CommitteeLevel, CommitteeMembership, JudgeLiaisonPoint, JudicialOffice,
    PartnerBody, Post, Selection,
)
from portal.models.screening import (
    Lead, LeadEvent, LeadEventKind, LeadParty, LeadPhoto, LeadStatus, PreventionKind, PreventionRecord, Reporter,
    ReporterKind, RiskLevel, RoundKind, ScreeningRound, ScreeningTheme,
)
from portal.models.statistics import MonthlyReport, MonthlyReportVersion, ReportStatus, VersionOutcome
from portal.models.training import (
    AttendanceStatus, TrainingAttendance, TrainingMaterial, TrainingRequirement, TrainingSession,
)
from portal.models.users import Role, SignIn, SignInOutcome, User

__all__ = [name for name in dir() if not name.startswith("_")]
