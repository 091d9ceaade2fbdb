"""Words and weights the synthetic catalogue is drawn from (the generator's data)."""

from __future__ import annotations

# Words of each need area: themes for names, phrases for summaries and descriptions.
NEED_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "accommodation": (
        ("Housing Advice", "Tenancy Support", "Home Finder", "Settled Homes"),
        (
            "finding and keeping a tenancy",
            "housing advice and landlord liaison",
            "help for people who are homeless or at risk of eviction",
            "paying rent on time",
        ),
    ),
    "ete": (
        ("Employment Skills", "Work Ready", "Training Pathways", "Jobs Club"),
        (
            "employment support and CV writing",
            "training towards a recognised qualification",
            "interview practice with local employers",
            "basic English and maths skills",
        ),
    ),
    "relationships": (
        ("Family Ties", "Parenting Together", "Healthy Relationships", "Family Links"),
        (
            "rebuilding relationships with family and children",
            "parenting skills",
            "respectful relationships with partners",
            "support for carers and families",
        ),
    ),
    "lifestyle-associates": (
        ("New Directions", "Positive Peers", "Community Leisure", "Time Well Spent"),
        (
            "moving away from peers linked to offending",
            "structured leisure and sport",
            "volunteering in the community",
            "mentoring by people with lived experience",
        ),
    ),
    "alcohol": (
        ("Alcohol Awareness", "Drink Less", "Sober Choices", "Alcohol Recovery"),
        (
            "cutting down drinking linked to offending",
            "alcohol awareness and harm reduction",
            "recovery groups for problem drinking",
            "drink driving awareness",
        ),
    ),
    "drugs": (
        ("Drug Awareness", "Recovery Steps", "Substance Misuse", "Clean Start"),
        (
            "substance misuse awareness",
            "recovery support for drug use",
            "harm reduction and relapse prevention",
            "peer recovery meetings",
        ),
    ),
    "emotional-management": (
        ("Emotional Wellbeing", "Calm Minds", "Managing Emotions", "Stress and Anger"),
        (
            "managing anger and stress",
            "emotional wellbeing and coping skills",
            "anxiety and low mood self-help",
            "mental health first steps",
        ),
    ),
    "attitudes-thinking-behaviour": (
        ("Thinking Skills", "Better Choices", "Decision Making", "Consequential Thinking"),
        (
            "thinking before acting",
            "problem solving and decision making",
            "challenging attitudes that support offending",
            "impulse control",
        ),
    ),
    "finance-benefits-debt": (
        ("Money Advice", "Debt Support", "Budgeting Basics", "Benefits Help"),
        (
            "budgeting and managing money",
            "debt advice and repayment plans",
            "claiming the right benefits",
            "opening a bank account",
        ),
    ),
}
BRANDS = (
    "Bridges",
    "Pathways",
    "Horizons",
    "Compass",
    "Anchor",
    "Harbour",
    "Beacon",
    "Fresh Start",
    "Next Steps",
    "Turning Point",
    "Open Door",
    "Keystone",
    "Lighthouse",
    "Stepping Stones",
    "Milestone",
    "Crossroads",
    "Foundations",
    "Northstar",
    "Riverside",
    "Hillside",
)
FORMS = ("Programme", "Service", "Group", "Course", "Workshop", "Project", "Hub", "Clinic")
PROVIDER_KINDS = ("Trust", "Community Interest Company", "Charity", "Partnership", "Foundation")
FILLER = (
    "Sessions are led by trained staff and follow a published plan.",
    "Referrals come from the probation practitioner after assessment.",
    "People attend in person at a local centre unless agreed otherwise.",
    "Each session builds on the last, with short tasks to practise in between.",
    "The provider reports attendance to probation after each session.",
)
TYPES = (
    ("crs", 35),
    ("local", 35),
    ("toolkit", 12),
    ("structured-intervention", 12),
    ("accredited-programme", 6),
)
EIP = (
    ("approved", 30),
    ("provisionally-approved", 10),
    ("awaiting-appraisal", 15),
    ("not-approved", 5),
    ("not-applicable", 40),
)
STATUSES = (("open", 55), ("waiting-list", 20), ("paused", 10), ("not-available", 15))
