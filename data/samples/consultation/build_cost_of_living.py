"""Build the synthetic "Wearside cost of living" consultation export bundled as voices' demo data.

Everything here is invented (CC0): the consultation, the respondents and their words. Postcodes are real
Sunderland-area postcodes from the ONS postcode lookup (OGL v3.0) so that later stages can pair themes with
deprivation; respondents in more deprived areas are somewhat more likely to raise food, debt and energy, which
gives the demo a pattern to find. A few answers carry planted personal data (names, phone numbers, e-mails,
addresses) so the demo shows anonymisation at work; all of it is fictional (phone numbers are Ofcom drama
numbers, e-mail domains are example.*).

The file is written in SurveyMonkey's "expanded" CSV layout: two header rows, one column per multi-select
option, an "Other (please specify)" text column.

Run:  python data/samples/consultation/build_cost_of_living.py  (deterministic; rewrites the CSV beside it)
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("wearside_cost_of_living_surveymonkey.csv")
N_RESPONDENTS = 600
SEED = 20260115

# (postcode, IMD 2019 rank of its LSOA: 1 = most deprived in England)
POSTCODES = [
    ("SR2 8LU", 167), ("SR5 4AF", 347), ("SR5 5BL", 415), ("SR8 5HR", 466), ("SR8 4JW", 569), ("SR7 8BN", 774),
    ("SR5 3XA", 790), ("SR3 4JU", 1092), ("SR4 9AH", 1430), ("SR4 9BA", 1440), ("SR2 7HX", 2008),
    ("SR2 8HD", 2008), ("SR3 1QG", 2479), ("SR4 8JS", 2665), ("SR5 4NT", 3099), ("SR1 3HW", 3277),
    ("SR4 6PH", 3392), ("SR7 7JJ", 3625), ("SR7 7LH", 4178), ("SR4 9HU", 4318), ("SR8 4QL", 4582),
    ("SR5 3FP", 4651), ("SR6 0AG", 4705), ("SR5 3FF", 4769), ("SR8 3NT", 4876), ("SR5 4NU", 5366),
    ("SR4 6AJ", 5661), ("SR5 3BP", 6017), ("SR5 5PP", 6272), ("SR4 7DE", 6315), ("SR5 3PS", 6702),
    ("SR4 7AA", 6817), ("SR5 1EB", 7512), ("SR5 1LG", 7512), ("SR3 2DP", 8325), ("SR2 0EX", 9900),
    ("SR2 0YX", 9900), ("SR7 8SQ", 10316), ("SR4 0PR", 11188), ("SR4 7HW", 11344), ("SR3 2FB", 11681),
    ("SR2 7LU", 12961), ("SR2 9SS", 14056), ("SR2 0DA", 14150), ("SR7 9GW", 14725), ("SR7 0HX", 14751),
    ("SR2 7UA", 16173), ("SR6 7NF", 16637), ("SR7 9RL", 17072), ("SR8 1LR", 17667), ("SR3 2XZ", 20528),
    ("SR4 8RQ", 22301), ("SR6 9TD", 22453), ("SR7 8EY", 23865), ("SR8 3UD", 25567), ("SR3 1UY", 26943),
    ("SR6 7UA", 28072), ("SR7 0JN", 28851), ("SR2 9ED", 29155), ("SR6 8JS", 31678),
]

IMPACT = {
    "energy": [
        "We only put the heating on for an hour in the evening now and sit under blankets the rest of the time.",
        "Our gas and electric direct debit has more than doubled and I dread every bill that comes through the door.",
        "The prepayment meter eats money. Some weeks I have to choose between topping it up and buying food.",
        "I go to bed early just so I don't have to heat the house.",
        "We've stopped using the oven because it costs too much to run, it's the microwave or nothing.",
        "The flat is freezing and the damp gets worse when we can't afford to heat it properly.",
        "I'm terrified of the next energy price rise, we are already cutting back on everything.",
        "Standing charges are a scandal, I pay them even in months when I hardly use anything.",
        "My electric key ran out twice last month and the kids had cold tea.",
        "Heating bills are the biggest worry, I check the smart meter constantly.",
    ],
    "food": [
        "I've started skipping meals so the children can eat properly.",
        "The food bank at the church has been a lifeline, I never thought I'd need one.",
        "Food prices have gone through the roof, a basic shop costs what a big shop used to.",
        "We buy the cheapest own-brand everything and still run out before payday.",
        "Fresh fruit and veg are a luxury now, it's mostly pasta and beans.",
        "I feel ashamed going to the food pantry but there's no other way some weeks.",
        "My grandchildren come to me for tea because their mam can't afford to feed them every day.",
        "I've lost weight because I eat one proper meal a day.",
        "The reduced section at the supermarket is where I do my shopping now.",
        "Even with the pantry we struggle at the end of the month.",
    ],
    "housing": [
        "My rent went up by eighty pounds a month and my wages didn't.",
        "The landlord put the rent up and won't fix the mould in the bedroom.",
        "I'm worried we'll lose the house if the mortgage goes up again at the end of the fix.",
        "Private rents round here are impossible, there's nothing affordable left.",
        "We're in temporary accommodation and it's not fit for a family.",
        "The housing association takes months to do repairs and we're paying more every year.",
        "I've had to move back in with my parents because I couldn't afford the rent.",
        "Our flat has damp and condensation and my son's asthma is worse.",
        "The waiting list for a council house is years long.",
        "Housing costs take more than half of what comes in.",
    ],
    "debt": [
        "I've fallen behind on council tax and now the letters are threatening bailiffs.",
        "I'm using credit cards for essentials and the debt keeps growing.",
        "I took out a payday loan to cover the gas bill and now I can't get out of it.",
        "Universal Credit deductions for an advance leave us with next to nothing.",
        "I owe money to the catalogue, the water company and the council and it keeps me awake at night.",
        "Buy now pay later got me through Christmas but I'm still paying for it.",
        "The debt letters pile up and I've stopped opening them.",
        "I borrowed from family and it's caused a lot of tension.",
        "Arrears on the rent are building up and I don't know who to talk to.",
        "I've had to use my overdraft every month since last winter.",
    ],
    "children": [
        "School uniform and shoes cost a fortune and the kids grow out of them so fast.",
        "I can't afford school trips so my daughter stays home when her class goes.",
        "The summer holidays are the hardest because there are no free school meals.",
        "Nappies and formula have gone up so much, I water down nothing but I worry.",
        "My children miss out on clubs and activities their friends do.",
        "Childcare costs more than I'd earn if I went back full time.",
        "The kids need a laptop for homework and we simply don't have one.",
        "Birthday parties are a worry because we can't afford presents to take.",
        "Half term means extra meals to find and nothing to do that is free.",
        "Teenagers cost so much more and they notice when they go without.",
    ],
    "transport": [
        "Bus fares keep changing and the buses don't turn up, I've been late for work.",
        "Petrol costs mean I only use the car for work now.",
        "I can't afford to get to the hospital appointments in town.",
        "The bus to the supermarket has been cut so I'm stuck with the expensive corner shop.",
        "Getting to the jobcentre costs me money I don't have.",
        "The Metro and bus tickets eat into what little I earn.",
        "I walk everywhere to save on fares, even in the rain.",
        "Rural buses are so infrequent that without a car you're trapped.",
    ],
    "mental_health": [
        "The constant worry about money has made my anxiety much worse.",
        "I feel isolated because I can't afford to go out or see friends.",
        "It's the stress that gets you, lying awake doing sums in your head.",
        "I've been signed off with depression and the money worries don't help.",
        "My husband won't talk about it but I can see it's getting to him.",
        "Some days I don't see the point, everything is a struggle.",
        "I used to volunteer but I can't afford the bus fare to get there, so I sit in the house.",
        "The pressure on families round here is enormous and nobody is listening.",
    ],
    "work": [
        "I work two jobs and still can't make ends meet.",
        "My hours were cut at the warehouse and zero-hours means no security.",
        "Wages haven't gone up in line with prices for years.",
        "Working full time on minimum wage isn't enough to live on any more.",
        "I'm a carer and the allowance is nowhere near enough.",
        "I'd take more shifts but childcare makes it pointless.",
        "My pay rise was swallowed by the rent increase straight away.",
        "Self-employed and work has dried up because nobody has spare money.",
    ],
    "disability": [
        "I'm disabled and my equipment needs electricity, so I can't cut back.",
        "The PIP assessment took months and we had nothing in the meantime.",
        "Special diets for my condition cost far more than ordinary food.",
        "As a wheelchair user, taxis are the only way I get anywhere and they cost a fortune.",
        "My son has autism and the extra costs are never taken into account.",
        "Prescriptions and travel to appointments add up quickly.",
    ],
    "older_people": [
        "As a pensioner on my own, the winter fuel changes hit me hard.",
        "My pension doesn't stretch anymore, I've stopped going to the lunch club.",
        "I'm eighty and I sit in one room with a heater to save money.",
        "Older people are too proud to ask for help and suffer in silence.",
        "My late husband's pension stopped and I'm struggling on my own.",
        "I don't use the internet so I miss out on the deals everyone talks about.",
    ],
}

SUPPORT = {
    "council_tax": [
        "Reduce council tax for people on low incomes, it's a huge bill.",
        "Let us spread council tax over twelve months and stop the bailiff letters.",
        "More people should get the council tax reduction, the cut-off is too low.",
        "Freeze council tax, we can't pay more for fewer services.",
        "Stop sending enforcement agents to people who are clearly struggling.",
    ],
    "warm_spaces": [
        "Keep the warm spaces open in libraries and community centres, they've been brilliant.",
        "Warm hubs with a hot drink and company make a real difference in winter.",
        "Open the community centre in the evenings as a warm space, not just daytime.",
        "More warm banks out in the estates, not only in the city centre.",
        "The warm space at the library was the only place I talked to anyone some days.",
    ],
    "children_food": [
        "Free school meals for every child whose family is on Universal Credit.",
        "Keep the holiday activities and food programme going, my kids love it.",
        "Breakfast clubs in every school would help working parents.",
        "Uniform swap shops and help with school costs.",
        "Food vouchers in the school holidays instead of nothing.",
    ],
    "advice": [
        "Proper benefits checks, so many people don't know what they are entitled to.",
        "Free debt advice that you can get face to face, not just a phone line.",
        "Citizens Advice needs more funding, you wait weeks for an appointment.",
        "One number to ring for all the help the council offers.",
        "Help filling in forms, the online applications are confusing.",
        "Advice sessions at the GP surgery or the school gate where people already go.",
    ],
    "transport_help": [
        "Cheaper bus fares, especially for young people and jobseekers.",
        "Bring back the bus routes that were cut so we can get to cheaper shops.",
        "Free travel to hospital appointments for people on low incomes.",
        "A capped fare across all buses and the Metro.",
    ],
    "food_support": [
        "Support community pantries and food clubs so people can shop with dignity.",
        "Fund the food banks properly, the volunteers are exhausted.",
        "Community cafes with pay-as-you-feel meals would help families and older people.",
        "Cooking on a budget sessions and slow cookers for families.",
    ],
    "communication": [
        "Tell people what help exists, I only found out about the hardship fund by chance.",
        "Not everything should be online, some of us don't have the internet.",
        "Letters in plain English and in other languages please.",
        "Put information in the local paper, on the radio and in GP surgeries.",
        "Nobody from the council ever asks us what would help, so thank you for asking.",
    ],
    "housing_repairs": [
        "Make landlords fix damp and mould and enforce it.",
        "Insulate the older council houses so they are cheaper to heat.",
        "Grants for boilers and insulation for people on low incomes.",
        "Cap rent increases in council and housing association homes.",
        "Faster repairs, people are living with mould for months.",
    ],
}

OPENERS = ["", "", "", "Honestly, ", "To be honest ", "It's hard. ", "Where do I start. ", "Simply put, ", "Well, "]
CLOSERS = ["", "", "", "", " Something has to change.", " Thank you for asking.", " Please listen.",
           " It's not living, it's surviving.", " We are not the only ones."]
PLANTED = [
    " My neighbour Dave Thompson is in the same boat.",
    " You can ring me on 07700 900461 if you want to talk.",
    " Email me at karen.whitfield@example.co.uk for more.",
    " I live at 14 Hylton Road and the whole street is struggling.",
    " My son Jack is 9 and he notices everything.",
    " Sharon at the advice centre was the only one who helped.",
    " I'm 72 and live on my own since my husband passed.",
    " Our case number is 4417 2290 118 if that helps.",
    " mrs patel next door has had her electric cut off.",
    " My NI number is JG 10 37 89 A if you need to check my claim.",
]
EXTRA = [
    "Thank you for doing this consultation.",
    "I hope this makes a difference.",
    "Please don't cut the services we rely on.",
    "The council should lobby government for more funding for the North East.",
    "Everyone I know is struggling, not just people on benefits.",
    "n/a",
    "No",
    "Nothing else.",
    "Community groups are doing the heavy lifting and they need support.",
    "Please make the next consultation easier to fill in on a phone.",
]
SERVICES = ["Food bank or pantry", "Warm space", "Citizens Advice", "Council tax support", "Holiday activities"]
AGE_BANDS = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "Prefer not to say"]
RESPONDING_AS = ["An individual", "An individual", "An individual", "An individual", "On behalf of an organisation"]
SATISFACTION = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]


def _pick_themes(rng: random.Random, bank: dict[str, list[str]], deprivation: float) -> list[str]:
    names = list(bank)
    weights = []
    for name in names:
        w = 1.0
        if name in ("food", "debt", "energy", "food_support", "council_tax") and deprivation > 0.5:
            w = 2.2
        if name in ("transport", "older_people", "transport_help") and deprivation <= 0.5:
            w = 1.6
        weights.append(w)
    k = 1 if rng.random() < 0.55 else 2 if rng.random() < 0.85 else 3
    chosen: list[str] = []
    while len(chosen) < k:
        name = rng.choices(names, weights)[0]
        if name not in chosen:
            chosen.append(name)
    return chosen


def _answer(rng: random.Random, bank: dict[str, list[str]], deprivation: float) -> str:
    sentences = [rng.choice(bank[t]) for t in _pick_themes(rng, bank, deprivation)]
    body = " ".join(sentences)
    opener = rng.choice(OPENERS)
    if opener and not opener.endswith(". ") and not body.startswith(("I ", "I'", "My ", "Our ")):
        body = body[0].lower() + body[1:]
    text = opener + body + rng.choice(CLOSERS)
    if rng.random() < 0.06:
        text += rng.choice(PLANTED)
    return text.strip()


def _postcode_as_typed(rng: random.Random, postcode: str) -> str:
    r = rng.random()
    if r < 0.70:
        return postcode
    if r < 0.80:
        return postcode.lower().replace(" ", "")
    if r < 0.88:
        return postcode.split()[0]
    if r < 0.94:
        return ""
    return postcode.replace(" ", "  ")


def build() -> list[list[str]]:
    rng = random.Random(SEED)
    q_services = "Which of these have you used in the last year? (Select all that apply)"
    header1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
               "First Name", "Last Name", "Custom Data 1", "Are you responding as an individual or an organisation?",
               "What is your postcode?", q_services, "", "", "", "", "",
               "How has the rising cost of living affected you and your household?",
               "What support from the council and its partners would help you most?",
               "How satisfied are you with the support currently available?",
               "Is there anything else you would like to tell us?", "Which age band are you in?"]
    header2 = ["", "", "", "", "", "", "", "", "", "Response", "Response", *SERVICES, "Other (please specify)",
               "Open-Ended Response", "Open-Ended Response", "Response", "Open-Ended Response", "Response"]
    rows = [header1, header2]
    start = datetime(2026, 1, 12, 8, 0, 0)
    for i in range(N_RESPONDENTS):
        postcode, rank = rng.choice(POSTCODES)
        deprivation = 1.0 - rank / 32844
        began = start + timedelta(minutes=rng.randint(0, 60 * 24 * 27))
        ended = began + timedelta(minutes=rng.randint(3, 25))
        services = [s if rng.random() < (0.15 + 0.3 * deprivation) else "" for s in SERVICES]
        other = rng.choice(["", "", "", "", "", "Community cafe, youth club", "Baby bank", "Credit union"])
        q1 = _answer(rng, IMPACT, deprivation) if rng.random() > 0.04 else ""
        q2 = _answer(rng, SUPPORT, deprivation) if rng.random() > 0.12 else ""
        q4 = rng.choice(EXTRA) if rng.random() < 0.35 else ""
        if q4 and rng.random() < 0.15:
            q4 = q4 + " " + rng.choice(PLANTED).strip()
        sat_weights = [3 + 3 * deprivation, 3, 2, 1.5 - deprivation, 0.5]
        rows.append([
            str(114433220000 + i * 7), "431234567",
            began.strftime("%m/%d/%Y %I:%M:%S %p"), ended.strftime("%m/%d/%Y %I:%M:%S %p"),
            f"203.0.113.{rng.randint(1, 254)}", "", "", "", "",
            rng.choice(RESPONDING_AS), _postcode_as_typed(rng, postcode), *services, other,
            q1, q2, rng.choices(SATISFACTION, sat_weights)[0], q4, rng.choice(AGE_BANDS),
        ])
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    print(f"wrote {len(rows) - 2} responses to {OUT}")


if __name__ == "__main__":
    main()
