"""Build the synthetic Wearside social media sample bundled as voices' demo data.

Everything here is invented (CC0): the accounts, the posts and the threads. The posts talk about the cost of
living in Wearside (Sunderland) between January and March 2026: energy bills, buses, housing and repairs, food
and childcare. A few are retweets and near-duplicate copies, so duplicate marking has something to do; a few
carry planted personal data (first names, Ofcom drama phone numbers, example.* e-mail addresses) so the demo
shows anonymisation at work; a few Reddit comments are deleted or removed, so the reader's drop reasons show.

Two files are written beside this script:

* ``wearside_x_v2.json`` — a list of X API v2 search pages (``data`` + ``includes`` + ``meta``);
* ``wearside_reddit.ndjson`` — Pushshift-style NDJSON of submissions and comments.

Run:  python data/samples/social/build_social_sample.py  (deterministic; rewrites both files)
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20260201
START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
PLACES = [
    "Hendon",
    "Millfield",
    "Pennywell",
    "Southwick",
    "Washington",
    "Houghton",
    "Seaburn",
    "Roker",
    "Doxford",
    "Hylton Castle",
    "Castletown",
    "Grindon",
    "Farringdon",
    "Ryhope",
]
ROUTES = ["16", "20", "35", "39", "56", "61", "E1", "X20"]

TOPICS: dict[str, list[str]] = {
    "energy": [
        "Energy bill up again, {amount} a month now and the standing charge alone is more than we use in summer",
        "Prepayment meter ate {amount} this week. Heating goes on for an hour after the kids get in and that's it",
        "Sat in {place} in two jumpers and a coat. Can't justify the heating at these prices",
        "Anyone else's direct debit jumped? Ours went from {low} to {amount} with no warning",
        "Got the warm home discount letter but it barely touches the sides. Still choosing between heat and food",
        "The library in {place} is a warm space on weekdays, busier than I've ever seen it",
        "Boiler broke in January, landlord says February. Electric heaters are costing a fortune",
    ],
    "buses": [
        "The {route} didn't turn up again this morning. Third time this week, late for my shift again",
        "Bus fares going up while the {route} gets cut to one an hour. How are people meant to get to work?",
        "Waited 40 minutes in {place} for the {route}, the app said it was due the whole time",
        "No evening service on the {route} now so I walk home from town in the dark after late shifts",
        "£2 fare cap was the only thing making the bus affordable, please don't scrap it",
        "Taxi home cost more than I earned in the last hour because the {route} was cancelled",
        "Kids can't get to college in {place} without two buses, and both are unreliable",
    ],
    "housing": [
        "Damp and black mould in the back bedroom again. Reported it to the housing provider in October, nothing",
        "Rent going up {percent}% in April and no repairs done in two years",
        "Private rents in {place} are ridiculous now, {amount} for a two bed with a leaking roof",
        "Been on the housing list for three years. Sofa surfing with a toddler is not living",
        "Landlord wants us out so he can put the rent up. Nowhere else in {place} we can afford",
        "Mould is making my son's asthma worse. Council say it's condensation and to open a window in winter",
        "Council tax up again and the estate in {place} still looks abandoned",
    ],
    "food": [
        "Food bank in {place} said demand has doubled since last winter and they're short of tinned veg",
        "Skipped tea again so the kids could have a proper meal. Prices at the big shop are scary",
        "A loaf was {small} last year, it's {big} now. Wages haven't moved",
        "Nursery fees cost more than our rent. Thinking of giving up work because it doesn't add up",
        "Free school meals should cover every kid on universal credit, the cut-off leaves working families out",
        "Used the community pantry in {place} for the first time today. Lovely people, still felt ashamed",
        "Formula prices are criminal. Watering it down is what people are doing and it's dangerous",
    ],
}
DETAILS: dict[str, list[str]] = {
    "energy": [
        "Worked out we're paying {amount} more than this time last year.",
        "The meter beeps every evening when the credit runs low and the kids know what it means.",
        "Supplier keeps saying it's the wholesale price, the wholesale price has come down.",
        "My mam is 82 and goes to bed at seven to keep warm.",
        "Got a £50 voucher from the council scheme, gone in a fortnight.",
        "Tumble dryer is a luxury now, washing hangs round the living room for days.",
        "Asked for a payment plan and they put the direct debit up instead.",
        "Cooking everything in the air fryer and the slow cooker to save a few quid.",
        "We've started eating in the one room and shutting the rest of the house off.",
        "Citizens advice had a six week wait for an appointment about it.",
    ],
    "buses": [
        "Lost half a day's pay last month because of it.",
        "Drivers are lovely, it's not their fault, there just aren't enough of them.",
        "If you don't drive in {place} you're basically stuck after six.",
        "My daughter has to leave at half six to get to school in town on time.",
        "The timetable on the stop hasn't matched the real buses since Christmas.",
        "Older people round here rely on it for hospital appointments.",
        "Paid {small} for a single and then it terminated early at the interchange.",
        "Work won't accept 'the bus didn't come' for the third time.",
        "Used to get one every twelve minutes, now it's whenever it feels like it.",
        "The Metro doesn't reach us so the bus is the only option.",
    ],
    "housing": [
        "Our youngest has had a cough since November.",
        "Had three different workmen come out to look at it and none of them fixed anything.",
        "Half my wage goes on rent before anything else is paid.",
        "The letting agent doesn't answer emails unless it's about money.",
        "Windows don't shut properly so the wind comes straight through.",
        "We've been told there's a two year wait for a bigger place.",
        "Spent {amount} on dehumidifiers and mould spray this winter alone.",
        "Neighbours have the same problem, whole row of houses is the same.",
        "I'm frightened to complain in case they put the rent up again.",
        "Moved back in with my parents at 31 because I can't afford to rent.",
    ],
    "food": [
        "Never thought we'd need help, both of us work full time.",
        "Yellow sticker shopping after eight is the only way we manage now.",
        "The kids are growing out of shoes faster than I can afford new ones.",
        "Meal deal at work is my main meal most days.",
        "We're rationing milk by the end of the week.",
        "Volunteers said it's working families coming in now, not just people out of work.",
        "Packed lunches cost a fortune compared to two years ago.",
        "Own brand everything and it still comes to {amount} a week.",
        "I'm eating what the kids leave so nothing goes to waste.",
        "Payday can't come soon enough every single month.",
    ],
}
OPENERS = [
    "",
    "",
    "",
    "Honestly, ",
    "Not being funny but ",
    "Rant incoming. ",
    "Update: ",
    "Right. ",
    "Is it just us? ",
    "Quick one: ",
    "Mams and dads of Wearside, ",
    "Third week running. ",
    "So ",
]
TAILS = [
    "",
    "",
    "",
    " #CostOfLiving",
    " #Sunderland",
    " 😡",
    " 🥶",
    " Absolutely sick of it.",
    " Is anyone listening?",
    " @SunderlandCC",
    " https://example.org/story",
    " #WearsideBuses",
    " 😔",
    " 💷",
]
PII = [
    "If anyone in {place} needs help with forms, ring Dave on 0191 498 0{n3}, he's brilliant",
    "Email me at jo.{n3}@example.com if you want to join the tenants' group in {place}",
    "Shout out to Karen at the {place} food bank who sorted our parcel on 07700 900{n3}",
]
REPLIES = [
    "Same here",
    "Same in {place}",
    "This. Every single week",
    "Have you tried the citizens advice line?",
    "Report it again and copy in your councillor",
    "Absolutely shameful",
    "We're in the same boat",
    "The {route} is just as bad",
    "Thanks for sharing, didn't know about that",
    "Agreed 💯",
    "Sending love, it's grim out there at the minute",
    "My sister in {place} says exactly the same",
    "Try the warm space at the library, they do soup on Thursdays",
    "Ring the council and ask for it in writing",
    "Environmental health came out for ours and the landlord had to act",
    "Happened to us last winter too",
    "The {route} has been a joke since the timetable change",
    "Who do we even write to about this?",
    "Food bank on {place} front street takes referrals from the GP",
    "I've given up on the bus, walking everywhere",
    "Check if you can get the discount backdated, we did",
    "Our rent went up {percent}% too, no explanation",
    "This is why people are leaving the area",
    "Keep a diary of every time it happens, it helps with complaints",
    "Honestly don't know how families are managing",
    "Council won't do anything until someone gets ill",
    "Thank you for saying this out loud",
    "Shared with our residents' group in {place}",
    "Same with ours, {amount} and rising",
    "Is there a petition? I'll sign it",
]


def _fill(rng: random.Random, template: str) -> str:
    amount = rng.choice([120, 140, 165, 180, 210, 240, 275, 320])
    return template.format(
        amount=f"£{amount}",
        low=f"£{amount - rng.choice([30, 45, 60])}",
        place=rng.choice(PLACES),
        route=rng.choice(ROUTES),
        percent=rng.choice([5, 7, 8, 10, 12]),
        small=rng.choice(["£1.10", "£1.25"]),
        big=rng.choice(["£1.45", "£1.60", "£1.75"]),
        n3=f"{rng.randint(0, 999):03d}",
    )


def _post_text(rng: random.Random, topic: str) -> str:
    if rng.random() < 0.03:
        return _fill(rng, rng.choice(PII))
    core = _fill(rng, rng.choice(TOPICS[topic]))
    opener = rng.choice(OPENERS)
    if opener:
        core = opener + (core[0].lower() + core[1:] if opener.endswith((", ", "but ", ": ", "So ")) else core)
    detail = _fill(rng, rng.choice(DETAILS[topic])) if rng.random() < 0.8 else ""
    parts = [core.rstrip(".") + ".", detail] if rng.random() < 0.7 else [detail, core]
    return " ".join(p for p in parts if p) + rng.choice(TAILS)


def _near_copy(rng: random.Random, text: str) -> str:
    edits = [
        lambda t: t.replace(" and ", " & ", 1),
        lambda t: t.lower(),
        lambda t: t + "!!",
        lambda t: t.replace("again", "AGAIN", 1),
        lambda t: t.rstrip(".!?") + " 🙄",
    ]
    return rng.choice(edits)(text)


def build_x(rng: random.Random, n: int = 160) -> list[dict]:
    users = [
        {"id": str(3_000_000 + i), "username": f"wearside_{w}_{i}", "name": f"Wearside {w.title()} {i}"}
        for i, w in enumerate(rng.choices(["resident", "mam", "dad", "worker", "tenant", "student"], k=60))
    ]
    tweets: list[dict] = []
    originals: list[dict] = []
    when = START
    for i in range(n):
        when += timedelta(minutes=rng.randint(20, 900))
        user = rng.choice(users)
        tid = str(1_905_000_000_000_000_000 + i)
        topic = rng.choice(list(TOPICS))
        tweet: dict = {
            "id": tid,
            "author_id": user["id"],
            "conversation_id": tid,
            "lang": "en",
            "created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "edit_history_tweet_ids": [tid],
            "public_metrics": {
                "retweet_count": rng.randint(0, 30),
                "reply_count": rng.randint(0, 8),
                "like_count": rng.randint(0, 200),
                "quote_count": rng.randint(0, 3),
                "bookmark_count": rng.randint(0, 5),
                "impression_count": rng.randint(50, 9000),
            },
        }
        r = rng.random()
        if r < 0.10 and originals:
            src = rng.choice(originals)
            author = next(u for u in users if u["id"] == src["author_id"])
            text = f"RT @{author['username']}: {src['text']}"
            tweet["text"] = text if len(text) <= 140 else text[:139] + "…"
            tweet["referenced_tweets"] = [{"type": "retweeted", "id": src["id"]}]
            tweet["public_metrics"].update(retweet_count=0, reply_count=0, like_count=0, quote_count=0)
        elif r < 0.16 and originals:
            tweet["text"] = _near_copy(rng, rng.choice(originals)["text"])
        elif r < 0.30 and originals:
            parent = rng.choice(originals)
            tweet["text"] = _fill(rng, rng.choice(REPLIES))
            tweet["conversation_id"] = parent["conversation_id"]
            tweet["in_reply_to_user_id"] = parent["author_id"]
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": parent["id"]}]
        else:
            tweet["text"] = _post_text(rng, topic).replace("&", "&amp;")
            if "#" in tweet["text"]:
                tag = tweet["text"].split("#", 1)[1].split()[0]
                tweet["entities"] = {"hashtags": [{"start": 0, "end": 0, "tag": tag}]}
            originals.append(tweet)
        tweets.append(tweet)
    pages = []
    for start in range(0, len(tweets), 80):
        data = tweets[start : start + 80]
        ids = {t["author_id"] for t in data} | {t.get("in_reply_to_user_id") for t in data} - {None}
        ref_ids = {r["id"] for t in data for r in t.get("referenced_tweets", [])}
        pages.append(
            {
                "data": data,
                "includes": {
                    "users": [u for u in users if u["id"] in ids],
                    "tweets": [
                        {k: t[k] for k in ("id", "text", "author_id", "created_at")}
                        for t in tweets
                        if t["id"] in ref_ids
                    ],
                },
                "meta": {"result_count": len(data), "newest_id": data[-1]["id"], "oldest_id": data[0]["id"]},
            }
        )
    return pages


def build_reddit(rng: random.Random, n_threads: int = 28) -> list[dict]:
    records: list[dict] = []
    when = START
    titles = {
        "energy": [
            "Energy bills in Sunderland - how is everyone coping?",
            "Prepayment meter advice?",
            "Warm spaces open this winter",
        ],
        "buses": ["Is it just me or are the buses getting worse?", "Route cuts from April", "Late for work again"],
        "housing": [
            "Damp and mould in rented flat - what are my rights?",
            "Rent increase notice, is this legal?",
            "Housing list wait times",
        ],
        "food": ["Food bank donations needed", "Cheapest supermarket in town now?", "Nursery costs are insane"],
    }
    for t in range(n_threads):
        when += timedelta(hours=rng.randint(6, 60))
        topic = rng.choice(list(TOPICS))
        sid = f"1w{t:04d}"
        records.append(
            {
                "id": sid,
                "name": f"t3_{sid}",
                "author": f"wear_{rng.choice(['mackem', 'local', 'renter', 'commuter'])}_{t}",
                "subreddit": "Sunderland",
                "subreddit_id": "t5_2qxxx",
                "created_utc": int(when.timestamp()),
                "title": rng.choice(titles[topic]),
                "selftext": _post_text(rng, topic),
                "score": rng.randint(1, 300),
                "num_comments": 0,
                "permalink": f"/r/Sunderland/comments/{sid}/",
                "domain": "self.Sunderland",
                "is_self": True,
                "link_flair_text": rng.choice(["Question", "Discussion", "News", None]),
            }
        )
        comment_ids: list[str] = []
        for c in range(rng.randint(2, 7)):
            when += timedelta(minutes=rng.randint(3, 240))
            cid = f"k{t:03d}{c}"
            parent = f"t1_{rng.choice(comment_ids)}" if comment_ids and rng.random() < 0.4 else f"t3_{sid}"
            r = rng.random()
            if r < 0.06:
                body, author = "[deleted]", "[deleted]"
            elif r < 0.09:
                body, author = "[removed]", "[deleted]"
            else:
                body = _post_text(rng, topic) if rng.random() < 0.6 else _fill(rng, rng.choice(REPLIES))
                author = f"wear_user_{rng.randint(1, 90)}"
            records.append(
                {
                    "id": cid,
                    "name": f"t1_{cid}",
                    "author": author,
                    "subreddit": "Sunderland",
                    "created_utc": int(when.timestamp()) + 0.0 if c % 2 else int(when.timestamp()),
                    "link_id": f"t3_{sid}",
                    "parent_id": parent,
                    "body": body,
                    "score": rng.randint(-3, 80),
                }
            )
            comment_ids.append(cid)
        records[-1 - len(comment_ids)]["num_comments"] = len(comment_ids)
    return records


def main() -> None:
    rng = random.Random(SEED)
    pages = build_x(rng)
    (HERE / "wearside_x_v2.json").write_text(json.dumps(pages, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    records = build_reddit(rng)
    (HERE / "wearside_reddit.ndjson").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    print(f"{sum(len(p['data']) for p in pages)} tweets, {len(records)} Reddit records")


if __name__ == "__main__":
    main()
