"""Training and awareness records, one module per part: courses and attendance, the module, campaigns."""

from lantern.training.models.attendance import (
    Attendance,
    AttendanceImport,
    AttendanceSource,
    Certificate,
    CertificateSource,
    MatchReview,
    MatchStatus,
    Outcome,
    Session,
    SessionStatus,
    Trainee,
    TrainingReminder,
)
from lantern.training.models.campaigns import (
    Audience,
    Campaign,
    CampaignMaterial,
    CampaignReach,
    Channel,
    ReachMeasure,
)
from lantern.training.models.courses import (
    Course,
    CourseLevel,
    CourseVersion,
    Delivery,
    JobType,
    MatrixRequirement,
)
from lantern.training.models.learning import LearnAttempt

__all__ = [
    "Attendance", "AttendanceImport", "AttendanceSource", "Certificate", "CertificateSource", "Course", "CourseLevel",
    "CourseVersion", "Delivery", "JobType", "MatchReview", "MatchStatus", "MatrixRequirement", "Outcome", "Session",
    "SessionStatus", "Trainee", "TrainingReminder",
    "Audience", "Campaign", "CampaignMaterial", "CampaignReach", "Channel", "LearnAttempt", "ReachMeasure",
]

from lantern.training.models.evaluation import (  # noqa: E402  (evaluation: before-and-after questionnaires)
    CourseEvaluation,
    EvaluationLink,
    EvaluationResponse,
    Phase,
    QuestionSet,
    QuestionSetVersion,
    ResponseChannel,
)

__all__ += [
    "CourseEvaluation", "EvaluationLink", "EvaluationResponse", "Phase", "QuestionSet", "QuestionSetVersion",
    "ResponseChannel",
]
