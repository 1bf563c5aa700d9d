"""Figures from the Dorset SENDIASS annual report 2023-24 that the demo exports are built to reproduce.

Where the report's tables disagree with each other, the choice made is written beside the figure
(see also docs/demo_data.md).
"""
from __future__ import annotations

DISTRICTS = [
    "Unrecorded", "Chesil (Weymouth & Portland)", "Dorchester", "East Dorset", "North Dorset",
    "Not Disclosed", "Out of Area", "Purbeck", "West Dorset",
]

# Table 3e (enquiries by district and reason), 2023-24. The printed cross-table has Education 343,
# EHC plan 408 and Unknown 34, while table 3a has 344, 409 and 32; the one-way table 3a wins, so
# two Unrecorded-district enquiries of unknown reason become one Education and one EHC plan.
DISTRICT_BY_REASON_2023_24: dict[str, list[int]] = {
    #                               Unrec Chesil Dorch East North NotDis OutA Purb West
    "Unknown":                       [15,   8,    0,    2,   6,    0,     0,   0,   1],
    "Assessment":                    [1,    1,    3,    4,   1,    0,     1,   2,   0],
    "Complaint":                     [6,    13,   1,    11,  9,    0,     0,   2,   4],
    "Education":                     [81,   53,   33,   61,  48,   1,     12,  29,  26],
    "EHC plan":                      [67,   78,   33,   88,  66,   0,     5,   35,  37],
    "Exclusion":                     [11,   8,    5,    6,   4,    0,     0,   3,   3],
    "Funding":                       [3,    1,    1,    3,   0,    0,     0,   1,   2],
    "Health Care":                   [0,    0,    1,    0,   0,    0,     0,   0,   0],
    "Outreach":                      [1,    0,    0,    0,   0,    0,     0,   0,   0],
    "Preparation for Adulthood":     [1,    0,    0,    1,   1,    0,     0,   0,   0],
    "Professional Consultation":     [1,    0,    0,    0,   0,    0,     0,   0,   0],
    "Provision/placement":           [10,   9,    8,    16,  11,   0,     5,   6,   5],
    "Service information requested": [8,    0,    0,    0,   0,    0,     1,   0,   0],
    "Signposting only":              [17,   3,    2,    3,   2,    1,     10,  0,   0],
    "Social Care":                   [0,    0,    0,    0,   1,    0,     0,   0,   0],
    "Transition":                    [2,    6,    3,    5,   3,    0,     5,   2,   0],
    "Tribunal":                      [25,   41,   1,    19,  22,   0,     0,   27,  18],
}

# Table 3b: working days to first response.
RESPONSE_BANDS_2023_24 = {
    "0": 119, "1": 270, "2": 249, "3": 221, "4": 115, "5": 58,
    "More than 5 days": 153, "Not yet responded": 5, "Incorrect dates": 8,
}
# Table 3c and 3d.
METHODS_2023_24 = {"Email": 859, "Message": 9, "Phone call": 308, "": 22}
RELATIONSHIPS_2023_24 = {"Parent/Carer": 1069, "Child": 28, "Professional": 47, "": 54}
# Table 3g.
STATUSES_2023_24 = {
    "Closed - made 3 or more attempts to respond": 51,
    "Closed - responded successfully": 1060,
    "Closed - no availability for meeting": 4,
    "Converted to case": 82,
    "Received": 1,
}
# Section 3l: Q2 lowest (225), Q4 highest (355), 40 conversions in Q1, fewest in Q4. The report does
# not print Q1 and Q3; they are chosen to sum to 1,198 and to sit between the two.
QUARTERS_2023_24 = {"Q1": 305, "Q2": 225, "Q3": 313, "Q4": 355}
CONVERSIONS_BY_QUARTER_2023_24 = {"Q1": 40, "Q2": 20, "Q3": 17, "Q4": 5}
# 2022-23 as the report states it: 1,125 enquiries, 149 converted (63 in Q1), Q1 218 lowest, Q4 350.
QUARTERS_2022_23 = {"Q1": 218, "Q2": 265, "Q3": 292, "Q4": 350}
CONVERSIONS_BY_QUARTER_2022_23 = {"Q1": 63, "Q2": 30, "Q3": 31, "Q4": 25}

# Table 3h: cases referred in 2023-24 by district and status at 31 March 2024 (90 cases).
CASE_STATUS_BY_DISTRICT_2023_24 = {
    #              Active Closed
    "Chesil (Weymouth & Portland)": (1, 24),
    "Dorchester": (0, 7),
    "East Dorset": (3, 19),
    "North Dorset": (3, 16),
    "West Dorset": (0, 7),
    "Purbeck": (2, 8),
}
# Table 3j counts 82 cases (the 82 converted enquiries) where 3h counts 90 referrals; both cannot
# hold for one population. The demo makes 82 of the 90 cases conversions of 2023-24 enquiries with
# exactly 3j's status and level counts, and 8 direct referrals (no Enquiry ID) that bring the
# totals to 3h's. The direct referrals' (district, status, level):
DIRECT_REFERRALS_2023_24 = [
    ("East Dorset", "Active", "Level 3"),
    ("North Dorset", "Active", "Level 4"),
    ("Purbeck", "Active", "Level 4"),
    ("Chesil (Weymouth & Portland)", "Closed", "Level 4"),
    ("Chesil (Weymouth & Portland)", "Closed", "Level 4"),
    ("Dorchester", "Closed", "Level 2"),
    ("West Dorset", "Closed", "Level 4"),
    ("North Dorset", "Closed", "Level 4"),
]
CONVERTED_LEVELS_2023_24 = {
    "Active": {"Level 3": 3, "Level 4": 3},
    "Closed": {"Level 1": 12, "Level 2": 10, "Level 3": 9, "Level 4": 45},
}

# Tribunal data, 2023-24: 50 appeals, all decided.
APPEAL_LOCALITIES_2023_24 = {"North": 10, "West": 3, "East": 11, "Purbeck": 4, "Chesil": 21, "Dorchester": 1}
APPEAL_TYPES_2023_24 = {
    "Refuse to assess": 3, "Refuse to issue": 3, "Content only": 2, "Content and placement": 1,
    "Placement only": 25, "Extended Appeal": 4, "Cease to maintain": 12,
}
APPEAL_DECISIONS_2023_24 = {
    "Withdrawn – agreement reached": 6, "Conceded before Hearing": 37,
    "Agreement reached/conceded at Hearing": 1, "Parent favour": 4, "LA Favour": 1, "Case closed": 1,
}

# Feedback, 2023-24: 30 case surveys (mean effectiveness 4.39 of those answered: 123 / 28),
# 27 strongly agree to recommend (2 agree, 1 strongly disagree), 28 strongly agree helpful
# (1 agree, 1 strongly disagree); 8 initial-enquiry surveys; no young-person responses.
CASE_EFFECTIVENESS_2023_24 = {"5": 20, "4": 3, "3": 3, "1": 2, "": 2}
CASE_RECOMMEND_2023_24 = {"Strongly agree": 27, "Agree": 2, "Strongly disagree": 1}
CASE_HELPFUL_2023_24 = {"Strongly agree": 28, "Agree": 1, "Strongly disagree": 1}
IE_SURVEYS_2023_24 = 8
# 2022-23: "an increase from 19" case surveys and "from 4" initial-enquiry surveys.
CASE_SURVEYS_2022_23 = 19
IE_SURVEYS_2022_23 = 4
