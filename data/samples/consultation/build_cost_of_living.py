"""Build the synthetic "Wearside cost of living" consultation export bundled as voices' demo data.

Everything here is invented (CC0): the consultation, the respondents and their words. Postcodes are real
Sunderland-area postcodes from the ONS postcode lookup (OGL v3.0) so that later stages can pair themes with
deprivation; respondents in more deprived areas are somewhat more likely to raise food, debt and energy, which
gives the demo a pattern to find. A few answers carry planted personal data (names, phone numbers, e-mails,
addresses) so the demo shows anonymisation at work; all of it is fictional (phone numbers are Ofcom drama
numbers, e-mail domains are example.*).

Answers are written the way residents type them: each theme has 20-33 templates, each with "{a|b|c}" alternatives
(about 6,000 wordings in all), joined with the odd opener, closer, run-on, typo or all-lower-case answer, and a
few answers are a word or two ("heating", "food prices!!"). A respondent raises 1-3 themes. Variety of the two
open questions (sentences split at . ! ?; the fixed planted sentences left out of "most repeated"):

    Q4 impact    before: 1,367 sentences, 277 distinct, most repeated x71 (themes' own sentences up to x19)
                 after:  1,058 sentences, 927 distinct, most repeated x3
    Q5 support   before: 1,222 sentences, 181 distinct, most repeated x65 (themes' own sentences up to x28)
                 after:    938 sentences, 792 distinct, most repeated x3

Only the two open answer columns changed: postcodes, dates, closed and multi-select answers, empty answers,
which themes each respondent raises and where personal data is planted are as in the first version.

The file is written in SurveyMonkey's "expanded" CSV layout: two header rows, one column per multi-select
option, an "Other (please specify)" text column.

Run:  python data/samples/consultation/build_cost_of_living.py  (deterministic; rewrites the CSV beside it and
prints the variety figures above)
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("wearside_cost_of_living_surveymonkey.csv")
N_RESPONDENTS = 600
SEED = 20260115
_ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
_TIDY = re.compile(r"(?<= ) +| +(?=[,.!?])")  # spaces left by an empty alternative
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

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

# The first version of this script drew one sentence per theme from banks of these sizes, then an opener and a
# closer from nine each, all from the file's generator. _answer still makes those draws (and uses the theme choice
# and the planted-data roll) so that postcodes, dates, closed answers and each respondent's themes are exactly as
# in that version; the wording comes from a generator per answer, so editing the banks moves nothing else.
_V1_BANK_SIZES = {"energy": 10, "food": 10, "housing": 10, "debt": 10, "children": 10, "transport": 8,
                  "mental_health": 8, "work": 8, "disability": 6, "older_people": 6, "council_tax": 5,
                  "warm_spaces": 5, "children_food": 5, "advice": 6, "transport_help": 4, "food_support": 4,
                  "communication": 5, "housing_repairs": 5}

# Answer banks. Each entry is a template: "{a|b|c}" picks one alternative (innermost first, so they nest; an
# empty alternative drops the words). One entry is one way a resident might put the theme.
IMPACT = {
    "energy": [
        "We only put the heating on for {an hour|half an hour|a couple of hours} {in the evening|at teatime|before"
        " the kids go to bed} now and {sit under blankets|wrap up in blankets|wear our coats in the house} the rest"
        " of the {time|day}.",
        "Our {gas and electric|energy} direct debit has {more than doubled|nearly doubled|gone up by"
        " {sixty|seventy|ninety} quid a month} and I dread {every bill that comes through the door|the post|opening"
        " the app}.",
        "The prepayment meter {eats money|swallows everything|is a nightmare}. {Some weeks|Most weeks|At the end of"
        " the month} it's {top up the meter or buy food|heat or eat}, {not both|you can't do both}.",
        "I go to bed {early|at eight o'clock|as soon as the bairns are down} just so I don't have to {heat the"
        " house|put the heating on}.",
        "{We've|I've} stopped using the oven {because it costs too much to run|to save on the electric}, it's the"
        " {microwave|air fryer|slow cooker} or nothing.",
        "The {flat|house|back bedroom} is {freezing|like an ice box} and the damp {gets worse|spreads} when we can't"
        " afford to heat it {properly|at all}.",
        "{I'm terrified of|I dread} the next {energy price rise|rise in the price cap}, we're already {cutting back"
        " on everything|at rock bottom|cutting back on everything we can}.",
        "Standing charges are {a scandal|daylight robbery|a disgrace}, I pay {them|about a pound a day} even when I"
        " {hardly use anything|barely have anything switched on}.",
        "{My electric key|The electric|The gas} ran out {twice last month|on a Sunday|over the weekend} and {the"
        " kids had cold tea|we had no hot water till I got paid|I had to go round to my mam's to get warm}.",
        "I check the smart meter {constantly|every hour|all day long}, watching the {pennies|money} go up every time"
        " {the kettle boils|the washer goes on}.",
        "heating is the {big one|worst|main thing}, {its|it's} {so|that} expensive {now|these days} we dont put it"
        " on till {november|it's really bad}",
        "The boiler is {old|on its last legs} and I can't afford to run it, never mind {replace|fix} it.",
        "I {only|} fill the kettle with {one cup's worth of water|just enough water} and {switch everything off at"
        " the wall|unplug everything at night}.",
        "We {live|basically live} in {one room|the front room} {in winter|from October} with the doors shut to keep"
        " the {heat|warmth} in.",
        "{The kids|The bairns|My two} {have been|keep getting} poorly {all winter|more often} {because|cos} the"
        " house is {so cold|never warm}.",
        "I {do|have started doing} the washing {once a week|less often} and dry it on an airer because the tumble"
        " dryer costs a fortune in electric.",
        "{A hot bath|Hot water} is a treat {now|these days}, we {share the bath water|have quick showers|boil"
        " kettles for a wash}.",
        "{My|Our} energy bill is {more than|nearly as much as} {the rent|my food shop} {now|some months}.",
        "i sit in my coat and hat {in the house|indoors} its {ridiculous|not right} in {2026|this day and age}",
        "{I'm|We're} switching {lights|everything} off {constantly|all the time}, {we sit in the dark|the house is"
        " dark by four}.",
        "The {electric|gas} company {keep|keeps} {putting up|increasing} my direct debit even though I'm not using"
        " any more.",
        "I've been {using|relying on} {a hot water bottle|an electric blanket} instead of the heating{ to save"
        " money|}.",
        "The {warm home discount|energy rebate} {made a difference|helped} but it's {gone|nowhere near enough} and"
        " the bills are still {sky high|huge}.",
        "{Cold|Freezing} house, {mould|black mould} on the {walls|windows}, and {still|yet} the bills {keep going"
        " up|are higher than ever}.",
        "Energy {prices|bills} {have crippled us|are killing us|have us on our knees}.",
        "I'm {scared|frightened} to put the {heating|fire} on {in case I can't pay|in case the meter runs out}.",
        "We've gone without gas for {days|a week} at a time {because there was nothing to top up with|when the money"
        " ran out}.",
        "Worst thing is the {gas|heating|energy}, {absolutely|just} {unaffordable|shocking}.",
        "Working from home {means|meant} heating the house all day{ and we just can't afford that|, so I go and sit"
        " in the library instead}.",
        "Our {gas and electric|energy bills} went from {about|around} {£80|£90|£100} a month to {£200|£230|over"
        " £250}.",
        "The {kids|bairns} {go|have to go} to bed in {jumpers|hats and jumpers} because {we can't heat the"
        " bedrooms|the heating's off}.",
        "{My|Our} {old|} {storage heaters|electric heaters} {cost a fortune|are so expensive to run} and {don't even"
        " work properly|only warm one room}.",
        "{Me and my partner|Me and the kids|We} {sometimes|often} {go to|sit in} {the Bridges|the shopping"
        " centre|Asda} {just to be somewhere warm|for the warmth}.",
    ],
    "food": [
        "I've started skipping {meals|lunch|breakfast} so the {children|kids|bairns} can eat {properly|}.",
        "The food bank {at the church|in {Hendon|Southwick|Pennywell|Castletown|Washington}|down the road} has been"
        " a lifeline, I never thought I'd {need one|be using one}.",
        "Food prices have gone {through the roof|mad|crazy}, {a basic shop costs what a big shop used to|twenty quid"
        " gets you hardly anything now|a tenner doesn't fill a bag anymore}.",
        "We buy the cheapest {own-brand stuff|value range of everything|supermarket basics} and still run out"
        " {before payday|by Thursday|before the end of the month}.",
        "Fresh {fruit and veg is|meat is|fish is} a luxury now, it's mostly {pasta and beans|toast and"
        " noodles|whatever's on offer}.",
        "I feel {ashamed|embarrassed} going to the {food pantry|food bank} but {there's no other way some"
        " weeks|needs must}.",
        "My {grandchildren|grandkids|daughter's bairns} come to me for {tea|their dinner} because their {mam|mum}"
        " can't {afford to feed them every day|stretch it to the end of the week}.",
        "I've lost {weight|a stone|nearly two stone} because I {eat one proper meal a day|only have one meal a day}.",
        "The {reduced section|yellow sticker aisle|reduced shelf} at {Asda|Tesco|the supermarket|Morrisons} is where"
        " I do my shopping now.",
        "Even with the pantry we {struggle|run out of food} {at the end of the month|the week before payday}.",
        "I go round {Aldi|Lidl|Aldi and Lidl} {with a calculator|adding it all up on my phone} and {put things back"
        " at the till|still go over}.",
        "{Milk|Bread|Butter}, {eggs|cheese}, {even|} the basics have {nearly doubled|gone up so much}, {it's"
        " scary|it's frightening}.",
        "{Cooking from scratch|Batch cooking} is what they {tell you to do|say on the telly} but {it costs to"
        " cook|the ingredients and the gas cost money|there's no time when you work shifts}.",
        "I make one loaf last the week and {water down the juice|put water in the milk} so it {goes further|lasts}.",
        "{We|I} {haven't|have not} had {a takeaway|a treat|a proper Sunday dinner} in {months|over a year}.",
        "My {son is a teenager|lad is fourteen|daughter is growing} and {always hungry|eats us out of house and"
        " home}, I just can't keep the cupboards full.",
        "The {corner shop|local shop} on the estate is {a fortune|twice the price} but {I can't get to the big"
        " Asda|the bus costs more than I'd save}.",
        "Some {nights|days} {I have|it's} {cereal|toast} for tea {so the kids get the proper food|and I call it a"
        " meal}.",
        "{Meat|Protein} is {the first thing to go|a treat now}, we {bulk things out with lentils and potatoes|have"
        " meat maybe twice a week}.",
        "{The fridge is|Our cupboards are} {empty|bare} by {Wednesday|Thursday} and {payday's|pay day is} not till"
        " {Friday|Monday}.",
        "We've {cut down|gone down} to two meals a day{, sometimes one|}.",
        "Our food shop has gone up {about a third|by £30 a week|by about £40 a week} and the money coming in"
        " {hasn't|definitely hasn't}.",
        "I feel like a {failure|rubbish {mam|mum|dad}} when {my kids ask for something|they ask for snacks|the"
        " bairns want a treat} and I have to say no.",
        "{I|We} used to do a big shop {once a month|at the Asda}, now it's bits {every day|as and when} with"
        " whatever money's left.",
        "I'm {living on|getting by on} {toast|noodles|soup} {most days|to get through the week}.",
        "The {community|social} supermarket {saves|has saved} us {about|} {£15|£20} a week and {the staff|the"
        " volunteers} {are lovely|treat you like a person}.",
        "Even the {value|cheap} brands {have gone up|are dearer} and the {packets|portions} are smaller.",
        "Eating {healthy|properly} is {impossible|out of the question} on {what we get|our money}.",
        "the price of food is {unreal|shocking} i {dont|do not} know how {families|people with kids} {manage|cope}",
        "My {lad|daughter} {is at|goes to} school {hungry|on an empty stomach} some days and that {kills me|breaks"
        " my heart}.",
        "I {only|} buy what's on offer and {plan every meal|count every penny} {, it's exhausting|and it's"
        " exhausting}.",
        "{Fifty|Sixty|Seventy} quid a week on food for {four|five} of us {doesn't go far|is nothing now} and that's"
        " all we've got.",
        "{A jar of coffee|A box of teabags} is a {luxury|treat} now.",
    ],
    "housing": [
        "My rent went up by {eighty|fifty|a hundred} {pounds|quid} a month and my {wages|UC|benefits} didn't.",
        "The landlord {put the rent up|has put the rent up again} and {won't|still won't} fix the {mould|damp} in"
        " the {bedroom|kids' room|bathroom}.",
        "{I'm worried|I'm scared|We're frightened} we'll lose the house if the mortgage goes up {again|} {at the end"
        " of the fix|when our deal ends|next year}.",
        "Private rents {round here|in Sunderland|in town} are {impossible|ridiculous} {now|}, there's nothing"
        " affordable {left|anymore}.",
        "We're in {temporary accommodation|a B&B|emergency housing} {and it's not fit for a family|with three kids"
        " in one room|miles from the kids' school}.",
        "The housing association {takes months to do repairs|never comes out} and we're paying more {every year|each"
        " April}.",
        "I've had to move back in with my {parents|mam and dad|mam} because I couldn't afford the rent {anymore|on"
        " my own}.",
        "Our {flat|house} has damp and condensation and my {son's|daughter's|little one's} asthma is {worse|bad}.",
        "The waiting list for a council house is years long, {we've been on it {since 2019|four years}|you've no"
        " chance unless you're desperate}.",
        "{Housing costs|Rent and bills|The mortgage} {take|takes|swallow|swallows} more than {half|two thirds} of"
        " what comes in.",
        "{The|Our} landlord is selling up and we've {been given notice|got two months to find somewhere}, there's"
        " {nothing|nowt} {we can afford|in our price range}.",
        "The bedroom tax {takes|costs} us {about fifteen quid|£16} a week {because my son left home|for a room we"
        " can't do anything about}.",
        "{Housing benefit|The housing element} doesn't cover the full rent so we're {topping it up|finding the"
        " difference} out of our food money.",
        "{We rent privately|We rent} and {every renewal|every year} there's another increase, {I'm dreading the next"
        " letter|no improvements, just more money}.",
        "The mortgage went up {by|over} {£300|£400|two hundred pound} a month when our fixed rate {ended|finished}.",
        "{Five|Six|Four} of us in a {two-bed|one-bed flat} because we can't afford {anywhere bigger|to move}.",
        "{Mould|Black mould} {in every room|on the ceilings|behind the wardrobe}, I {clean|scrub} it {every"
        " week|constantly} and it comes back.",
        "Young people {round here|on the estate} can't afford to leave home, {my lad is {27|29} and still in his old"
        " bedroom|my daughter is {28|31} and still in her old room}.",
        "Service charges on {the|our} flat {have gone up|went up} by hundreds and we've no say.",
        "{We're|I'm} one {missed|late} payment away from {losing the house|being homeless}.",
        "My rent is due the day after my {wages go in|UC lands} so it's {all gone|gone} straight away.",
        "The {windows are single glazed|doors are draughty} and the landlord says {there's no money|it's not his"
        " problem}.",
        "I {sofa surf|stay at friends'} because I can't afford {a place|rent} on {my|a} wage.",
        "Moving {somewhere cheaper|to a smaller place} costs {money we don't have|too much in deposits and vans}.",
        "{It feels like|Seems like} all {my|our} money goes on {keeping a roof over our heads|the rent, and"
        " nothing's left}.",
        "Landlords want {a guarantor|six months up front|a deposit} we {haven't got|can't find}.",
        "We bought our house {years ago|in 2021} {thinking it was affordable|when rates were low} and now the"
        " payments are {crippling|frightening}.",
        "Rent {is the first thing out|is the biggest bill}, everything else {has to fit round it|has to wait|comes"
        " after}.",
        "my rent {has gone|went} up twice in a year {its|it's} not right",
        "We're in a {council|housing association} house on the estate and {the rent|the service charge} keeps going"
        " up but {nothing gets fixed|the repairs never happen}.",
        "{The|Our} {roof leaks|ceiling is coming down in the bathroom} and {we've reported it three times|we've been"
        " on to them since the summer}.",
        "If I lost my job {we'd|I'd} lose the house{ within a couple of months|, simple as that}.",
        "{Shared|Supported} housing {is|was} the only {thing|option} {I could get|going} and it's not"
        " {safe|suitable} for {my little girl|a child}.",
    ],
    "debt": [
        "I've fallen behind on {council tax|the council tax} and now the {letters are|reminders are} threatening"
        " {bailiffs|the bailiffs|to send bailiffs}.",
        "I'm using credit cards for {essentials|food and petrol|the shopping} and the debt keeps {growing|going up}.",
        "I took out a {payday loan|loan} to cover {the gas bill|Christmas|the car repair} and now I can't get out of"
        " it.",
        "{UC|Universal Credit} deductions for {the advance loan|a budgeting loan|an advance} leave us with {next to"
        " nothing|hardly anything}.",
        "I owe money to the {catalogue|water company}, the {phone company|energy company|credit card} and the"
        " {council|bank}, and the debt keeps me {awake at night|up at night}.",
        "Buy now pay later got me through {Christmas|the summer holidays|the kids' birthdays} but I'm still paying"
        " for it, {it's just more debt|it's debt by another name}.",
        "The {debt letters|letters about the debts|red letters from the loan company} pile up and I've {stopped"
        " opening them|put them in a drawer}.",
        "I borrowed from {family|my mam|my sister} and it's caused {a lot of tension|arguments|bad feeling}.",
        "Arrears on the {rent|water|gas} are building up and I don't know who to {talk to|ring}.",
        "I've lived in my overdraft {since last winter|for two years} and the {charges|fees} {just make the debt"
        " worse|make the debt grow}.",
        "There's {a doorstep lender|a man who lends money} on the estate and {people are desperate enough to borrow"
        " off him|I know people who've borrowed off him}.",
        "My credit rating is {shot|ruined} so {the only loans I can get are|the only credit I can get is} at"
        " {crazy|ridiculous} rates.",
        "I {pay one card off with another|juggle minimum payments on {three|four} cards} and the debt {never goes"
        " down|just sits there|gets bigger}.",
        "{The council|The council tax office} passed my arrears to {bailiffs|enforcement agents} over {£300|£400|a"
        " few hundred pounds} and added {£75|more fees} on top.",
        "I'm on a debt {management plan|relief order} now and {it's tight but at least the phone calls stopped|it's"
        " the only thing keeping me going}.",
        "I {had to|} borrow {off|from} {friends|my daughter|a neighbour} just to {get to payday|buy school shoes},"
        " and I hate asking.",
        "Every month {I'm|we're} further {behind|in debt}, it {feels like drowning|is like a hole you can't climb"
        " out of}.",
        "The {water|energy} company {keeps ringing|keep phoning} about {arrears|the debt} and they want more than I"
        " have.",
        "Buy now pay later on {food|the food shop} now, that's how bad {it is|things are}.",
        "{UC|Universal Credit} takes back {an overpayment|a loan} every month and {we're|I'm} always short.",
        "I {used|took} a credit union loan {for the cooker|to pay for a new fridge}, {at least the interest is"
        " fair|it was the only place that would lend}.",
        "{The debt has|Money worries have} {taken over my life|ruined my sleep}.",
        "I {took|got} a loan against the car and now I'm {scared they'll take it|terrified of losing it}.",
        "{We'd|I'd} never been in debt before {this|these last two years} and it's {frightening|humiliating}.",
        "Bailiffs {came to the door|turned up at the house} {in front of the kids|before Christmas} {over|for}"
        " {council tax|an old parking fine}.",
        "Christmas {goes on the credit card every year now|went on the credit card again} and {I'm still paying it"
        " off in June|it takes till summer to clear}.",
        "I owe {about|nearly} {£2,000|£3,000|£4,500} on {credit cards|catalogues and credit cards} and {I can't see"
        " a way out|the interest is more than I can pay}.",
        "My {partner|husband|wife} doesn't know how much debt {we're in|I've run up|we have}{ and I can't tell"
        " them|}.",
        "The {rent|council tax} arrears {letter|letters} {made me cry|frightened the life out of me}.",
        "I had to {borrow|take a loan} to cover the {deposit|funeral} and now the repayments {are a third of my"
        " wage|take everything}.",
        "debt debt debt{,|} {its|it's} never ending{!!|}",
        "{I'm|We're} {robbing Peter to pay Paul|borrowing to pay back borrowing} {every month|}, credit card to"
        " overdraft and back.",
        "I {juggle|rotate} which bill to pay each month and {the arrears just grow|the debt keeps growing}.",
    ],
    "children": [
        "School uniform and shoes cost {a fortune|an arm and a leg} and the {kids|bairns|children} grow out of them"
        " {so fast|in no time}.",
        "I {can't afford|couldn't pay for} school trips so {my daughter stays home when her class goes|my son stays"
        " off when his class goes|my youngest misses out when the class goes}.",
        "The {summer holidays|six weeks holidays|holidays} are the hardest because there are no free school meals{"
        " and they're home all day|}.",
        "Nappies and {formula|baby milk} have gone up so much{, a tin of formula is a fortune|, I worry every"
        " week|}.",
        "My {children|kids} miss out on {clubs|football|dancing} and {activities|things} their friends do.",
        "{Childcare|Nursery} costs more than I'd earn if I went back {full time|to work|to my old job}.",
        "The kids need a {laptop|computer} for homework and we {simply|just} don't have one.",
        "{Birthday parties|Party invites} are a worry because we can't afford {presents|a present} to take{ every"
        " weekend|}.",
        "Half term means {extra meals to find|ten more lunches to find} and nothing to do that's {free|cheap}.",
        "{Teenagers|My teenagers|Teenage lads} cost so much more and they {notice|feel it} when they go without.",
        "My {eldest|oldest} {keeps saying he's not hungry|has started offering me his pocket money} and it breaks my"
        " heart.",
        "The kids {get picked on|are picked on} {for|over} {not having the right trainers|wearing old clothes}.",
        "We haven't taken the {kids|bairns} anywhere {this year|all summer}, even {Roker|Seaburn|the beach} costs"
        " once you add bus fares and an ice cream.",
        "Christmas was {awful|really hard}, {I felt like I'd let them down|the kids got hardly anything}.",
        "Free school meals stopped when we went over the {threshold|limit} by {a few quid|a tiny amount}, so we're"
        " worse off for working.",
        "The school asks for money for {everything|non-uniform days, cake sales, trips}, {it all adds up|£2 here and"
        " there adds up}.",
        "{My|Our} {baby|little one} needs a special formula and it's {£15 a tin|so dear}.",
        "I'm a single {mam|mum|parent} of {three|two|four} and every penny goes on the kids, {I come last|I go"
        " without}.",
        "{My daughter|My son} asked me if we were poor and {I didn't know what to say|I just cried}.",
        "Kids' shoes {alone|} are {£30|£40} a pair and they need new ones {every few months|every term}.",
        "The youth club on the estate {closed|shut} so {the teenagers|my lad and his mates} {hang about|have nowhere"
        " to go}.",
        "{Packed lunches|School dinners} cost {more than you'd think|a fortune} when {they're|the kids are} not on"
        " free meals.",
        "{Our son|Our daughter} couldn't go on the {residential|school trip|trip to London} {because it was|at}"
        " {£250|£300|£180}.",
        "We used to do {swimming|soft play} {but|and} that's {gone|stopped} now, everything costs.",
        "I {worry|feel guilty} the kids {are missing out|will be held back} because of money.",
        "Having a {new baby|newborn} with everything costing so much {is terrifying|has been so hard}.",
        "{The|Our} {kids|bairns} {go to school cold|get hungry at school} and it {affects their learning|shows in"
        " their work}.",
        "Period products for my {daughters|girls} are {another cost|a real expense} now.",
        "my kids {dont|don't} ask for anything anymore because they know {theres|there's} no money, {they're|theyre}"
        " {8|10} and {11|13}",
        "{The|My} {bairns|kids} {want|need} {new school shoes|a winter coat} and {I just can't|it'll have to wait"
        " till next month}.",
        "{Nursery|After school club} {fees|costs} {went up|have gone up} again and I had to {cut my hours|drop a"
        " day} at work.",
    ],
    "transport": [
        "{Bus fares keep changing|Fares keep going up} and the buses don't turn up, I've been late for work {three"
        " times|again|more than once}.",
        "Petrol {costs|prices} mean I only use the car for {work|the school run and work} now.",
        "I can't afford to get to {the hospital|Sunderland Royal|my appointments} in town{, I've missed two|, I've"
        " cancelled twice|}.",
        "The bus to the {supermarket|big Asda|Tesco} has been cut so I'm stuck with the {expensive corner shop|shop"
        " on the estate}.",
        "Getting to the {jobcentre|interviews|the jobcentre in town} costs {me|} money I {don't have|haven't got}.",
        "{The Metro and bus tickets eat|Bus and Metro fares eat|Travel to work eats} into what little I {earn|get}.",
        "I walk everywhere {to save on fares|to save the bus money}, even in the {rain|snow}{ with my bad knees|}.",
        "{Buses|The buses} out {here|to the villages} are so {infrequent|rare} that without a car you're trapped.",
        "{The|Our} car {failed its MOT|needs work} and I can't afford {to fix it|the repairs}, but I need it for"
        " work.",
        "A day ticket is {nearly a fiver|more than a fiver} and that adds up when you're going into town {every"
        " day|three times a week}.",
        "The last bus {leaves|goes} at {seven|six} so {I can't get back from late shifts|I can't do evening work}.",
        "Car insurance {went up|has gone up} by {£400|£300|hundreds} and I need the car {to get between clients|for"
        " work}.",
        "Getting the {kids|bairns} to school on the bus costs {£15|£20} a week{ we haven't got|}.",
        "Getting into town from {Washington|Houghton|Hetton|Seaham} on the bus {takes ages|is over an hour} and"
        " costs a fortune.",
        "We had to sell the car {last year|in the summer} and now {everything takes twice as long|I rely on lifts}.",
        "{The Metro|The Metro fare} to Newcastle for work is a {big|massive} chunk of my {wage|pay}.",
        "{Fuel|Diesel} {prices are|is} {daft|ridiculous} and I have to drive because there's no bus {that goes where"
        " I work|at the times I need}.",
        "The buses are {always|often} {late|cancelled} so I end up getting a taxi {which I can't afford|and that's a"
        " tenner gone}.",
        "{To see|Visiting} my {mam|dad|mum} in {the care home|hospital} is two buses {each way|there and two back}.",
        "My bus pass doesn't work before {half nine|9.30} so {early|morning} appointments {cost me|mean paying full"
        " fare}.",
        "Parking at {the Royal|the hospital} is {a disgrace|a fortune}.",
        "Travel to {college|sixth form} for my {son|daughter} is {£10|£12} a week {we struggle to find|on top of"
        " everything}.",
        "They cut the {evening|Sunday} buses so {I can't|we can't} get anywhere {at weekends|after six}.",
        "A bike {would|might} help but {I can't afford one|where would I keep it in a flat|it's all hills round"
        " here}.",
        "buses into town are {terrible|a joke} now and {dearer|cost more}",
        "We live out {at|in} {Hetton|Easington Lane|Herrington} and {without the car|if the car goes} we're stuck.",
        "{The|My} {car|van} {is|was} {my|our} lifeline but {I can't afford to run it|the petrol's too much} now.",
    ],
    "mental_health": [
        "The {constant|never ending} worry about money has made my {anxiety|depression} {much worse|so much"
        " worse|worse than ever}.",
        "I feel {isolated|lonely|cut off} because I can't afford to go out or see {friends|family}.",
        "It's the stress that gets you, lying awake {doing sums in your head|at 3am going over the bills|working out"
        " what to pay first}.",
        "I've been signed off {with depression|with stress|work} and the money worries {don't help|make it worse}.",
        "{My husband won't talk about it but I can see it's getting to him|My wife won't talk about it but I can see"
        " it's getting to her|My partner won't talk about it but I can see it's getting to them}.",
        "{Some days|Most days|Some mornings} I don't see the point, {everything is a struggle|it's all just a"
        " struggle|I can't face anything}.",
        "I used to {volunteer|go to a craft group|go to the club} but I can't afford the bus fare {to get"
        " there|now}, so I sit in the house.",
        "The pressure on families {round here|on this estate|in Sunderland} is {enormous|huge} and nobody is"
        " listening.",
        "I'm {exhausted|worn out|drained} {all the time|constantly} from {worrying|juggling|trying to make it"
        " stretch}.",
        "We {argue|fall out} about money all the time now, it's {affecting|ruining} {the family|our relationship}.",
        "My {GP|doctor} {put me on|upped my} {antidepressants|tablets} and said it's the stress.",
        "I can't {sleep|switch off} for {worrying|thinking about the bills}.",
        "We don't go out at all anymore, not even {a coffee|a drink} with {friends|mates}.",
        "{I feel like|It feels like} {I'm|we're} failing even though {I'm|we're} {doing everything right|working all"
        " hours}.",
        "The wait for {talking therapy|counselling|mental health support} is {months|over a year} and {I need help"
        " now|it's too long}.",
        "My {son|daughter} is anxious and {picks up on|can feel} the stress at home.",
        "I get {panic attacks|palpitations} when {the post comes|the phone rings|I check my bank}.",
        "{Men|Blokes} {round here|on the estate} won't ask for help and {I worry about where that ends|it's scary"
        " thinking about my mates}.",
        "I've had some {dark thoughts|very low moments} this winter{, I'm getting help now| but my sister got me"
        " through|}.",
        "Feeling {ashamed|embarrassed|like a failure} all the time {stops me asking for help|makes it all worse}.",
        "{The constant|The relentless} {grind|worry} {wears you down|never stops}.",
        "My {nerves are|mental health is} {in bits|shot to pieces} with it all.",
        "{You|We} {feel|are} {forgotten|invisible} up here, {like nobody cares|and nobody in charge cares}.",
        "I don't see my {friends|mates} anymore, I {make excuses|say I'm busy} {because|cos} I'm skint.",
        "im not {coping|ok} {if im honest|to be honest}",
        "I {put a brave face on|smile} for the {kids|bairns} but {inside I'm falling apart|I cry when they're in"
        " bed}.",
        "It's {grinding|wearing} {everyone|people} down, {you can see it in people's faces|you see it at the school"
        " gate}.",
        "{I|We} {never used to|didn't used to} worry like this, {now it's every minute of every day|now it's all I"
        " think about}.",
        "Being {skint|broke} all the time makes you feel {worthless|ashamed}{ even when it's not your fault|}.",
        "I {just|} want to {get through a week|have one month} without {panicking|worrying} about money.",
    ],
    "work": [
        "I work {two jobs|two part-time jobs|three jobs} and still can't make ends meet.",
        "My hours were cut at the {warehouse|factory|call centre} and zero-hours means no security.",
        "{Wages haven't|My wages haven't|Pay hasn't} gone up in line with prices for {years|ages}.",
        "Working full time on {minimum wage|the living wage} isn't enough to live on {any more|now}.",
        "I'm a {carer|full time carer for my {mam|son|husband}} and the allowance is nowhere near enough.",
        "I'd take more {shifts|hours} but {childcare|paying for childcare} makes it pointless.",
        "My pay rise was {swallowed|eaten up} by the {rent increase|energy bills|price rises} straight away.",
        "{Self-employed|I'm self employed} and {work has dried up|jobs have dried up} because nobody has spare"
        " money.",
        "Every extra {hour|shift} I do gets taken off my {UC|benefits} so {what's the point|it hardly seems worth"
        " it}.",
        "We both work {full time|} and still {struggle|can't save a penny|live payday to payday}.",
        "I work at {a supplier for the car plant|a care home|the call centre} and {it feels shaky|there's talk of"
        " redundancies}, {I'm|we're} scared of losing it.",
        "I do {nights|twelve hour shifts} in {care|a care home} for barely more than minimum wage.",
        "There are {no|hardly any} {decent|proper} jobs {round here|in Sunderland}, just {agency|zero hours} work.",
        "I've been {looking for work|applying for jobs} since I was made redundant and {there's nothing|nothing pays"
        " enough to cover childcare}.",
        "{My wages go|Our pay goes} in and {within two days|in a week} it's gone.",
        "I'm {a nurse|a teaching assistant|a support worker|a cleaner at the hospital} and I never thought I'd"
        " {struggle|be using a food bank|be this skint}.",
        "I can't work because of {my health|caring for my mam} and {what I get|the benefits} {doesn't|don't} cover"
        " the basics.",
        "I'm doing {overtime|extra shifts} {every week|all the time} just to stand still.",
        "Agency work means {no sick pay|no holiday pay}, one week you've got hours and the next {you haven't|you're"
        " sat at home}.",
        "{My employer|The boss} stopped {our overtime|the bonus} and that was our {buffer|cushion}.",
        "I've had to go {part time|down to part time} to {look after|care for} {my dad|my son} and we've lost"
        " {half|a third} of our income.",
        "{Young people|My kids} can't find work that pays enough to {move out|live on}.",
        "Working {is supposed to|should} {pay|lift you out of poverty}, {it doesn't anymore|not round here}.",
        "{i|I} work {40|45} hours a week and {still|} {cant|can't} afford {the basics|a week away} {whats|what's}"
        " the point",
        "{The shifts change|My rota changes} every week so I can't {plan|budget} anything.",
        "I'm on {UC|universal credit} and work part time, the {taper|way they take it off you} means I keep hardly"
        " anything.",
        "{We're a working family|We're working people} and {still|} {struggling|going under}, it's not just people"
        " on benefits.",
        "My {wages|pay} went up {50p|40p} an hour and {my rent|the bills} went up {way more|more than that}.",
        "Two of us {working|in work} and {we still need|we still use} the pantry{, that says it all|}.",
    ],
    "disability": [
        "{I'm disabled|I'm disabled myself|I have a disability} and my {equipment needs|oxygen machine needs|bed and"
        " chair need} electricity, so I can't cut back.",
        "The PIP assessment took {months|eight months|ages} and we had nothing in the meantime.",
        "Special diets for my {condition|coeliac disease|diabetes} cost far more than ordinary food.",
        "{As a wheelchair user|Being in a wheelchair}, taxis are the only way I get {anywhere|to appointments|about}"
        " and they cost {a fortune|a bomb}.",
        "My {son|daughter} has {autism|ADHD and autism} and the extra costs are never taken into account.",
        "{Prescriptions|Prescriptions and travel to appointments|Hospital travel and parking} {add up quickly|soon"
        " add up}.",
        "I have {MS|arthritis|COPD|fibromyalgia} and being cold makes {the pain|it} {much worse|unbearable}.",
        "My {PIP|ESA} was {cut|stopped} {after a reassessment|at review} {even though nothing has changed|and I'm no"
        " better}.",
        "I {use|need} {an electric wheelchair|a hoist|a stairlift} and it has to be charged every {night|day}.",
        "Being disabled costs more for everything and {the benefits don't|the system doesn't} reflect that.",
        "I need the house warm for my {condition|circulation|lungs} so cutting back {isn't an option|is not"
        " possible}.",
        "I can't get to {the cheap shops|Aldi} {because I can't walk that far|as there's no bus I can get on with my"
        " chair}.",
        "Support for our disabled {daughter|son} was {cut|reduced} so I had to {give up work|drop my hours}.",
        "The PIP appeal took {a year|months} and the {stress|worry} {made me ill|was awful}.",
        "I'm {deaf|partially sighted|blind} and none of the services make {information|letters}"
        " {accessible|something I can use}.",
        "Continence {products|pads} aren't free and I spend {a lot|a small fortune} on them{ every month|}.",
        "My {mobility|Motability} car is {a lifeline|the only way I get out} but {the extra costs|insurance and"
        " fuel} keep going up.",
        "{Washing|Laundry} every day {because of|for} {my son's needs|my condition} means the {electric bill"
        " is|bills are} huge.",
        "The forms for {disability benefits|PIP} are {impossible|awful} to fill in on your own.",
        "I'm {scared|terrified} the {planned|proposed} {benefit|welfare} cuts will {push us under|leave us with"
        " nothing}.",
        "{my|My} {partner|husband} is {disabled|in a wheelchair} and {im|I'm} his carer, {we|we just} {cant|can't}"
        " {keep up|manage} with {the costs|everything}",
        "{Adapted housing is|Adapted bungalows are} {impossible to get|like gold dust} {round here|in Sunderland}.",
        "{Hospital|Specialist} appointments in {Newcastle|Durham} mean {taxis|two buses and a Metro} I can't afford.",
        "I'm {on|waiting on} {a waiting list|the list} for {a new wheelchair|equipment} and {can't afford to buy"
        " one|it's been a year}.",
        "{My son's|My daughter's} {sensory equipment|special equipment} costs {a fortune|hundreds} and {no grant"
        " covers it|nothing helps with it}.",
        "I can't afford {the adaptations I need|a walk-in shower} so {I struggle to wash properly|I rely on my"
        " daughter to help me wash}.",
        "{Being on|Living on} {ESA|disability benefits} {means|is} {no way of|no chance of} earning {more|extra}"
        " when prices go up.",
    ],
    "older_people": [
        "As a pensioner on my own, {the winter fuel changes|losing the winter fuel payment} hit me hard.",
        "My pension doesn't stretch {anymore|like it did}, I've stopped going to the {lunch club|luncheon club}.",
        "I'm {eighty|eighty-three|seventy-nine} and I sit in one room with a heater to save money.",
        "Older people {are|round here are} too proud to ask for help and {suffer in silence|just go without}.",
        "My late {husband's|wife's} pension stopped and I'm struggling on my own.",
        "I don't {use|have} the internet so I miss out on the {deals|cheaper tariffs} everyone talks about.",
        "I worked {all my life|forty years|since I was fifteen} and now I can't afford to {heat the house|keep"
        " warm}.",
        "{Pensioners|Older folk} {round here|on our street} are going without {and nobody sees it|behind closed"
        " doors}.",
        "The pension {top-up|credit} forms are {too complicated|a nightmare} so I {never applied|gave up}.",
        "I look after my {grandchildren|grandkids} {while their {mam|mum} works|so their parents can work} and"
        " feeding them {comes out of my pension|is hard on a pension}.",
        "{My|Our} bit of savings {for my funeral|for a rainy day} has {gone|all gone} on {bills|everyday things}.",
        "The TV licence {is another worry|and the phone are more than I can manage} {at my age|on a pension}.",
        "I {just get|only get|live on} the state pension so every price rise {hurts|hits hard}.",
        "Getting to the shops is harder {with my legs|since my hip} so I {pay for taxis|rely on my neighbour}.",
        "The bank{s| in town| in Houghton} {closing|shutting} means I can't sort my money out {properly|like I used"
        " to}.",
        "{Friends my age|People my age|Our neighbours} are lonely and the {clubs|day centres} {are closing|have"
        " closed}.",
        "I'm {a widow|a widower|on my own} and {one pension|a single pension} has to cover what two used to.",
        "I don't put the {fire|heating} on {until the grandchildren visit|till teatime}.",
        "{Everything is|Everything's|It's all} online now and I {can't use|don't know how to work|haven't got} a"
        " {computer|smartphone}.",
        "{We|Us} pensioners get {told|made to feel} we're {well off|comfortable} but we're {not|far from it}.",
        "I've {stopped|cut down on} {the hairdresser|bingo|coffee with friends} and that was my only {outing|bit of"
        " company}.",
        "{me and my husband|Me and the wife} are in our {seventies|eighties} and {its|it's} {a struggle|hard} to"
        " {manage|keep up}",
        "I'm {78|81|85} and I've never known prices like it, not even in the {seventies|eighties}.",
        "I {worry about|dread} {the winter|another cold winter} {at my age|with my chest}.",
        "{My|Our} {daughter|son} {helps|has to help} {me|us} out {with the bills|every month} and {I hate it|they've"
        " got their own family to feed}.",
    ],
}

SUPPORT = {
    "council_tax": [
        "{Reduce|Lower|Cut} council tax for {people|families} on low incomes, it's a {huge|massive} bill{ for us|}.",
        "Let us spread council tax over {twelve months|the whole year} {and stop the bailiff letters|instead of"
        " ten|without having to ask}.",
        "More {people|working people} should get the council tax {reduction|support}, the {cut-off|income limit} is"
        " too low.",
        "{Freeze|Hold} council tax, we can't pay more for {fewer|worse} services.",
        "Stop sending {enforcement agents|bailiffs} to {people|families} who are clearly struggling.",
        "A council tax {discount|reduction} for {working families|people just over the benefit limit|carers} would"
        " {make a real difference|help a lot}.",
        "Council tax goes up every year but {the bins|the services} {get worse|don't get any better}.",
        "{Write off|Cancel} small council tax {arrears|debts} for people on {UC|benefits}.",
        "{Talk to|Phone} people before {sending|passing them to} {bailiffs|enforcement}, {most of us want to pay|we"
        " want to pay, just not all at once}.",
        "Make the council tax {support|reduction} {easier to apply for|automatic if you're on UC}.",
        "Council tax on a {Band A|small} {terrace|flat} is still {too much|a lot} for {what we get|people on low"
        " wages}.",
        "Council tax {payment holidays|breaks} {in the winter months|in emergencies|in January}.",
        "{Lower|Cut|Reduce} council tax for {pensioners|people living on their own}, the single person discount"
        " {isn't enough|is nowhere near enough|should be bigger}.",
        "{Don't|Please don't} add court costs on top when {people fall|someone falls} behind on council tax.",
        "{Help|Support} with council tax would be the {single biggest|most useful|best} thing {for us|you could do}.",
        "{Stop|Scrap} the council tax {rise|increase} {this year|in April}, {people cannot take any more|we're at"
        " breaking point}.",
        "council tax {is|its} too {high|much}",
        "{A|The} council tax {discount|support} for {care leavers|young people leaving care} should {go up to 25|be"
        " extended}.",
        "{Let people|Allow people to} pay council tax {weekly|fortnightly} {to match when they get paid|like the"
        " rent}.",
        "{The|Our} council tax {bill|} is {nearly|about} {£120|£130|£140} a month {on a terrace|for a two-bed} and"
        " that {can't be right|is more than our food}.",
        "{Exempt carers from|Take carers off} council tax{, we save you money|}.",
        "{When|If} you {miss|fall behind on} {one|a single} council tax payment {they want the whole year|the whole"
        " year is due}, {that needs to stop|which is ridiculous}.",
        "{Bring back|Go back to} {full|100%} council tax support for {the poorest|people on benefits}.",
        "{Means test|Base} council tax on {income|what people earn}, not {the house|the band}.",
        "{I'd|We'd} {pay|be able to pay} {the council tax|it} if {it wasn't so high|they'd let us pay a bit less"
        " each week}.",
    ],
    "warm_spaces": [
        "Keep the warm spaces open in {libraries|the libraries} and community centres, they've been {brilliant|a"
        " godsend}.",
        "Warm {hubs|spaces} with a hot drink and company make a real difference {in winter|to people on their own}.",
        "Open the {community centre|library} in the evenings as a warm space, not just {daytime|during the day}.",
        "More warm {banks|spaces} out in the {estates|villages}, not only in the {city centre|middle of town}.",
        "The warm space at the {library|church hall} was the only place I {talked to anyone|saw a soul} some days.",
        "{Warm spaces|Warm hubs} {at weekends|on Sundays} {would help|please}, {that's when it's loneliest|there's"
        " nothing on}.",
        "The {church|community centre} {in|at} {Pennywell|Hendon|Ryhope|Silksworth|Grindon} {does|runs} a warm space"
        " {with soup|and it's wonderful}, {we need more like that|fund more like it}.",
        "Warm spaces {where you can charge your phone|with wifi and plug sockets}{ and a cuppa|}.",
        "{Don't|Please don't} {close|shut} {the libraries|the community centres}, they're {where we go to keep"
        " warm|the only warm places left}.",
        "Make warm spaces feel {welcoming|less like charity} so {people aren't embarrassed|nobody's ashamed} to use"
        " them.",
        "{Somewhere warm|A warm place} where {older people|pensioners} can {sit|go} {during the day|in the"
        " afternoon} and {have company|chat}.",
        "{Warm spaces|Warm hubs} with things for kids to do {after school|in the holidays}.",
        "Longer opening hours at the warm {hubs|spaces}, {they shut at three|they close too early}.",
        "{Transport|A minibus} to the warm {spaces|hubs} for {people who can't walk far|older folk}.",
        "A warm {welcome|room} and {a hot meal|a bowl of soup} a couple of times a week {would mean the world|would"
        " help so many people}.",
        "warm {spaces|hubs} {on the estate|near us} {please|!!}",
        "{The|A} warm space {saved me|kept me going} last winter, {please keep it|don't let it close}.",
        "{Pay|Fund} the {groups|churches and groups} {running|who run} warm spaces{, they do it on a shoestring|}.",
        "{Pay for|Fund} warm {spaces|hubs} {through|for} {the whole winter|from October to March}, not just a few"
        " weeks.",
        "{Company|Someone to talk to} {is as important as|matters as much as} the heat in a warm space.",
    ],
    "children_food": [
        "{Free school meals|FSM} for every child {whose family is on Universal Credit|in a family on UC|whose"
        " parents get UC}{, no cut-off|, full stop|}.",
        "Keep the {holiday activities and food programme|holiday clubs} going, {my kids love it|it's a lifeline in"
        " the summer}.",
        "{Free breakfast|Breakfast} clubs in every school would help {working parents|the kids who come in hungry}.",
        "{Uniform|School uniform} {swap shops|exchanges|banks} and help with {school costs|the cost of school}.",
        "{Food|Supermarket} vouchers in the {school holidays|holidays} instead of nothing.",
        "Free school meals for all {primary|primary and secondary} {kids|children}, no {means testing|forms}.",
        "{Raise|Lift} the free school meals {threshold|limit}, {working families|families just over the line} {miss"
        " out|get nothing}.",
        "Holiday clubs {with|that give} {a hot lunch|dinners} every {half term|holiday}, not just summer.",
        "A uniform {grant|voucher} {at the start of the school year|each September} would {take the pressure"
        " off|really help}.",
        "{Free|Cheap} {activities|things to do} for {kids|teenagers} {in the holidays|at weekends} {that come with"
        " food|with a meal}.",
        "Make school trips {free|subsidised} so {kids on free meals|poorer kids} aren't left out.",
        "{Baby banks|Help with nappies and formula} for {new parents|young mams|families with babies}.",
        "{Automatically sign up|Auto-enrol} families for free school meals {so nobody misses out|without the forms}.",
        "{Fruit|Snacks} at school for {kids|the bairns} who come in hungry.",
        "{More|Better} funding for {youth clubs|youth work} {that feed the kids|with a meal}.",
        "{Free|Cheaper} {childcare|after school care} so {parents|mams} can {work more hours|take more shifts}.",
        "free school meals {in|over} the holidays {too|as well}",
        "{Help with|Grants for} {school shoes|PE kit and shoes} {as well as|not just} uniform.",
        "{Free|Cheap} {meals|lunches} at the {holiday|summer} clubs for {kids and their parents|the kids and the"
        " mams too}.",
        "{Help|Support} with {nursery|childcare} costs {for single parents|so mams can work}.",
    ],
    "advice": [
        "Proper benefits checks, so many people don't know what they {are entitled to|can claim}.",
        "Free debt advice {that you can get|you can get} face to face, not just a {phone line|website}.",
        "Citizens Advice {needs|could do with} more funding, you wait {weeks|ages} for an appointment.",
        "One {number|place} to {ring|go} for all the help {the council offers|there is}.",
        "Help filling in forms, the online applications are {confusing|a nightmare}.",
        "Advice sessions at the {GP surgery|doctors} or the school gate where people already go.",
        "{Someone|A person} who'll sit down with you and {go through|look at} {your money|everything} properly.",
        "Help with {PIP|disability benefit} {forms|claims} and appeals, {I couldn't have done it alone|I gave up the"
        " first time}.",
        "{Advice|Drop-in} sessions {on the estates|in community centres} in the evening for working people.",
        "{Money|Budgeting} advice that {doesn't make you feel stupid|treats you like an adult}.",
        "{Help|Someone} to deal with the energy company, {they don't listen to us|they'll ring them for you}.",
        "A {benefits|money} check for every pensioner, {lots|loads} {miss out on|don't claim} what they're owed.",
        "{Welfare rights|Benefits advice} workers in {schools|food banks|the pantries}.",
        "Advice on {landlord problems|tenants' rights} so {we know where we stand|people aren't bullied}.",
        "{Shorter waits for|Quicker} advice, {by the time you get an appointment it's too late|by the time they see"
        " you the bailiffs have been}.",
        "{Free legal|Free housing|Housing} advice {for people facing eviction|when you get a notice}.",
        "Advice {over the phone|by text|on WhatsApp} for those of us who can't take time off work.",
        "{help|Help} with {forms|the online stuff} {i|I} {cant|can't} do it on my {phone|own}",
        "{Someone|A worker} {at|in} the {food bank|pantry} who {knows|can check} what {benefits|help} you {can"
        " get|should be getting}.",
        "{Help|Someone} to {check|look at} {my|our} {energy bill|UC statement} {because|as} {I think it's wrong|I"
        " don't understand it}.",
        "{Advice|Help} {on|with} getting out of debt {before it gets to bailiffs|without going to court}.",
    ],
    "transport_help": [
        "Cheaper bus fares, especially for {young people|teenagers|people on low pay} and {jobseekers|pensioners}.",
        "Bring back the bus {routes|services} that were cut so we can get to {cheaper shops|the big supermarkets}.",
        "Free travel to {hospital appointments|the hospital} for people on {low incomes|benefits}.",
        "A capped {fare|daily fare} across all {buses|bus companies} and the Metro.",
        "{Free|Cheaper} {bus travel|bus passes} for {jobseekers|people looking for work} {to get to interviews|for"
        " the first month of a new job}.",
        "Buses that run {later|later at night} {for shift workers|so people on late shifts can get home}.",
        "{Keep|Extend} the {£2|two pound} fare cap{ for good|}, it's {made a difference|been a big help}.",
        "Let {older people|pensioners} use their bus pass before half nine{ for hospital appointments|}.",
        "A {community|volunteer} minibus {to the big supermarkets|to appointments} {from the estates|from the"
        " villages}.",
        "{Cheaper|Free} {Metro|travel} for {students|college kids|apprentices}.",
        "{More|Better} buses between {Washington|Houghton|Hetton|Seaham} and {town|the hospital}.",
        "{Help with|Grants for} {car repairs|MOTs} for {people who need a car for work|carers}.",
        "Buses that actually turn up{ on time|}, {the timetable is fiction|half of them don't come}.",
        "{Bike|Bicycle} {loans|schemes} so {people can get to work|young people can get about}.",
        "{cheaper|Cheaper} buses {!!|please}",
        "{Sunday|Evening} buses back {on our estate|on the estates|to the village}{ please|}, {we're cut off|you"
        " can't get anywhere}.",
        "{A|One} ticket {for|that works on} {bus and Metro|all the buses and the Metro} that doesn't cost {a"
        " fortune|more than a fiver}.",
        "{Half price|Free} {bus travel|fares} for {carers|people on UC|kids under 16}.",
        "{Put|Run} a bus {from the estate|from our village} {into town|to the shops} at least every {half"
        " hour|hour}.",
        "{Hospital transport|Patient transport} for {people who can't afford taxis|older people on their own}.",
        "{Free|Subsidised} taxis or {a dial-a-ride|community transport} for {disabled people|people who can't use"
        " the bus}.",
        "{Young people|Apprentices} {should get|need} {free|cheap} {buses|travel} to {college|work}.",
    ],
    "food_support": [
        "{Support|Fund|More} community pantries and food clubs so people can shop with dignity{ and choose their own"
        " food|}.",
        "Fund the food banks properly, the volunteers are {exhausted|run ragged}.",
        "Community {cafes|kitchens} with pay-as-you-feel meals would help {families and older people|lots of"
        " people}.",
        "{Cooking on a budget|Cookery} {sessions|classes} and {slow cookers|air fryers} for families.",
        "More {food pantries|social supermarkets} {on the estates|in every ward|in Pennywell and Hendon}, not just"
        " {in town|one or two}.",
        "{Food banks|Food parcels} without needing a referral, {it's humiliating|you shouldn't have to prove you're"
        " hungry}.",
        "{Fresh|Healthy} food at the {pantries|food banks}, not just tins and pasta.",
        "{Community|Shared} {meals|lunches} for older people so they eat properly and see people.",
        "{Open|Opening} {food banks|pantries} {in the evening|on Saturdays} {for people who work|so workers can get"
        " there}.",
        "Food parcels that {suit|work for|cater for} people with {allergies|special diets|diabetes|coeliac}.",
        "Community {gardens|growing schemes} and {allotments|veg boxes} so families can get fresh veg.",
        "{Vouchers for {Aldi|Asda|Lidl}|Supermarket vouchers|Shop vouchers} {instead of food parcels|so people can"
        " choose|so you can pick your own food}.",
        "{Slow cookers|Air fryers} and {cheap recipes|recipe cards} so families {save on energy|cook for less}.",
        "{Cheap|Subsidised} {hot meals|dinners} at {community centres|churches} a few nights a week.",
        "The food bank volunteers {deserve a medal|are amazing}, give them {proper funding|a proper building}.",
        "{food|Food} {pantry|pantries} {near|nearer} {us|the estate} {please|}",
        "{A|A proper} {community|social} {shop|supermarket} where you pay {a few quid|£5} a week for a {bag|basket}"
        " of {shopping|food}.",
        "{A|The} {food club|pantry} {in|at} {Southwick|Castletown|Farringdon|Hylton Castle} {is brilliant|saves us a"
        " fortune}, {every estate|everywhere} {needs one|should have one}.",
        "{Free fruit and veg|Free bread and milk|Fruit and veg} {stalls|tables} {at|outside} {community"
        " centres|schools}{ every week|}.",
        "{Help|Support} {for people|for families} {before they need|so they don't end up at} the food bank.",
        "{Fund|Support} {community fridges|food sharing schemes} {so less food is wasted|that share what the shops"
        " throw away}.",
        "{Emergency|Crisis} {food|help} {at weekends|on a Friday night} when {everything's shut|there's nowhere to"
        " go}.",
        "{Lunch clubs|Community lunches} {for older people|for pensioners} {with a proper meal|a couple of times a"
        " week}.",
    ],
    "communication": [
        "Tell people what help exists, I only found out about the {hardship fund|household support fund} by"
        " {chance|accident}.",
        "Not everything should be online, some of us don't have {the internet|a computer|data on our phones}.",
        "Letters in plain English{ and in other languages|} please.",
        "Put information in the {local paper|Echo}, on the radio and in {GP surgeries|chemists}.",
        "Nobody {from the council|} ever asks us what would help, so thank you for asking.",
        "{A|One} {simple|} {leaflet|list} through every door with all the help {available|out there}.",
        "{Answer the phone|Pick up the phone|Nobody answers the phone}, I was on hold {over an hour|45 minutes|forty"
        " minutes} {at the council|to speak to someone}.",
        "Put things on {the local Facebook groups|Facebook} and {the school apps|school newsletters}, that's where"
        " {people|mams} actually look.",
        "Stop making {people repeat their|us repeat our} story to every department.",
        "Make the {council|} website {easier to use on a phone|simpler}, {I couldn't find anything|it goes round in"
        " circles}.",
        "{Actually listen|Listen} to {this consultation|what people say} {and tell us what changed|and come back to"
        " us}.",
        "{People|Folk} {on the estates|in the villages} never hear about {the grants|the help} until it's {gone|too"
        " late}.",
        "{Talk to|Speak to} {us|people} {like|as} {people|human beings}, not {numbers|case numbers}.",
        "{Information|Help|Translated letters} for people who {can't read well|don't speak much English|struggle"
        " with reading}.",
        "{Put|Have} {someone|a council worker} in {the library|the community centre} once a week to {answer"
        " questions|help face to face}.",
        "{tell|Tell} us {whats|what's} {available|out there} {!!|, we don't know}",
        "{A|One} {list|page} of {everything|all the help}, {in one place|not on ten different websites}.",
        "{Phone people up|Write to people} {who might be eligible|on benefits} {and tell them what they can"
        " get|rather than waiting for them to find out}.",
        "Make sure {GPs|schools|health visitors} know {about the help on offer|what help there is}.",
        "{Text people|Send people a text} when {new help comes out|grants open}.",
    ],
    "housing_repairs": [
        "Make landlords fix {damp and mould|the damp} and {enforce it|fine them if they don't}.",
        "Insulate the older {council houses|houses on the estates} so they are cheaper to heat.",
        "Grants for {boilers|new boilers} and insulation for {people on low incomes|pensioners and families}.",
        "Cap rent {increases|rises} in council and housing association homes.",
        "{Faster|Quicker} repairs, people are living with {mould|damp} for months.",
        "{License|Register} {private landlords|every landlord} so the bad ones {get fined|can be stopped}.",
        "{New|Double glazed} windows {in|for} the older {houses|flats} on the estate, the old ones are"
        " {rotten|draughty}.",
        "{Solar panels|Heat pumps} on {social housing|council homes} to bring bills down.",
        "{Inspect|Check} {private rented houses|rentals} {properly|regularly}, don't wait until someone complains.",
        "{Build|We need} more {council|social} houses {that people can actually afford|, proper ones}.",
        "{Protect|Back} tenants who report damp so they {aren't evicted|don't get a notice to quit}.",
        "{Do up|Sort} the {empty|boarded-up} houses {on our street|round here} and let them to families.",
        "Grants for {older homeowners|pensioners} to fix {roofs|boilers} they can't afford to {replace|repair}.",
        "A repairs line that actually {works|gets someone out|gets someone out the same week}.",
        "{Home energy|Energy} {checks|visits} for every {council|rented} home.",
        "{fix|Fix} the {damp|mould} {!!|in our houses}",
        "{Stop|Ban|End} no fault evictions{ for good|, now|}.",
        "{Loans|Help} for {private tenants|renters} to {cover|pay} the deposit so people can move somewhere"
        " {better|warmer}.",
        "{Cavity wall|Loft} insulation {for|on} {every council house|the older estates}{, free|}.",
        "{Stop|Don't let} landlords {evicting|evict} people who complain about {damp|repairs}.",
    ],
}

# Very short answers, the kind a few people type on a phone. Keyed like IMPACT and SUPPORT.
SHORT = {
    "energy": ["heating", "Heating!", "gas and electric", "energy bills", "Electric bills doubled", "Bills bills bills",
               "the heating costs"],
    "food": ["food prices!!", "Food", "food shopping", "Price of food", "Food costs", "cant afford food"],
    "housing": ["rent", "Rent increase", "Rent and damp", "the rent"],
    "debt": ["debt", "In debt", "debts piling up", "Arrears"],
    "children": ["kids costs", "School uniform!", "Kids clothes and shoes"],
    "transport": ["bus fares", "Petrol", "Buses"],
    "mental_health": ["stress", "Anxiety", "Depressed"],
    "work": ["Wages too low", "low pay", "zero hours"],
    "disability": ["PIP", "Disability costs"],
    "older_people": ["pension", "Pensioners forgotten"],
    "council_tax": ["council tax", "Lower council tax", "Council tax!!"],
    "warm_spaces": ["warm spaces", "Warm hubs"],
    "children_food": ["free school meals", "FSM for all"],
    "advice": ["advice", "Benefits advice"],
    "transport_help": ["buses", "Cheaper buses"],
    "food_support": ["food banks", "Pantries"],
    "communication": ["information", "Tell us what's available"],
    "housing_repairs": ["repairs", "Fix the damp"],
}

OPENERS = {
    "impact": [
        "Honestly, ",
        "To be honest ",
        "tbh ",
        "Simply put, ",
        "Well, ",
        "Like everyone else, ",
        "For us, ",
        "In our house, ",
        "Put it this way, ",
        "Where do I start{.|...|!} ",
        "In a word, {badly|terribly|massively}. ",
        "{Massively|Hugely|Badly|Big time}{.|!} ",
        "{It's|It has been|Its been} {hard|tough|awful|a nightmare}. ",
        "The last {year has|two years have|eighteen months have} been {hard|the worst}{.|!} ",
        "{Hard|Difficult} to put into words. ",
        "{Every way|In every way|Every which way} you can think of{.|!} ",
        "Where {to|do you} begin{.|...|?} ",
        "{Very|Really|So} {badly|hard}. ",
    ],
    "support": [
        "Honestly, ",
        "{Anything|Honestly anything|Any help} would help{.|!} ",
        "Where do I {start|even start}{.|...} ",
        "{A few|Some|Lots of} things{.|:|...} ",
        "{Two|A couple of|Three} things{.|:} ",
        "{Simple|It's simple|Easy}{.|, really.|!} ",
        "Well, ",
        "Most of all, ",
        "For me, ",
        "If I'm honest ",
        "tbh ",
        "First thing, ",
        "Realistically, ",
        "{Top of my list|First of all}{,|:} ",
    ],
}
CLOSERS = [
    "Something {has|needs} to change.",
    "{Thank you|Thanks} for {asking|listening|doing this survey}.",
    "Please {listen|listen to us}.",
    "It's not living, it's {surviving|existing}.",
    "We are not the only ones{.|!}",
    "{Everyone|Everybody} {I know|on our street|at work} is the same.",
    "{I|We} just want to {get by|live, not just survive|be able to pay our way}.",
    "{Its|It's} {relentless|never ending|non stop}{!!|}",
    "Something's got to give{!|.}",
    "{I'm at the end of my tether|We're at breaking point|I'm at breaking point}.",
    "It shouldn't be like this {in 2026|in this country|in a rich country}.",
    "Sorry{ for going on|}, it's just {hard|a lot}.",
    "{We're not asking for much|We don't want handouts, just fairness|We're not asking for the world|I'm not after a"
    " handout}.",
    "Nobody {listens|seems to listen|ever listens}.",
    "Please do something{!|.}",
    "I don't know how much longer {we|I} can go on like this.",
    "{It's|It is} {exhausting|soul destroying}.",
    "{Thanks|Ta}.",
    "{Help!|Help us please.}",
    "We need help now, not {next year|more surveys|more talk}.",
    "{I hope|Hope} {someone reads this|this gets read}.",
    "{That's|Thats} {it really|all}.",
]
CONNECTORS = ["And ", "Plus ", "On top of that, ", "Also ", "As well as that, ", "And another thing, "]
TYPOS = [
    (r"\bbecause\b", "cos"), (r"\bbecause\b", "becuase"), (r"\bdon't\b", "dont"), (r"\bcan't\b", "cant"),
    (r"\bit's\b", "its"), (r"\bI'm\b", "im"), (r"\bthere's\b", "theres"), (r"\breally\b", "realy"),
    (r"\bwe're\b", "were"), (r"\bdoesn't\b", "doesnt"), (r"\bthe\b", "teh"), (r"\bafford\b", "aford"),
    (r"\bwon't\b", "wont"), (r"\bI've\b", "ive"), (r"\beveryone\b", "every one"),
]
# Words that keep their capital when the sentence no longer starts the answer.
PROPER = {"I", "UC", "PIP", "ESA", "MS", "COPD", "FSM", "Metro", "Asda", "Aldi", "Lidl", "Tesco", "Morrisons",
          "Christmas", "Sunderland", "Universal", "Citizens", "Band", "Newcastle", "Roker", "Seaburn", "Houghton",
          "Washington", "Hetton", "Seaham", "Hendon", "Pennywell", "Ryhope", "Silksworth", "Grindon",
          "Motability"}

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


def _fill(rng: random.Random, template: str) -> str:
    """Expand "{a|b|c}" alternatives, innermost first, so they can nest."""
    while True:
        m = _ALTERNATIVES.search(template)
        if not m:
            break
        template = template[: m.start()] + rng.choice(m.group(1).split("|")) + template[m.end() :]
    return _TIDY.sub("", template).strip()


def _decap(sentence: str) -> str:
    """Lower-case a sentence's first letter when it no longer starts the answer (but not "I", "UC", "Asda"...)."""
    first = re.split(r"[\s,.'!]", sentence, maxsplit=1)[0]
    if not sentence or first in PROPER or sentence.startswith("I'") or first[1:2].isupper():
        return sentence
    return sentence[0].lower() + sentence[1:]


def _voice(rng: random.Random, sentences: list[str]) -> str:
    """Join an answer's sentences the way people type: mostly tidy, sometimes run-on, lower-case or mistyped."""
    r = rng.random()
    if len(sentences) > 1 and r < 0.10:  # one breathless run-on sentence
        parts = [sentences[0].rstrip(".")] + [_decap(s).rstrip(".") for s in sentences[1:]]
        text = rng.choice([", ", " and ", " "]).join(parts)
    else:
        text = sentences[0]
        for s in sentences[1:]:
            text += " " + (rng.choice(CONNECTORS) + _decap(s) if rng.random() < 0.15 else s)
    if rng.random() < 0.12:
        for pattern, typo in rng.sample(TYPOS, 3):
            text = re.sub(pattern, typo, text, count=1)
    if rng.random() < 0.06:
        text = text.lower()
    r = rng.random()
    if r < 0.08 and text.endswith("."):
        text = text[:-1]
    elif r < 0.11 and text.endswith("."):
        text = text[:-1] + "!!"
    return text


def _answer(
    rng: random.Random, words: random.Random, bank: dict[str, list[str]], deprivation: float, kind: str
) -> str:
    """One open answer. `rng` (the file's generator) decides which themes the respondent raises and whether they
    leave personal data, with exactly the draws the first version of this script made; `words` says it."""
    themes = _pick_themes(rng, bank, deprivation)
    for t in themes:
        rng.randrange(_V1_BANK_SIZES[t])  # the first version's sentence choice, still drawn to keep the stream
    rng.randrange(9), rng.randrange(9)  # ... and its opener and closer
    planted = rng.choice(PLANTED) if rng.random() < 0.06 else ""
    if words.random() < 0.04:
        return ", ".join(words.choice(SHORT[t]) for t in themes) + planted
    sentences = []
    for t in themes:  # one idea per theme, now and then a second on the same theme
        for template in words.sample(bank[t], 2 if words.random() < 0.15 else 1):
            sentences.append(_fill(words, template))
    if words.random() < 0.16:
        opener = _fill(words, words.choice(OPENERS[kind]))
        sentences[0] = opener + " " + (sentences[0] if opener.endswith((".", "?", "!")) else _decap(sentences[0]))
    if words.random() < 0.14:
        sentences.append(_fill(words, words.choice(CLOSERS)))
    return _voice(words, sentences) + planted


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
    start = datetime(2025, 8, 4, 8, 0, 0)
    for i in range(N_RESPONDENTS):
        postcode, rank = rng.choice(POSTCODES)
        deprivation = 1.0 - rank / 32844
        rng.randint(0, 60 * 24 * 27)  # kept so every later draw (postcodes, answers…) stays as it was
        # The listening exercise ran for six months, so theme volumes can be set against monthly CPI.
        began = start + timedelta(minutes=random.Random(f"{SEED}:{i}:date").randint(0, 60 * 24 * 180))
        ended = began + timedelta(minutes=rng.randint(3, 25))
        services = [s if rng.random() < (0.15 + 0.3 * deprivation) else "" for s in SERVICES]
        other = rng.choice(["", "", "", "", "", "Community cafe, youth club", "Baby bank", "Credit union"])
        words = [random.Random(f"{SEED}:{i}:{kind}") for kind in ("impact", "support")]
        q1 = _answer(rng, words[0], IMPACT, deprivation, "impact") if rng.random() > 0.04 else ""
        q2 = _answer(rng, words[1], SUPPORT, deprivation, "support") if rng.random() > 0.12 else ""
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


def variety(rows: list[list[str]]) -> dict[str, dict[str, int]]:
    """Per open question on impact and support: answers, sentences, distinct sentences, and how often the most
    repeated sentence recurs (the planted personal-data sentences are fixed on purpose, so they are left out)."""
    planted = {p.strip() for p in PLANTED}
    out = {}
    for column, label in ((17, "Q4 impact"), (18, "Q5 support")):
        answers = [r[column] for r in rows[2:] if r[column].strip()]
        counts = Counter(s for a in answers for s in _SENTENCE_END.split(a.strip()) if s)
        said = Counter({s: n for s, n in counts.items() if s not in planted})
        out[label] = {"answers": len(answers), "sentences": counts.total(), "distinct": len(counts),
                      "max_repeat": max(said.values()), "repeated_over_3": sum(n > 3 for n in said.values())}
    return out


def main() -> None:
    rows = build()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    print(f"wrote {len(rows) - 2} responses to {OUT}")
    for label, v in variety(rows).items():
        print(f"  {label}: " + ", ".join(f"{k} {n}" for k, n in v.items()))


if __name__ == "__main__":
    main()
