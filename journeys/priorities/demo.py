"""Demonstration priorities: Journeys' own wording, clearly labelled, for trying the service out.

Which local areas shared which theme at the 2016 LGA regional workshops is public (the workshop
summary's table (d)); the wording of each priority below is written by Journeys to show how the
register, peer matching and networks behave. None of it is a statement by the LA named. Former
LAs in the table (Cumbria, Poole) get no present-day priority.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPriority:
    la_name: str  # as the register knows it
    theme: int  # the theme the LA shared at the 2016 workshops
    title: str
    issue: str
    learning: str


DEMO_PRIORITIES: tuple[DemoPriority, ...] = (
    # Theme 1: workforce development
    DemoPriority(
        "Halton",
        1,
        "Recruit and keep experienced social workers",
        "Too many posts in the safeguarding teams are filled by agency social workers.",
        "A clear career path keeps more staff than one-off payments.",
    ),
    DemoPriority(
        "Leicester",
        1,
        "Bring social worker caseloads down",
        "Caseloads in the assessment service are too high for good direct work.",
        "Caseload caps only hold when recruitment keeps pace.",
    ),
    DemoPriority(
        "Wirral",
        1,
        "Grow our own social workers through an academy",
        "We depend on agency staff to cover vacancies in frontline teams.",
        "Protected caseloads in the first year make newly qualified staff stay.",
    ),
    DemoPriority(
        "Tameside",
        1,
        "Stabilise the frontline workforce",
        "High turnover of social workers and team managers breaks relationships with families.",
        "Stay interviews told us more than exit interviews.",
    ),
    DemoPriority(
        "Bracknell Forest",
        1,
        "Reduce reliance on agency social workers",
        "Agency rates are above our neighbours' and cost too much.",
        "Converting locums to permanent contracts works when the offer is flexible.",
    ),
    DemoPriority(
        "Cornwall",
        1,
        "Recruit social workers to a large rural county",
        "Long travel times and isolated teams make it hard to attract and keep staff.",
        "Team bases close to where staff live help retention.",
    ),
    DemoPriority(
        "South Gloucestershire",
        1,
        "Improve supervision for frontline staff",
        "Supervision is irregular and focused on compliance rather than reflection.",
        "Training managers in reflective supervision changed the culture quickly.",
    ),
    DemoPriority(
        "Lambeth",
        1,
        "Recruit and retain permanent team managers",
        "Interim team managers come and go, so practice lacks steady oversight.",
        "A development programme for aspiring managers grew our own.",
    ),
    DemoPriority(
        "Cheshire East",
        1,
        "A workforce strategy for children's social care",
        "Vacancies, turnover and agency use are all rising at once.",
        "Listening to what motivates social workers shaped a better offer.",
    ),
    DemoPriority(
        "Dudley",
        1,
        "Make the council an employer of choice for social workers",
        "Neighbouring councils pay more and we lose experienced staff to them.",
        "A regional pay agreement stopped councils outbidding each other.",
    ),
    DemoPriority(
        "Solihull",
        1,
        "Support newly qualified social workers through their first year",
        "Newly qualified staff leave within two years.",
        "Mentors from experienced practitioners made the difference.",
    ),
    # Theme 2: practice improvement
    DemoPriority(
        "Manchester",
        2,
        "Embed one practice model across every team",
        "Practice varies between area teams, so families get different responses.",
        "A practice framework such as Signs of Safety gives staff a common language.",
    ),
    DemoPriority(
        "Lancashire",
        2,
        "Improve the quality of assessments and plans",
        "Audits show assessments describe events but lack analysis of risk.",
        "Audits that look at the child's experience lead to better learning than compliance checks.",
    ),
    DemoPriority(
        "Surrey",
        2,
        "Consistent practice across a large county",
        "Quality of casework differs from one quadrant to another.",
        "Practice leads in every team help spread what good looks like.",
    ),
    DemoPriority(
        "Kent",
        2,
        "Strengthen management oversight of casework",
        "Decisions on case files are not always recorded or reviewed.",
        "Short, regular oversight notes work better than long audits.",
    ),
    DemoPriority(
        "Essex",
        2,
        "Embed systemic practice with families",
        "Work with families is too procedural and not relationship-based.",
        "Training whole teams together embeds a practice model faster than training individuals.",
    ),
    DemoPriority(
        "Cheshire West and Chester",
        2,
        "Hear the voice of the child in every plan",
        "Children's views are missing from many assessments and plans.",
        "Direct-work tools for practitioners made children's voices visible in records.",
    ),
    # Theme 3: strengthening key aspects of the system
    DemoPriority(
        "Blackburn with Darwen",
        3,
        "Re-establish our early help offer",
        "Families are referred to social care when earlier help could have prevented it.",
        "Culture is hard to shift: partners needed time to trust early help.",
    ),
    DemoPriority(
        "North East Lincolnshire",
        3,
        "Strengthen the integrated front door",
        "Thresholds at the front door are applied inconsistently.",
        "Co-locating police, health and social care improved decisions.",
    ),
    DemoPriority(
        "Halton",
        3,
        "Improve support for children looked after",
        "Placement moves are too frequent for children in care.",
        "Matching children to carers early reduces breakdowns.",
    ),
    DemoPriority(
        "Bradford",
        3,
        "A multi-agency safeguarding hub that works",
        "Contacts wait too long before a decision is made.",
        "Clear thresholds shared with partners cut inappropriate referrals.",
    ),
    DemoPriority(
        "Trafford",
        3,
        "Strengthen the offer to care leavers",
        "Care leavers tell us they lose support at 18.",
        "Personal advisers who stay with young people build trust.",
    ),
    DemoPriority(
        "Warrington",
        3,
        "Build an early help partnership with schools",
        "Schools do not know how to get early help for families.",
        "Named early help leads in schools made the offer real.",
    ),
    DemoPriority(
        "Bexley",
        3,
        "Reshape the front door and assessment service",
        "Re-referrals are high because cases close too early.",
        "Step-down to early help needs a warm handover, not a letter.",
    ),
    DemoPriority(
        "Oxfordshire",
        3,
        "Increase in-house foster care sufficiency",
        "Too many children live in placements far from home.",
        "Recruiting carers locally needs a steady campaign, not bursts.",
    ),
    DemoPriority(
        "Bristol, City of",
        3,
        "Strengthen help for families before crisis",
        "Early help is fragmented across many providers.",
        "One family plan across agencies avoids repeated assessments.",
    ),
    DemoPriority(
        "Devon",
        3,
        "Improve the response to children at risk of exploitation",
        "Partners do not share information about exploitation quickly enough.",
        "A joint exploitation panel with the police sped up action.",
    ),
    DemoPriority(
        "Somerset",
        3,
        "Rebuild the multi-agency front door",
        "Partners are unclear about thresholds and contacts bounce back.",
        "Partners must own the front door with us, not just refer into it.",
    ),
    DemoPriority(
        "Swindon",
        3,
        "Improve placement stability for children in care",
        "Placements break down and children move school too often.",
        "Support to carers in the first months prevents disruption.",
    ),
    DemoPriority(
        "Wolverhampton",
        3,
        "A whole-family early help service",
        "Children's and adult services work with the same families separately.",
        "Joint commissioning with adult services paid off.",
    ),
    DemoPriority(
        "Blackpool",
        3,
        "Reduce the number of children entering care",
        "Rates of children in care are among the highest in England.",
        "Edge-of-care support works when it starts early and stays.",
    ),
    # Theme 4: scrutiny, members, efficiencies, planning
    DemoPriority(
        "Barnsley",
        4,
        "Strengthen political scrutiny of children's services",
        "Scrutiny receives reports but rarely challenges performance.",
        "Members ask better questions when they meet frontline staff.",
    ),
    DemoPriority(
        "Bury",
        4,
        "An improvement plan the whole council owns",
        "The improvement plan sits with children's services alone.",
        "Corporate leaders must own the plan for it to have resources.",
    ),
    DemoPriority(
        "Lewisham",
        4,
        "Make the corporate parenting board effective",
        "Members are unsure of their role as corporate parents.",
        "Hearing from children in care changed how members see their role.",
    ),
    DemoPriority(
        "Birmingham",
        4,
        "Strengthen member scrutiny and oversight of improvement",
        "Members need clearer performance information to hold leaders to account.",
        "You often need to win over hearts and minds across other council services.",
    ),
    DemoPriority(
        "Leicestershire",
        4,
        "Secure efficiencies while protecting frontline services",
        "Budget pressures threaten the improvement plan.",
        "Holding your nerve on the medium-term financial plan protects progress.",
    ),
    # Theme 5: innovation
    DemoPriority(
        "Hertfordshire",
        5,
        "Multi-agency teams built around families",
        "Families with complex needs meet many professionals who do not work together.",
        "Describe what will change in social workers' day-to-day work.",
    ),
    DemoPriority(
        "Waltham Forest",
        5,
        "Innovate in services for adolescents",
        "Services designed for young children do not fit teenagers at risk outside the home.",
        "Innovation needs space to test, learn and stop what does not work.",
    ),
    DemoPriority(
        "Islington",
        5,
        "Redesign services around a motivational practice model",
        "The service model has not changed in years and outcomes have stalled.",
        "Bidding to an innovation fund focused our thinking on evidence.",
    ),
)

DEMO_ACTIONS = "Demonstration: actions would be set out here by the local authority."
